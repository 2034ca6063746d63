// Checks shared by the harnesses. A broken invariant aborts, which libFuzzer reports as a crash
// and saves the input that caused it.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "faqlite.h"

namespace fuzz {

[[noreturn]] inline void die(const char *what, const std::string &detail) {
  std::fprintf(stderr, "fuzz invariant broken: %s: %s\n", what, detail.c_str());
  std::abort();
}

inline bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// A failure must come with a known code and a message, and the message must not be an SQLite
// error (an FTS5 or SQL error reaching the caller means input was not kept as data). SQLite errors
// carry the prefixes of index/sqlite_util; faqlite's own messages may quote the input, which can
// hold any word, so only the prefix is telling.
inline void check_failure(int rc, const char *call) {
  std::string msg = faqlite_last_error();
  if (faqlite_last_error_code() != rc) die(call, "last_error_code differs from the returned code");
  if (msg.empty()) die(call, "failure without a message");
  for (const char *p : {"sqlite", "preparing a statement", "binding", "reading the index", "fts5"})
    if (starts_with(msg, p)) die(call, "SQL/FTS5 error reached the caller: " + msg);
}

// Codes that say the library itself failed (not the input): never expected from these harnesses.
inline bool is_internal_failure(int rc) {
  return rc == FAQLITE_ERROR || rc == FAQLITE_ENOMEM || rc == FAQLITE_ECORRUPT ||
         rc == FAQLITE_EIO || rc == FAQLITE_EBUSY || rc == FAQLITE_EVERSION ||
         rc == FAQLITE_EREADONLY || rc > 0 || rc < FAQLITE_EREADONLY;
}

inline void expect_no_internal_failure(int rc, const char *call) {
  if (rc == FAQLITE_OK) return;
  check_failure(rc, call);
  if (is_internal_failure(rc))
    die(call, std::string(faqlite_strerror(rc)) + ": " + faqlite_last_error());
}

// Fails the run when the library could not even be set up (not an input problem).
inline void require_ok(int rc, const char *call) {
  if (rc != FAQLITE_OK) die(call, faqlite_last_error());
}

// One in-memory engine per fuzzer process: opening one per input would hide state that builds up
// across calls, which is what a long-running application has.
inline faqlite_engine *memory_engine() {
  static faqlite_engine *e = [] {
    faqlite_engine *x = nullptr;
    require_ok(faqlite_open(":memory:", nullptr, &x), "open");
    return x;
  }();
  return e;
}

}  // namespace fuzz
