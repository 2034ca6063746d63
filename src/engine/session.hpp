// One SQLite connection with everything a thread needs to use it: the faqlite tokenizer and
// ranking functions registered, analyzers per language, and prepared statements. Sessions are
// pooled by the Engine; a session is used by one thread at a time.
#pragma once

#include <sqlite3.h>

#include <map>
#include <memory>
#include <string>

#include "analysis/analyzer.hpp"
#include "index/sqlite_util.hpp"
#include "index/store.hpp"
#include "search/rank_function.hpp"

namespace faqlite::engine {

class Session {
 public:
  Session(const std::string &path, bool memory, bool readonly, int busy_timeout_ms);
  ~Session();
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;

  sqlite3 *db() const { return db_; }
  index::Store &store() { return *store_; }
  search::RankContext &rank_context() { return rank_ctx_; }
  analysis::Analyzer &analyzer(const std::string &primary_lang);
  // A prepared statement kept for the life of the session, reset and ready to bind.
  index::Stmt &statement(const std::string &sql);

 private:
  sqlite3 *db_ = nullptr;
  search::RankContext rank_ctx_;
  std::unique_ptr<index::Store> store_;
  std::map<std::string, std::unique_ptr<analysis::Analyzer>> analyzers_;
  std::map<std::string, index::Stmt> stmts_;
};

}  // namespace faqlite::engine
