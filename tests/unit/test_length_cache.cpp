// The rows' column lengths shared by an engine's sessions (search/length_cache.hpp), and the
// heap trimmer's interval (engine/heap_trim.hpp).
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "engine/heap_trim.hpp"
#include "search/length_cache.hpp"
#include "test_helpers.hpp"

using faqlite::search::LengthCache;
using faqlite::search::LengthCaches;

TEST_CASE("a length cache gives back what was put, and nothing it could not hold", "[lengths]") {
  LengthCache c(7);
  REQUIRE(c.generation() == 7);
  int lens[4] = {-1, -1, -1, -1};
  CHECK_FALSE(c.get(1, lens));
  const int a[4] = {3, 0, 12, 65534};
  c.put(1, a);
  REQUIRE(c.get(1, lens));
  CHECK(std::vector<int>(lens, lens + 4) == std::vector<int>(a, a + 4));
  const int zeros[4] = {0, 0, 0, 0};  // an all-empty row is a length, not "unknown"
  c.put(70000, zeros);                // a second page
  REQUIRE(c.get(70000, lens));
  CHECK(std::vector<int>(lens, lens + 4) == std::vector<int>(4, 0));
  CHECK_FALSE(c.get(69999, lens));
  CHECK_FALSE(c.get(70001, lens));
  // Not kept: a column of 65,535 terms or more, a negative length, rowids out of range.
  const int too_long[4] = {1, 65535, 1, 1}, negative[4] = {1, -1, 1, 1};
  c.put(2, too_long);
  c.put(3, negative);
  CHECK_FALSE(c.get(2, lens));
  CHECK_FALSE(c.get(3, lens));
  for (long long rowid : {0LL, -5LL, LengthCache::kMaxRowid, LengthCache::kMaxRowid + 1}) {
    c.put(rowid, a);
    CHECK_FALSE(c.get(rowid, lens));
  }
  c.put(LengthCache::kMaxRowid - 1, a);
  CHECK(c.get(LengthCache::kMaxRowid - 1, lens));
}

TEST_CASE("threads share a length cache: every read is a row's own lengths or none", "[lengths]") {
  LengthCache c(1);
  auto lens_of = [](long long rowid, int out[4]) {
    for (int k = 0; k < 4; ++k) out[k] = static_cast<int>((rowid * (k + 3)) % 65000);
  };
  constexpr long long kRows = 300000;  // five pages, each first written by several threads
  std::atomic<long> wrong{0}, found{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (long long i = 0; i < kRows; ++i) {
        const long long rowid = 1 + (i * 7919 + t * 104729) % kRows;
        int want[4], got[4];
        lens_of(rowid, want);
        if (c.get(rowid, got)) {
          ++found;
          for (int k = 0; k < 4; ++k) wrong += got[k] != want[k];
        } else {
          c.put(rowid, want);
        }
      }
    });
  for (auto &th : threads) th.join();
  CHECK(wrong == 0);
  CHECK(found > 0);
  for (long long rowid = 1; rowid <= kRows; ++rowid) {
    int want[4], got[4];
    lens_of(rowid, want);
    REQUIRE(c.get(rowid, got));
    REQUIRE(std::vector<int>(got, got + 4) == std::vector<int>(want, want + 4));
  }
}

TEST_CASE("the engine's length cache follows the index generation", "[lengths]") {
  LengthCaches caches;
  auto g3 = caches.for_generation(3);
  CHECK(caches.for_generation(3) == g3);
  const int a[4] = {1, 2, 3, 4};
  g3->put(10, a);
  auto g4 = caches.for_generation(4);
  REQUIRE(g4 != g3);
  int lens[4];
  CHECK_FALSE(g4->get(10, lens));
  CHECK(g3->get(10, lens));  // still whole for a session answering from the older snapshot
  // A replaced index file may start at a lower generation: that is a change like any other.
  auto g1 = caches.for_generation(1);
  CHECK(g1->generation() == 1);
  CHECK(caches.for_generation(1) == g1);
}

