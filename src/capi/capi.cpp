// The C API: thin shims over engine::Engine. Every function catches everything, turns it into a
// result code plus a thread-local message, and never lets an exception out.
#include "faqlite.h"

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <string>

#include "analysis/analyzer.hpp"
#include "base/error.hpp"
#include "engine/engine.hpp"
#include "index/corpus_check.hpp"
#include "index/guide_import.hpp"
#include "index/store.hpp"

struct faqlite_engine {
  std::unique_ptr<faqlite::engine::Engine> impl;
};

struct faqlite_result {
  faqlite::engine::Result r;
  // The JSON is written on the first faqlite_result_json() call: an application that reads the
  // answers through the accessors never pays for it (about a tenth of a question at 1k entries).
  mutable std::once_flag json_once;
};

namespace {

using faqlite::Error;
using faqlite::Status;

thread_local std::string t_error;
thread_local int t_error_code = FAQLITE_OK;

int set_error(int code, const std::string &msg) {
  t_error_code = code;
  try {
    t_error = msg;
  } catch (...) {
    t_error.clear();
  }
  return code;
}

void clear_error() {
  t_error_code = FAQLITE_OK;
  t_error.clear();
}

template <typename F>
int guarded(F &&f) noexcept {
  try {
    clear_error();
    f();
    return FAQLITE_OK;
  } catch (const Error &e) {
    return set_error(static_cast<int>(e.status()), e.what());
  } catch (const std::bad_alloc &) {
    return set_error(FAQLITE_ENOMEM, "out of memory");
  } catch (const std::exception &e) {
    return set_error(FAQLITE_ERROR, e.what());
  } catch (...) {
    return set_error(FAQLITE_ERROR, "unknown internal error");
  }
}

int invalid(const char *msg) {
  return set_error(FAQLITE_EINVAL, msg);
}

std::string_view text_arg(const char *p, long len) {
  if (len < 0) return std::string_view(p);
  return std::string_view(p, static_cast<size_t>(len));
}

// Copies `s` into a malloc'd, NUL-terminated buffer the caller frees with faqlite_free.
char *dup_out(const std::string &s) {
  char *p = static_cast<char *>(std::malloc(s.size() + 1));
  if (!p) throw std::bad_alloc();
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

const faqlite::engine::Answer *answer_at(const faqlite_result *r, size_t i) {
  if (!r || i >= r->r.answers.size()) return nullptr;
  return &r->r.answers[i];
}

}  // namespace

extern "C" {

int faqlite_version_number(void) {
  return FAQLITE_VERSION_NUMBER;
}
const char *faqlite_version_string(void) {
  return FAQLITE_VERSION_STRING;
}

const char *faqlite_analyzer_fingerprint(void) {
  static const std::string fp = [] {
    try {
      return faqlite::index::Store::fingerprint();
    } catch (...) {
      return std::string("unavailable");
    }
  }();
  return fp.c_str();
}

const char *faqlite_strerror(int rc) {
  switch (rc) {
    case FAQLITE_OK:
      return "not an error";
    case FAQLITE_ERROR:
      return "error";
    case FAQLITE_EINVAL:
      return "invalid argument";
    case FAQLITE_ENOMEM:
      return "out of memory";
    case FAQLITE_ENOTFOUND:
      return "not found";
    case FAQLITE_EEXISTS:
      return "already exists";
    case FAQLITE_ECORRUPT:
      return "not a faqlite index, or damaged";
    case FAQLITE_EVERSION:
      return "index version not supported";
    case FAQLITE_EIO:
      return "input/output error";
    case FAQLITE_EBUSY:
      return "index busy";
    case FAQLITE_ELIMIT:
      return "limit exceeded";
    case FAQLITE_EFORMAT:
      return "malformed corpus";
    case FAQLITE_EREADONLY:
      return "read-only engine";
    default:
      return "unknown result code";
  }
}

const char *faqlite_last_error(void) {
  return t_error.c_str();
}
int faqlite_last_error_code(void) {
  return t_error_code;
}

void faqlite_free(void *p) {
  std::free(p);
}

int faqlite_open(const char *path, const char *options_json, faqlite_engine **out) {
  if (!out) return invalid("faqlite_open: out is NULL");
  *out = nullptr;
  if (!path) return invalid("faqlite_open: path is NULL");
  return guarded([&] {
    auto opt = faqlite::engine::parse_engine_options(options_json);
    auto e = std::make_unique<faqlite_engine>();
    e->impl = std::make_unique<faqlite::engine::Engine>(path, opt);
    *out = e.release();
  });
}

void faqlite_close(faqlite_engine *engine) {
  try {
    delete engine;
  } catch (...) {
  }
}

int faqlite_index_paths(faqlite_engine *engine, const char *const *paths, size_t n_paths,
                        const char *options_json, faqlite_progress_fn progress, void *payload) {
  if (!engine) return invalid("faqlite_index_paths: engine is NULL");
  if (!paths && n_paths) return invalid("faqlite_index_paths: paths is NULL");
  return guarded([&] {
    std::vector<std::string> v;
    for (size_t i = 0; i < n_paths; ++i) {
      if (!paths[i])
        throw Error(Status::kInvalid,
                    "faqlite_index_paths: paths[" + std::to_string(i) + "] is NULL");
      v.emplace_back(paths[i]);
    }
    faqlite::engine::ProgressFn fn;
    if (progress)
      fn = [&](const std::string &src, size_t done, size_t total) {
        return progress(src.c_str(), done, total, payload) == 0;
      };
    engine->impl->index_paths(v, faqlite::engine::parse_index_options(options_json), fn);
  });
}

int faqlite_index_text(faqlite_engine *engine, const char *text, long len, const char *source_name,
                       const char *options_json) {
  if (!engine) return invalid("faqlite_index_text: engine is NULL");
  if (!text) return invalid("faqlite_index_text: text is NULL");
  return guarded([&] {
    engine->impl->index_text(text_arg(text, len), source_name ? source_name : "<text>",
                             faqlite::engine::parse_index_options(options_json));
  });
}

int faqlite_put(faqlite_engine *engine, const char *entry_json, long len, int replace) {
  if (!engine) return invalid("faqlite_put: engine is NULL");
  if (!entry_json) return invalid("faqlite_put: entry_json is NULL");
  return guarded([&] { engine->impl->put(text_arg(entry_json, len), replace != 0); });
}

int faqlite_delete(faqlite_engine *engine, const char *id, const char *lang) {
  if (!engine) return invalid("faqlite_delete: engine is NULL");
  if (!id) return invalid("faqlite_delete: id is NULL");
  return guarded([&] { engine->impl->remove(id, lang ? lang : ""); });
}

int faqlite_rebuild(faqlite_engine *engine) {
  if (!engine) return invalid("faqlite_rebuild: engine is NULL");
  return guarded([&] { engine->impl->rebuild(); });
}

int faqlite_get(faqlite_engine *engine, const char *id, const char *lang, char **json_out) {
  if (json_out) *json_out = nullptr;
  if (!engine || !id || !json_out)
    return invalid("faqlite_get: engine, id and json_out are required");
  return guarded([&] { *json_out = dup_out(engine->impl->get(id, lang ? lang : "")); });
}

int faqlite_stats(faqlite_engine *engine, char **json_out) {
  if (json_out) *json_out = nullptr;
  if (!engine || !json_out) return invalid("faqlite_stats: engine and json_out are required");
  return guarded([&] { *json_out = dup_out(engine->impl->stats()); });
}

int faqlite_analyze(faqlite_engine *engine, const char *text, long len, const char *lang,
                    int for_query, char **json_out) {
  if (json_out) *json_out = nullptr;
  if (!text || !json_out) return invalid("faqlite_analyze: text and json_out are required");
  return guarded([&] {
    (void)engine;  // analysis needs no index
    *json_out = dup_out(
        faqlite::engine::Engine::analyze(text_arg(text, len), lang ? lang : "", for_query != 0));
  });
}

int faqlite_unanswered(faqlite_engine *engine, int limit, char **json_out) {
  if (json_out) *json_out = nullptr;
  if (!engine || !json_out) return invalid("faqlite_unanswered: engine and json_out are required");
  return guarded([&] { *json_out = dup_out(engine->impl->unanswered(limit)); });
}

int faqlite_ask(faqlite_engine *engine, const char *question, long len, const char *options_json,
                faqlite_result **out) {
  if (out) *out = nullptr;
  if (!engine) return invalid("faqlite_ask: engine is NULL");
  if (!question) return invalid("faqlite_ask: question is NULL");
  if (!out) return invalid("faqlite_ask: out is NULL");
  return guarded([&] {
    auto opt = faqlite::engine::parse_ask_options(options_json, engine->impl->options());
    auto res = std::make_unique<faqlite_result>();
    res->r = engine->impl->ask(text_arg(question, len), opt);
    *out = res.release();
  });
}

void faqlite_result_free(faqlite_result *result) {
  delete result;
}

const char *faqlite_result_json(const faqlite_result *r) {
  if (!r) return nullptr;
  try {
    // The result is never created const; rendering only fills its json member, once.
    std::call_once(r->json_once,
                   [r] { faqlite::engine::render_json(const_cast<faqlite_result *>(r)->r); });
  } catch (const std::bad_alloc &) {
    set_error(FAQLITE_ENOMEM, "out of memory while writing the result JSON");
    return nullptr;
  } catch (...) {
    set_error(FAQLITE_ERROR, "the result JSON could not be written");
    return nullptr;
  }
  return r->r.json.c_str();
}

int faqlite_result_outcome(const faqlite_result *r) {
  return r ? static_cast<int>(r->r.outcome) : FAQLITE_OUTCOME_FALLBACK;
}

size_t faqlite_result_count(const faqlite_result *r) {
  return r ? r->r.answers.size() : 0;
}

const char *faqlite_result_id(const faqlite_result *r, size_t i) {
  auto a = answer_at(r, i);
  return a ? a->entry->id.c_str() : nullptr;
}
const char *faqlite_result_lang(const faqlite_result *r, size_t i) {
  auto a = answer_at(r, i);
  return a ? a->entry->lang.c_str() : nullptr;
}
const char *faqlite_result_question(const faqlite_result *r, size_t i) {
  auto a = answer_at(r, i);
  return a ? a->entry->question.c_str() : nullptr;
}
const char *faqlite_result_answer(const faqlite_result *r, size_t i) {
  auto a = answer_at(r, i);
  return a ? a->entry->answer.c_str() : nullptr;
}
const char *faqlite_result_snippet(const faqlite_result *r, size_t i) {
  auto a = answer_at(r, i);
  return a ? a->snippet.c_str() : nullptr;
}
double faqlite_result_score(const faqlite_result *r, size_t i) {
  auto a = answer_at(r, i);
  return a ? a->score : -1.0;
}
double faqlite_result_confidence(const faqlite_result *r, size_t i) {
  auto a = answer_at(r, i);
  return a ? a->confidence : -1.0;
}
const char *faqlite_result_fallback(const faqlite_result *r) {
  if (!r || r->r.outcome != faqlite::engine::Outcome::kFallback) return nullptr;
  return r->r.fallback.c_str();
}

int faqlite_import_text(const char *text, long len, const char *options_json,
                        char **corpus_json_out, char **report_json_out) {
  if (corpus_json_out) *corpus_json_out = nullptr;
  if (report_json_out) *report_json_out = nullptr;
  if (!text) return invalid("faqlite_import_text: text is NULL");
  return guarded([&] {
    auto opt = faqlite::index::parse_import_options(options_json);
    auto r = faqlite::index::import_guide(text_arg(text, len), opt);
    char *corpus = corpus_json_out ? dup_out(r.corpus_json) : nullptr;
    try {
      if (report_json_out) *report_json_out = dup_out(r.report_json);
    } catch (...) {
      std::free(corpus);
      throw;
    }
    if (corpus_json_out) *corpus_json_out = corpus;
  });
}

int faqlite_check_paths(const char *const *paths, size_t n_paths, const char *options_json,
                        char **report_json_out) {
  if (report_json_out) *report_json_out = nullptr;
  if (!paths && n_paths) return invalid("faqlite_check_paths: paths is NULL");
  size_t errors = 0;
  int rc = guarded([&] {
    auto opt = faqlite::index::parse_check_options(options_json);
    std::vector<std::string> v;
    for (size_t i = 0; i < n_paths; ++i) {
      if (!paths[i])
        throw Error(Status::kInvalid,
                    "faqlite_check_paths: paths[" + std::to_string(i) + "] is NULL");
      v.emplace_back(paths[i]);
    }
    auto r = faqlite::index::check_corpus_paths(v, opt);
    errors = r.errors;
    if (report_json_out) *report_json_out = dup_out(r.json);
  });
  if (rc != FAQLITE_OK || errors == 0) return rc;
  return set_error(FAQLITE_EFORMAT, std::to_string(errors) + " problem" + (errors == 1 ? "" : "s") +
                                        " found in the corpus files (see the report)");
}

}  // extern "C"
