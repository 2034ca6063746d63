// Concurrency stress: several threads ask while one thread adds, replaces, deletes and rebuilds.
//
// Every write carries a version marker in the entries' text. A result must come from one committed
// version of the index (all base entries in it carry the same version), never go back in time
// for a thread, and every call must succeed. Counts are bounded by iterations, not by time;
// FAQLITE_STRESS_ROUNDS and FAQLITE_STRESS_READERS scale the run up for a long soak.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "test_helpers.hpp"

using nlohmann::json;

namespace {

constexpr int kBaseEntries = 12;

int env_int(const char *name, int fallback) {
  const char *v = std::getenv(name);
  if (!v || !*v) return fallback;
  int n = std::atoi(v);
  return n > 0 ? n : fallback;
}

// The number after `tag` in `text`, or -1.
long marker(const std::string &text, const std::string &tag) {
  size_t at = text.find(tag);
  if (at == std::string::npos) return -1;
  return std::strtol(text.c_str() + at + tag.size(), nullptr, 10);
}

std::string base_corpus(int version) {
  std::string lines;
  for (int i = 0; i < kBaseEntries; ++i)
    lines += "{\"id\": \"base-" + std::to_string(i) +
             "\", \"question\": \"How do I configure the billing module option " +
             std::to_string(i) + "?\", \"answer\": \"Version " + std::to_string(version) +
             ": open billing, option " + std::to_string(i) + ".\", \"tags\": [\"base\"]}\n";
  return lines;
}

std::string extra_entry(int slot, int revision) {
  const std::string r = std::to_string(revision), s = std::to_string(slot);
  return "{\"id\": \"extra-" + s + "\", \"question\": \"Which extra billing setting " + s +
         " is revision " + r + "?\", \"answer\": \"Extra " + s + " revision " + r +
         " of the billing module.\"}";
}

// Failures are collected, not asserted, inside threads: Catch2 assertions are not thread-safe.
struct Failures {
  std::mutex mu;
  std::vector<std::string> list;
  void add(const std::string &what) {
    std::lock_guard<std::mutex> lock(mu);
    if (list.size() < 20) list.push_back(what);
  }
};

void writer(faqlite_engine *e, int rounds, Failures &f, std::atomic<int> &committed) {
  auto check = [&](int rc, const char *call, int round) {
    if (rc != FAQLITE_OK)
      f.add(std::string("writer ") + call + " round " + std::to_string(round) + ": " +
            faqlite_last_error());
  };
  for (int r = 1; r <= rounds; ++r) {
    // A whole new version of the base entries in one transaction; now and then replacing all.
    const std::string base = base_corpus(r);
    const char *opts = r % 7 == 0 ? "{\"replace_all\": true}" : nullptr;
    check(faqlite_index_text(e, base.data(), static_cast<long>(base.size()), "base.jsonl", opts),
          "index_text", r);
    committed.store(r);
    const std::string extra = extra_entry(r % 4, r);
    check(faqlite_put(e, extra.data(), static_cast<long>(extra.size()), 1), "put replace", r);
    const std::string temp = "{\"id\": \"temp-" + std::to_string(r) +
                             "\", \"question\": \"temporary billing note " + std::to_string(r) +
                             "\", \"answer\": \"Temporary " + std::to_string(r) + "\"}";
    check(faqlite_put(e, temp.data(), -1, 0), "put insert", r);
    if (r > 1 && r % 7 != 0) {  // replace_all already removed it
      const std::string old = "temp-" + std::to_string(r - 1);
      check(faqlite_delete(e, old.c_str(), nullptr), "delete", r);
    }
    if (r % 5 == 0) check(faqlite_rebuild(e), "rebuild", r);
  }
}

// Checks one result; returns the base version it showed (0 when it held no base entry).
long check_result(const json &j, Failures &f, const std::string &who) {
  long version = 0;
  for (const auto &a : j["answers"]) {
    const std::string id = a["id"], answer = a["answer"], question = a["question"];
    if (id.rfind("base-", 0) == 0) {
      long v = marker(answer, "Version ");
      if (v <= 0) f.add(who + ": base answer without a version: " + answer);
      if (version && v != version)
        f.add(who + ": torn result, versions " + std::to_string(version) + " and " +
              std::to_string(v));
      version = v;
    } else if (id.rfind("extra-", 0) == 0) {
      if (marker(answer, "revision ") != marker(question, "revision "))
        f.add(who + ": entry torn between revisions: " + question + " / " + answer);
    } else if (id.rfind("temp-", 0) == 0) {
      if (marker(answer, "Temporary ") != marker(question, "note "))
        f.add(who + ": temporary entry torn: " + question + " / " + answer);
    } else {
      f.add(who + ": unknown id " + id);
    }
  }
  return version;
}

void reader(faqlite_engine *e, int index, int min_asks, const std::atomic<bool> &writer_done,
            Failures &f, std::atomic<long> &asks) {
  static const char *const kQuestions[] = {
      "how do I configure the billing module option",
      "extra billing setting revision",
      "temporary billing note",
      "billing",
      "something nobody wrote about",
  };
  const std::string who = "reader " + std::to_string(index);
  long last_version = 0;
  long long last_generation = -1;
  for (int n = 0; n < min_asks || !writer_done.load(); ++n) {
    const char *q = kQuestions[(n + index) % 5];
    faqlite_result *r = nullptr;
    int rc = faqlite_ask(e, q, -1, "{\"k\": 20, \"threshold\": 0}", &r);
    if (rc != FAQLITE_OK) {
      f.add(who + " ask: " + faqlite_last_error());
      continue;
    }
    ++asks;
    json j = json::parse(faqlite_result_json(r), nullptr, false);
    faqlite_result_free(r);
    if (!j.is_object()) {
      f.add(who + ": result is not JSON");
      continue;
    }
    long v = check_result(j, f, who);
    // A later question reads a later snapshot: the index never goes back in time.
    if (v && v < last_version)
      f.add(who + ": went back from version " + std::to_string(last_version) + " to " +
            std::to_string(v));
    if (v) last_version = v;
    if (n % 8 == 0) {
      char *out = nullptr;
      if ((rc = faqlite_stats(e, &out)) != FAQLITE_OK) {
        f.add(who + " stats: " + faqlite_last_error());
        continue;
      }
      long long g = json::parse(out)["generation"].get<long long>();
      faqlite_free(out);
      if (g < last_generation) f.add(who + ": generation went backwards");
      last_generation = g;
      const std::string id = "base-" + std::to_string(n % kBaseEntries);
      rc = faqlite_get(e, id.c_str(), nullptr, &out);
      if (rc == FAQLITE_OK) {
        long gv = marker(json::parse(out)["answer"].get<std::string>(), "Version ");
        faqlite_free(out);
        if (gv < last_version) f.add(who + ": get returned an older version than a previous ask");
        last_version = gv;
      } else if (rc != FAQLITE_ENOTFOUND || last_version > 0) {
        // Base entries exist from the first commit on; only before it may they be missing.
        f.add(who + " get " + id + ": " + faqlite_last_error());
      }
    }
  }
}

void run_stress(faqlite_engine *e, int readers, int rounds, int min_asks) {
  Failures f;
  std::atomic<bool> writer_done{false};
  std::atomic<int> committed{0};
  std::atomic<long> asks{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < readers; ++i)
    threads.emplace_back(reader, e, i, min_asks, std::cref(writer_done), std::ref(f),
                         std::ref(asks));
  std::thread w([&] {
    writer(e, rounds, f, committed);
    writer_done.store(true);
  });
  w.join();
  for (auto &t : threads) t.join();
  INFO("asks: " << asks.load());
  for (const auto &msg : f.list) UNSCOPED_INFO(msg);
  REQUIRE(f.list.empty());
  REQUIRE(committed.load() == rounds);
  REQUIRE(asks.load() >= static_cast<long>(readers) * min_asks);

  // The final state is the last version, with every write applied.
  json j =
      test::ask(e, "how do I configure the billing module option", "{\"k\": 20, \"threshold\": 0}");
  REQUIRE(j["answers"].size() >= static_cast<size_t>(kBaseEntries));
  for (const auto &a : j["answers"])
    if (a["id"].get<std::string>().rfind("base-", 0) == 0)
      REQUIRE(marker(a["answer"], "Version ") == rounds);
  char *out = nullptr;
  REQUIRE(faqlite_get(e, ("temp-" + std::to_string(rounds)).c_str(), nullptr, &out) == FAQLITE_OK);
  faqlite_free(out);
  if (rounds > 1)
    REQUIRE(faqlite_get(e, ("temp-" + std::to_string(rounds - 1)).c_str(), nullptr, &out) ==
            FAQLITE_ENOTFOUND);
}

}  // namespace