TEST_CASE("a changed entry is ranked with its new lengths, as a fresh engine ranks it",
          "[lengths][capi]") {
  // The replaced entry keeps its rowid; lengths cached before the write must not be used after.
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("faqlite-lengths-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string path = (dir / "index.db").string();
  fs::remove(path);
  for (const char *opts : {"{}", "{\"matcher\": \"fts5\"}"}) {
    INFO(opts);
    {
      test::Engine e(path, "{\"create\": true}");
      REQUIRE(test::index_path(e, test::data("corpus/small.json"), "{\"replace_all\": true}") ==
              FAQLITE_OK);
    }
    test::Engine e(path, opts);
    REQUIRE(e.e);
    const std::string q = "how can I reset my password?",
                      ask_opts = "{\"k\": 5, \"explain\": true}";
    const nlohmann::json before = test::ask(e, q, ask_opts);
    REQUIRE(test::top_id(before) == "reset-password");
    char *stored = nullptr;
    REQUIRE(faqlite_get(e, "reset-password", nullptr, &stored) == FAQLITE_OK);
    nlohmann::json entry = nlohmann::json::parse(stored);
    faqlite_free(stored);
    // Ten times the words in each field: every column length of the row changes.
    for (const char *field : {"question", "answer"}) {
      std::string longer;
      for (int i = 0; i < 10; ++i) longer += entry[field].get<std::string>() + " ";
      entry[field] = longer;
    }
    const std::string text = entry.dump();
    REQUIRE(faqlite_put(e, text.c_str(), -1, 1) == FAQLITE_OK);
    const nlohmann::json after = test::ask(e, q, ask_opts);
    test::Engine fresh(path, opts);
    const nlohmann::json expected = test::ask(fresh, q, ask_opts);
    CHECK(after.dump() == expected.dump());
    CHECK(after.dump() != before.dump());
  }
  fs::remove_all(dir);
}

TEST_CASE("the heap is trimmed at most once per interval, by one thread", "[trim]") {
  faqlite::engine::HeapTrimmer never(0);
  CHECK_FALSE(never.due(0));
  CHECK_FALSE(never.due(1000000));
  faqlite::engine::HeapTrimmer t(1000);
  CHECK_FALSE(t.due(5000));  // the first question starts the interval
  CHECK_FALSE(t.due(5999));
  CHECK(t.due(6000));
  CHECK_FALSE(t.due(6000));
  CHECK_FALSE(t.due(6999));
  CHECK(t.due(8500));  // a long pause: one trim, then a full interval again
  CHECK_FALSE(t.due(9499));
  CHECK(t.due(9500));
  faqlite::engine::HeapTrimmer shared(10);
  REQUIRE_FALSE(shared.due(0));
  std::atomic<int> trims{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      for (int k = 0; k < 1000; ++k) trims += shared.due(100);
    });
  for (auto &th : threads) th.join();
  CHECK(trims == 1);
}

TEST_CASE("the trim interval is an engine option with its bounds checked", "[trim][capi]") {
  faqlite_engine *e = nullptr;
  for (const char *bad : {"{\"trim_ms\": -1}", "{\"trim_ms\": 3600001}", "{\"trim_ms\": \"5\"}",
                          "{\"trim_ms\": 1.5}"}) {
    INFO(bad);
    REQUIRE(faqlite_open(":memory:", bad, &e) == FAQLITE_EINVAL);
    REQUIRE(e == nullptr);
    REQUIRE(std::string(faqlite_last_error()).find("trim_ms") != std::string::npos);
  }
  // Trimming after every question changes no answer.
  test::Engine plain(":memory:", "{\"trim_ms\": 0}"), trimmed(":memory:", "{\"trim_ms\": 1}");
  REQUIRE(test::index_path(plain, FAQLITE_CORPUS_DIR) == FAQLITE_OK);
  REQUIRE(test::index_path(trimmed, FAQLITE_CORPUS_DIR) == FAQLITE_OK);
  size_t n = 0;
  for (const auto &item : test::eval_items()) {
    if (n++ % 4) continue;
    nlohmann::json o = {{"k", 5}, {"lang", item["lang"]}};
    const std::string q = item["query"].get<std::string>();
    CHECK(test::ask(trimmed, q, o.dump()).dump() == test::ask(plain, q, o.dump()).dump());
  }
  CHECK(n >= 300);
}
