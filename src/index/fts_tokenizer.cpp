#include "index/fts_tokenizer.hpp"

#include <new>
#include <string>
#include <vector>

#include "analysis/analyzer.hpp"
#include "analysis/language.hpp"
#include "base/error.hpp"

// sqlite3.h declares the FTS5 extension API when SQLite is built with it.
#include <sqlite3.h>

namespace faqlite::index {
namespace {

struct Tokenizer {
  Tokenizer(const std::string &lang, TermSink *s) : analyzer(lang), sink(s) {}
  analysis::Analyzer analyzer;
  TermSink *sink;
  std::vector<analysis::Token> scratch;
};

int x_create(void *sink, const char **args, int n_args, Fts5Tokenizer **out) {
  try {
    std::string lang = n_args > 0 ? analysis::primary_language(args[0]) : "und";
    if (lang.empty()) lang = "und";
    *out = reinterpret_cast<Fts5Tokenizer *>(new Tokenizer(lang, static_cast<TermSink *>(sink)));
    return SQLITE_OK;
  } catch (const std::bad_alloc &) {
    return SQLITE_NOMEM;
  } catch (...) {
    return SQLITE_ERROR;
  }
}

void x_delete(Fts5Tokenizer *t) {
  delete reinterpret_cast<Tokenizer *>(t);
}

using TokenFn = int (*)(void *, int, const char *, int, int, int);

int x_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int n, TokenFn emit) {
  try {
    auto *tok = reinterpret_cast<Tokenizer *>(t);
    if ((flags & FTS5_TOKENIZE_QUERY) && n > 0 && text[0] == kTermListMarker) {
      int start = 1;
      for (int i = 1; i <= n; ++i) {
        if (i == n || text[i] == kTermListMarker) {
          if (i > start) {
            int rc = emit(ctx, 0, text + start, i - start, start, i);
            if (rc != SQLITE_OK) return rc;
          }
          start = i + 1;
        }
      }
      return SQLITE_OK;
    }
    const std::string_view doc(text, n > 0 ? static_cast<size_t>(n) : 0);
    TermSink *sink =
        (flags & FTS5_TOKENIZE_DOCUMENT) && tok->sink && tok->sink->recording ? tok->sink : nullptr;
    if (sink) sink->begin_column();
    // Tokens made ahead by the same analyzer class for this very text, or made now.
    const std::vector<analysis::Token> *tokens =
        sink ? sink->replay(tok->analyzer.lang(), doc) : nullptr;
    if (!tokens) {
      tok->analyzer.tokens(doc, tok->scratch);
      tokens = &tok->scratch;
    }
    for (const auto &k : *tokens) {
      if (sink) sink->add(k.term, k.start, k.end, k.colocated);
      int rc = emit(ctx, k.colocated ? FTS5_TOKEN_COLOCATED : 0, k.term.data(),
                    static_cast<int>(k.term.size()), k.start, k.end);
      if (rc != SQLITE_OK) return rc;
    }
    return SQLITE_OK;
  } catch (const std::bad_alloc &) {
    return SQLITE_NOMEM;
  } catch (...) {
    return SQLITE_ERROR;
  }
}

}  // namespace

fts5_api *fts5_api_of(sqlite3 *db) {
  fts5_api *api = nullptr;
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(stmt, 1, reinterpret_cast<void *>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return api;
}

void register_fts_tokenizer(sqlite3 *db, TermSink *sink) {
  fts5_api *api = fts5_api_of(db);
  if (!api || api->iVersion < 2)
    throw Error(Status::kError, "this SQLite library has no FTS5 (version 2 API needed)");
  static fts5_tokenizer tokenizer = {x_create, x_delete, x_tokenize};
  int rc = api->xCreateTokenizer(api, "faqlite", sink, &tokenizer, nullptr);
  if (rc != SQLITE_OK) throw Error(Status::kError, "cannot register the faqlite FTS5 tokenizer");
}

}  // namespace faqlite::index
