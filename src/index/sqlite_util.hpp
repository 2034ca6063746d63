// Small RAII helpers over the SQLite C API; errors become faqlite::Error with SQLite's message.
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>

#include "base/error.hpp"

namespace faqlite::index {

// Maps an SQLite result code to a faqlite status.
Status status_of(int sqlite_rc);

// Throws Error when rc is not SQLITE_OK/ROW/DONE; `what` says what was being done.
void check(sqlite3 *db, int rc, const char *what);

void exec(sqlite3 *db, const char *sql);

class Stmt {
 public:
  Stmt() = default;
  Stmt(sqlite3 *db, std::string_view sql);
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(Stmt &&o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Stmt &operator=(Stmt &&o) noexcept;
  Stmt(const Stmt &) = delete;
  Stmt &operator=(const Stmt &) = delete;

  explicit operator bool() const { return stmt_ != nullptr; }
  sqlite3_stmt *get() const { return stmt_; }

  Stmt &bind(int i, std::string_view text);
  Stmt &bind(int i, long long v);
  Stmt &bind_null(int i);
  // Steps once: true for a row, false when done; throws on error.
  bool step();
  void reset();
  std::string text(int col) const;
  long long int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  sqlite3 *db_ = nullptr;
  sqlite3_stmt *stmt_ = nullptr;
};

// A borrowed cached statement that is reset when it goes out of scope, so no half-read query
// keeps a read snapshot open.
class StmtUse {
 public:
  explicit StmtUse(Stmt &s) : s_(s) {}
  ~StmtUse() { s_.reset(); }
  StmtUse(const StmtUse &) = delete;
  StmtUse &operator=(const StmtUse &) = delete;
  StmtUse &bind(int i, std::string_view t) {
    s_.bind(i, t);
    return *this;
  }
  StmtUse &bind(int i, long long v) {
    s_.bind(i, v);
    return *this;
  }
  StmtUse &bind_null(int i) {
    s_.bind_null(i);
    return *this;
  }
  bool step() { return s_.step(); }
  void reset() { s_.reset(); }
  std::string text(int c) const { return s_.text(c); }
  long long int64(int c) const { return s_.int64(c); }
  double real(int c) const { return s_.real(c); }
  bool is_null(int c) const { return s_.is_null(c); }
  sqlite3_stmt *get() const { return s_.get(); }

 private:
  Stmt &s_;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back unless commit() was called.
class Transaction {
 public:
  Transaction(sqlite3 *db, bool immediate);
  // A deferred transaction through statements the caller keeps prepared ("BEGIN", "COMMIT",
  // "ROLLBACK"): every question opens one, and preparing the two each time cost more than
  // running them.
  Transaction(Stmt &begin, Stmt &commit, Stmt &rollback);
  ~Transaction();
  void commit();

 private:
  sqlite3 *db_;
  Stmt *commit_ = nullptr, *rollback_ = nullptr;
  bool done_ = false;
};

}  // namespace faqlite::index
