// The flat rowid index of the session caches (engine/rowid_index.hpp): after any sequence of
// inserts and removals it must find exactly what a std::map holds. Removal shifts entries back
// within runs of occupied slots, which is where an open-addressing table goes wrong (an entry
// left unreachable behind a hole, or moved before its home slot), so the keys are chosen to
// collide and to wrap around the end of the array.
#include <catch2/catch.hpp>

#include <map>
#include <random>

#include "engine/rowid_index.hpp"

using faqlite::engine::RowidIndex;

namespace {

void same(const RowidIndex &ix, const std::map<long long, uint32_t> &ref, long long max_key) {
  REQUIRE(ix.size() == ref.size());
  for (long long k = -2; k <= max_key; ++k) {
    auto it = ref.find(k);
    INFO("rowid " << k);
    REQUIRE(ix.find(k) == (it == ref.end() ? RowidIndex::kNone : it->second));
  }
}

}  // namespace

TEST_CASE("a rowid index finds what was inserted and not what was removed", "[rowid_index]") {
  RowidIndex ix;
  CHECK(ix.find(1) == RowidIndex::kNone);
  ix.erase(1);  // nothing to remove: no effect
  CHECK(ix.size() == 0);
  ix.insert(0, 7);
  ix.insert(-1, 8);  // any rowid SQLite allows
  ix.insert(1LL << 40, 9);
  CHECK(ix.find(0) == 7);
  CHECK(ix.find(-1) == 8);
  CHECK(ix.find(1LL << 40) == 9);
  CHECK(ix.find(2) == RowidIndex::kNone);
  ix.erase(0);
  CHECK(ix.find(0) == RowidIndex::kNone);
  CHECK(ix.find(-1) == 8);
  ix.clear();
  CHECK(ix.size() == 0);
  CHECK(ix.find(-1) == RowidIndex::kNone);
}

TEST_CASE("a rowid index stays exact through random inserts and removals", "[rowid_index]") {
  std::mt19937 rng(11);
  for (long long range : {40LL, 300LL, 5000LL}) {
    // Few keys over a small range: long runs, growth from 64 slots, wrap-around at the end.
    RowidIndex ix;
    std::map<long long, uint32_t> ref;
    for (int step = 0; step < 20000; ++step) {
      const long long k = static_cast<long long>(rng() % static_cast<uint32_t>(range));
      if (rng() % 3 == 0) {
        ix.erase(k);
        ref.erase(k);
      } else if (!ref.count(k)) {
        const uint32_t v = rng() % 1000000;
        ix.insert(k, v);
        ref[k] = v;
      }
      if (step % 997 == 0) same(ix, ref, range);
    }
    same(ix, ref, range);
    // Emptied one by one: every removal keeps the rest reachable.
    while (!ref.empty()) {
      auto it = ref.begin();
      std::advance(it, static_cast<long>(rng() % ref.size()));
      ix.erase(it->first);
      ref.erase(it);
      if (ref.size() % 17 == 0) same(ix, ref, range);
    }
    CHECK(ix.size() == 0);
  }
}
