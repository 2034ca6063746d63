#include "index/sqlite_util.hpp"

namespace faqlite::index {

Status status_of(int rc) {
  switch (rc & 0xFF) {
    case SQLITE_NOMEM:
      return Status::kNoMemory;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::kBusy;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::kCorrupt;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_PERM:
      return Status::kIo;
    case SQLITE_READONLY:
      return Status::kReadOnly;
    case SQLITE_TOOBIG:
      return Status::kLimit;
    default:
      return Status::kError;
  }
}

namespace {
// SQLite's "database disk image is malformed" does not tell a user what to do about it.
std::string explain(int rc, std::string msg) {
  // A write into a new file runs under the rollback journal (engine.cpp); a process stopped
  // in the middle leaves that journal behind, and only a writable connection can undo it.
  if (rc == SQLITE_READONLY_ROLLBACK)
    return "the index holds a write that was cut off (" + msg +
           "); open it once without readonly to roll it back";
  if (status_of(rc) != Status::kCorrupt) return msg;
  return "the index file is damaged (" + msg + "); rebuild it from the corpus files";
}
}  // namespace

void check(sqlite3 *db, int rc, const char *what) {
  if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
  std::string msg = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  throw Error(status_of(rc), explain(rc, msg));
}

void exec(sqlite3 *db, const char *sql) {
  char *err = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw Error(status_of(rc), explain(rc, std::string("sqlite: ") + msg));
  }
}

Stmt::Stmt(sqlite3 *db, std::string_view sql) : db_(db) {
  int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  check(db, rc, "preparing a statement");
}

Stmt &Stmt::operator=(Stmt &&o) noexcept {
  if (this != &o) {
    sqlite3_finalize(stmt_);
    db_ = o.db_;
    stmt_ = o.stmt_;
    o.stmt_ = nullptr;
  }
  return *this;
}

Stmt &Stmt::bind(int i, std::string_view text) {
  check(db_,
        sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT),
        "binding");
  return *this;
}
Stmt &Stmt::bind(int i, long long v) {
  check(db_, sqlite3_bind_int64(stmt_, i, v), "binding");
  return *this;
}
Stmt &Stmt::bind_null(int i) {
  check(db_, sqlite3_bind_null(stmt_, i), "binding");
  return *this;
}

bool Stmt::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  check(db_, rc, "sqlite");
  return false;
}

void Stmt::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Stmt::text(int col) const {
  const unsigned char *p = sqlite3_column_text(stmt_, col);
  if (!p) return "";
  return std::string(reinterpret_cast<const char *>(p),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

Transaction::Transaction(sqlite3 *db, bool immediate) : db_(db) {
  exec(db, immediate ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::Transaction(Stmt &begin, Stmt &commit, Stmt &rollback)
    : db_(sqlite3_db_handle(begin.get())), commit_(&commit), rollback_(&rollback) {
  begin.step();
  begin.reset();
}

Transaction::~Transaction() {
  if (done_) return;
  if (rollback_) {
    // Never throws: a destructor may run while an exception is on its way.
    sqlite3_reset(rollback_->get());
    sqlite3_step(rollback_->get());
    sqlite3_reset(rollback_->get());
  } else {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void Transaction::commit() {
  if (commit_) {
    commit_->step();
    commit_->reset();
  } else {
    exec(db_, "COMMIT");
  }
  done_ = true;
}

}  // namespace faqlite::index
