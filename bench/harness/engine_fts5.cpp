// The plain SQLite FTS5 baseline: the stock unicode61 tokenizer and bm25, one table per language,
// the question's words quoted and OR-ed. This is what an application gets from SQLite without
// faqlite; Chinese and Japanese questions mostly miss because unicode61 does not segment them.
#include <sqlite3.h>

#include <map>
#include <stdexcept>
#include <string>

#include "harness/engine.hpp"

namespace faqlite::bench {
namespace {

void check(sqlite3 *db, int rc, const std::string &what) {
  if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
    throw std::runtime_error(what + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

void exec(sqlite3 *db, const std::string &sql) {
  check(db, sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), sql);
}

sqlite3_stmt *prepare(sqlite3 *db, const std::string &sql) {
  sqlite3_stmt *st = nullptr;
  check(db, sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr), sql);
  return st;
}

void bind(sqlite3_stmt *st, int i, const std::string &s) {
  sqlite3_bind_text(st, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
}

// Punctuation that separates words in the generated questions besides ASCII.
bool separator_at(const std::string &s, size_t i, size_t *len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    *len = 1;
    return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
             c == '\'');
  }
  for (const char *p : {"？", "。", "、", "，", "！", "¿", "¡"}) {
    size_t n = std::char_traits<char>::length(p);
    if (s.compare(i, n, p) == 0) {
      *len = n;
      return true;
    }
  }
  *len = 1;
  return false;
}

// "how do I reset?" -> "how" OR "do" OR "i" OR "reset"
std::string or_query(const std::string &q) {
  std::string out, word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!out.empty()) out += " OR ";
    out += '"';
    for (char c : word) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
    word.clear();
  };
  for (size_t i = 0; i < q.size();) {
    size_t n = 1;
    if (separator_at(q, i, &n))
      flush();
    else
      word.append(q, i, n);
    i += n;
  }
  flush();
  return out;
}

class Fts5Searcher : public Searcher {
 public:
  explicit Fts5Searcher(const std::string &path) {
    check(db_,
          sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr),
          "open " + path);
    for (const auto &l : bench_languages()) {
      const std::string t = "fts_" + l;
      stmts_[l] =
          prepare(db_, "SELECT id, answer FROM " + t + " WHERE " + t + " MATCH ?1 ORDER BY bm25(" +
                           t + ", 0, 2.0, 2.0, 1.0, 1.0) LIMIT ?2");
    }
  }
  ~Fts5Searcher() override {
    for (auto &kv : stmts_) sqlite3_finalize(kv.second);
    sqlite3_close_v2(db_);
  }
  std::vector<std::string> search(const BenchQuestion &q, int k) override {
    std::vector<std::string> ids;
    auto it = stmts_.find(q.lang);
    if (it == stmts_.end()) return ids;
    const std::string match = or_query(q.text);
    if (match.empty()) return ids;
    sqlite3_stmt *st = it->second;
    bind(st, 1, match);
    sqlite3_bind_int(st, 2, k);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      ids.emplace_back(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)));
      if (!sqlite3_column_text(st, 1)) throw std::runtime_error("fts5: no answer");
    }
    sqlite3_reset(st);
    check(db_, rc, "fts5 query");
    return ids;
  }

 private:
  sqlite3 *db_ = nullptr;
  std::map<std::string, sqlite3_stmt *> stmts_;
};

class Fts5Engine : public Engine {
 public:
  std::string name() const override { return "fts5"; }

  void build(const std::string &corpus, const std::string &path) override {
    sqlite3 *db = nullptr;
    check(db, sqlite3_open(path.c_str(), &db), "open " + path);
    // The same journal settings faqlite uses, so the build times compare the indexing.
    exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; BEGIN");
    std::map<std::string, sqlite3_stmt *> ins;
    for (const auto &l : bench_languages()) {
      const std::string t = "fts_" + l;
      exec(db, "CREATE VIRTUAL TABLE " + t +
                   " USING fts5(id UNINDEXED, question, alternates, title, answer, "
                   "tokenize='unicode61')");
      ins[l] = prepare(db, "INSERT INTO " + t +
                               "(id, question, alternates, title, answer) VALUES(?1,?2,?3,?4,?5)");
    }
    for_each_entry(corpus, [&](const CorpusEntry &e) {
      sqlite3_stmt *st = ins.at(e.lang);
      const std::string title = e.title + "\n" + e.section;
      bind(st, 1, e.id);
      bind(st, 2, e.question);
      bind(st, 3, e.alternates);
      bind(st, 4, title);
      bind(st, 5, e.answer);
      int rc = sqlite3_step(st);
      sqlite3_reset(st);
      check(db, rc, "fts5 insert");
    });
    for (auto &kv : ins) sqlite3_finalize(kv.second);
    exec(db, "COMMIT");
    check(db, sqlite3_close(db), "close");
  }

  void open(const std::string &path) override { path_ = path; }
  std::unique_ptr<Searcher> searcher() override { return std::make_unique<Fts5Searcher>(path_); }
  void close() override {}

 private:
  std::string path_;
};

}  // namespace

std::unique_ptr<Engine> make_fts5_engine() {
  return std::make_unique<Fts5Engine>();
}

}  // namespace faqlite::bench
