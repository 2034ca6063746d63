// Crash safety with real processes: `faqlite index` is killed with SIGKILL at random moments while
// it rebuilds an index file, again and again, and after every kill the index must open and answer
// from the last committed state: the version before the killed run, or the killed run's own
// version when its commit landed before the signal. Never a mix, never an unreadable file.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_helpers.hpp"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Entry counts differ between versions, so a half-written version cannot pass for a whole one.
int entries_of(int version) {
  return 1500 + 37 * (version % 9);
}

void write_corpus(const std::string &dir, int version) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  // Two files, so that a kill can also land between reading one file and the next.
  std::ofstream a(dir + "/a.jsonl"), b(dir + "/b.jsonl");
  for (int k = 0; k < entries_of(version); ++k) {
    std::ofstream &out = k % 2 ? b : a;
    out << "{\"id\": \"e" << k << "\", \"question\": \"How do I configure feature " << k
        << " of the billing module?\", \"answer\": \"Round " << version
        << ": open billing, then feature " << k << ".\", \"tags\": [\"v" << version << "\"]}\n";
  }
}

struct Child {
  pid_t pid = -1;
};

Child spawn_index(const std::string &db, const std::string &dir) {
  Child c;
  c.pid = ::fork();
  REQUIRE(c.pid >= 0);
  if (c.pid == 0) {
    int devnull = ::open("/dev/null", O_WRONLY);
    if (devnull >= 0) {
      ::dup2(devnull, 1);
      ::dup2(devnull, 2);
    }
    const char *argv[] = {FAQLITE_CLI, "index",     "--db", db.c_str(),
                          "--replace", dir.c_str(), nullptr};
    ::execv(FAQLITE_CLI, const_cast<char *const *>(argv));
    ::_exit(127);
  }
  return c;
}

// Waits for the child; true when it exited by itself with status 0.
bool finished_ok(pid_t pid, int *signal_out) {
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  *signal_out = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// The version the index answers from, after checking that every sampled entry agrees with it.
int committed_version(const std::string &db, const char *opts) {
  test::Engine e(db, opts);
  INFO("open " << db << " " << (opts ? opts : "") << ": " << faqlite_last_error());
  REQUIRE(e.e);
  char *out = nullptr;
  REQUIRE(faqlite_stats(e, &out) == FAQLITE_OK);
  const long long count = json::parse(out)["entries"].get<long long>();
  faqlite_free(out);

  json j = test::ask(e, "configure feature 7 of the billing module", "{\"k\": 3}");
  INFO(j.dump());
  REQUIRE_FALSE(j.contains("error"));
  REQUIRE(test::top_id(j) == "e7");
  const std::string answer = j["answers"][0]["answer"];
  REQUIRE(answer.rfind("Round ", 0) == 0);
  const int version = std::stoi(answer.substr(6));
  REQUIRE(count == entries_of(version));
  // Every entry of that version is there with that version's text.
  for (int k = 0; k < entries_of(version); k += 13) {
    const std::string id = "e" + std::to_string(k);
    REQUIRE(faqlite_get(e, id.c_str(), nullptr, &out) == FAQLITE_OK);
    const std::string a = json::parse(out)["answer"];
    faqlite_free(out);
    REQUIRE(a.rfind("Round " + std::to_string(version) + ":", 0) == 0);
  }
  return version;
}

}  // namespace

TEST_CASE("faqlite index killed at random moments leaves the last committed index",
          "[crash][process]") {
  const std::string db = test::temp_path("crash.db");
  const std::string dir = test::temp_path("crash-corpus");
  for (const char *s : {"", "-wal", "-shm", "-journal"}) fs::remove(db + s);

  // Version 0 runs to the end; its duration sets the range of the kill moments.
  write_corpus(dir, 0);
  const auto t0 = std::chrono::steady_clock::now();
  int sig = 0;
  REQUIRE(finished_ok(spawn_index(db, dir).pid, &sig));
  const auto full_us =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  REQUIRE(committed_version(db, nullptr) == 0);

  std::mt19937 rng(20261127);  // a fixed seed: the same kill schedule on every run
  int committed = 0, killed = 0, completed = 0, advanced = 0;
  for (int round = 1; round <= 20; ++round) {
    INFO("round " << round);
    write_corpus(dir, round);
    // Anywhere from process start to past the expected end (replacing takes longer than creating).
    const long delay_us = static_cast<long>(rng() % static_cast<unsigned long>(full_us * 2 + 1));
    Child c = spawn_index(db, dir);
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
    ::kill(c.pid, SIGKILL);
    const bool ok = finished_ok(c.pid, &sig);
    if (ok) ++completed;
    if (sig == SIGKILL) ++killed;

    // A read-only open first (it must cope with the leftover WAL), then a normal one.
    const int ro = committed_version(db, "{\"readonly\": true}");
    const int rw = committed_version(db, nullptr);
    REQUIRE(ro == rw);
    if (ok)
      REQUIRE(rw == round);
    else
      REQUIRE((rw == committed || rw == round));
    if (rw == round) ++advanced;
    committed = rw;
  }
  std::fprintf(stderr,
               "crash test: 20 rounds: %d killed, %d exited first, %d reached their commit; a full "
               "run took %lld us\n",
               killed, completed, advanced, static_cast<long long>(full_us));
  fs::remove_all(dir);
  for (const char *s : {"", "-wal", "-shm", "-journal"}) fs::remove(db + s);
}
