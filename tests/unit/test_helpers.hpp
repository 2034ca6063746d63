// Helpers shared by the Catch2 tests: RAII over the C API and result JSON access.
#pragma once

#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "faqlite.h"

namespace test {

struct Engine {
  faqlite_engine *e = nullptr;
  explicit Engine(const std::string &path = ":memory:", const char *opts = nullptr) {
    int rc = faqlite_open(path.c_str(), opts, &e);
    if (rc != FAQLITE_OK) {
      std::fprintf(stderr, "open failed: %s\n", faqlite_last_error());
      e = nullptr;
    }
  }
  ~Engine() { faqlite_close(e); }
  Engine(const Engine &) = delete;
  Engine &operator=(const Engine &) = delete;
  operator faqlite_engine *() const { return e; }
};

inline std::string data(const std::string &rel) {
  return std::string(FAQLITE_TEST_DATA) + "/" + rel;
}

// The question lines of tests/eval/*.jsonl whose file name starts with `prefix`, files in name
// order.
inline std::vector<nlohmann::json> eval_items(const std::string &prefix = "") {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const auto &f : fs::directory_iterator(fs::path(FAQLITE_TEST_DATA).parent_path() / "eval"))
    if (f.path().extension() == ".jsonl" && f.path().filename().string().rfind(prefix, 0) == 0)
      files.push_back(f.path());
  std::sort(files.begin(), files.end());
  std::vector<nlohmann::json> out;
  for (const auto &f : files) {
    std::ifstream in(f);
    std::string line;
    while (std::getline(in, line))
      if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  }
  return out;
}

inline int index_path(faqlite_engine *e, const std::string &path, const char *opts = nullptr) {
  const char *p[] = {path.c_str()};
  return faqlite_index_paths(e, p, 1, opts, nullptr, nullptr);
}

// Asks and returns the parsed JSON result (or {"error": message, "rc": code}).
inline nlohmann::json ask(faqlite_engine *e, const std::string &q, const std::string &opts = "") {
  faqlite_result *r = nullptr;
  int rc = faqlite_ask(e, q.data(), static_cast<long>(q.size()),
                       opts.empty() ? nullptr : opts.c_str(), &r);
  if (rc != FAQLITE_OK) return {{"error", faqlite_last_error()}, {"rc", rc}};
  nlohmann::json j = nlohmann::json::parse(faqlite_result_json(r));
  faqlite_result_free(r);
  return j;
}

inline std::string top_id(const nlohmann::json &j) {
  if (!j.contains("answers") || j["answers"].empty()) return "";
  return j["answers"][0]["id"].get<std::string>();
}

// Runs `sql` on the index file at `path` with a plain SQLite connection (to damage it on
// purpose); the number of rows it changed, or -1 when it could not run.
inline int exec_on_file(const std::string &path, const char *sql) {
  sqlite3 *db = nullptr;
  int changes = -1;
  if (sqlite3_open(path.c_str(), &db) == SQLITE_OK &&
      sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK)
    changes = sqlite3_changes(db);
  sqlite3_close(db);
  return changes;
}

// Removes an index file with its write-ahead log, shared-memory and rollback journal files.
inline void remove_index(const std::string &path) {
  for (const char *suffix : {"", "-wal", "-shm", "-journal"})
    std::filesystem::remove(path + suffix);
}

inline std::string temp_path(const std::string &name) {
  return "/tmp/faqlite-test-" + std::to_string(::getpid()) + "-" + name;
}

struct Command {
  int code;  // the exit status, or -1 when the process did not exit normally
  std::string out;
};

// Runs a shell command and collects its standard output.
inline Command run_command(const std::string &cmd) {
  FILE *p = popen(cmd.c_str(), "r");
  if (!p) return {-1, ""};
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int st = pclose(p);
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
}

}  // namespace test