TEST_CASE("readers and a writer on one file index never see a torn result",
          "[stress][concurrency]") {
  const std::string path = test::temp_path("stress.db");
  for (const char *s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
  {
    // Unanswered questions are logged too, so asking itself writes while the writer writes.
    test::Engine e(path, "{\"log_unanswered\": true}");
    REQUIRE(e.e);
    run_stress(e, env_int("FAQLITE_STRESS_READERS", 4), env_int("FAQLITE_STRESS_ROUNDS", 40), 60);
    char *out = nullptr;
    REQUIRE(faqlite_unanswered(e, 10, &out) == FAQLITE_OK);
    REQUIRE(json::parse(out).is_array());
    faqlite_free(out);
  }
  for (const char *s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
}

TEST_CASE("readers and a writer on an in-memory index never see a torn result",
          "[stress][concurrency]") {
  test::Engine e(":memory:");
  REQUIRE(e.e);
  run_stress(e, env_int("FAQLITE_STRESS_READERS", 4), env_int("FAQLITE_STRESS_ROUNDS", 40), 60);
}

TEST_CASE("readers of an in-memory index are not starved by back-to-back writes",
          "[stress][concurrency]") {
  // SQLite's in-memory database has no WAL: without the engine's gate a writer committing in a
  // loop re-takes its lock between transactions and readers time out with "database is locked".
  test::Engine e(":memory:", "{\"busy_timeout_ms\": 200}");
  REQUIRE(e.e);
  REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
  std::atomic<bool> writing{true};
  std::atomic<int> write_errors{0}, read_errors{0}, answers{0};
  std::thread writer([&] {
    for (int i = 0; i < 8000; ++i) {
      const std::string entry = "{\"id\": \"w" + std::to_string(i % 50) +
                                "\", \"question\": \"billing question " + std::to_string(i) +
                                "\", \"answer\": \"an answer\"}";
      if (faqlite_put(e, entry.data(), static_cast<long>(entry.size()), 1) != FAQLITE_OK)
        ++write_errors;
    }
    writing = false;
  });
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t)
    readers.emplace_back([&] {
      while (writing) {
        faqlite_result *r = nullptr;
        if (faqlite_ask(e, "reset password", -1, nullptr, &r) == FAQLITE_OK)
          ++answers;
        else
          ++read_errors;
        faqlite_result_free(r);
      }
    });
  writer.join();
  for (auto &r : readers) r.join();
  INFO("answers: " << answers.load());
  REQUIRE(write_errors == 0);
  REQUIRE(read_errors == 0);
}

TEST_CASE("a read-only engine reads while another engine writes the same file",
          "[stress][concurrency]") {
  const std::string path = test::temp_path("stress-ro.db");
  for (const char *s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
  {
    test::Engine w(path);
    REQUIRE(w.e);
    const std::string base = base_corpus(1);
    REQUIRE(faqlite_index_text(w, base.data(), static_cast<long>(base.size()), "base.jsonl",
                               nullptr) == FAQLITE_OK);
    test::Engine ro(path, "{\"readonly\": true}");
    REQUIRE(ro.e);
    Failures f;
    std::atomic<bool> done{false};
    std::atomic<long> asks{0};
    std::atomic<int> committed{0};
    std::vector<std::thread> readers;
    for (int i = 0; i < 3; ++i)
      readers.emplace_back(reader, ro.e, i, 40, std::cref(done), std::ref(f), std::ref(asks));
    writer(w, env_int("FAQLITE_STRESS_ROUNDS", 40) / 2, f, committed);
    done.store(true);
    for (auto &t : readers) t.join();
    for (const auto &msg : f.list) UNSCOPED_INFO(msg);
    REQUIRE(f.list.empty());
    REQUIRE(asks.load() >= 120);
  }
  for (const char *s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
}
