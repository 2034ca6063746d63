// Rowid -> small integer (a slot in a session cache's own array), in one flat array: open
// addressing with linear probing, removal by shifting the following entries back.
//
// The session looks up thirty candidates' infos and a dozen entries' analyses per question in
// caches of several thousand rows; std::unordered_map made each lookup two or three cache misses
// (bucket, node, then the value elsewhere), a twelfth of a question's time at 10k entries. Here a
// lookup reads one 16-byte slot, mostly in the first cache line it touches.
#pragma once

#include <cstdint>
#include <vector>

namespace faqlite::engine {

class RowidIndex {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  uint32_t find(long long rowid) const {
    if (slots_.empty()) return kNone;
    for (size_t s = home(rowid);; s = next(s)) {
      const Slot &x = slots_[s];
      if (x.value == kNone) return kNone;
      if (x.rowid == rowid) return x.value;
    }
  }
  // `rowid` must not be in the index; `value` must not be kNone.
  void insert(long long rowid, uint32_t value) {
    if (4 * (size_ + 1) > 3 * slots_.size()) grow();
    size_t s = home(rowid);
    while (slots_[s].value != kNone) s = next(s);
    slots_[s] = {rowid, value};
    ++size_;
  }
  void erase(long long rowid) {
    if (slots_.empty()) return;
    size_t s = home(rowid);
    while (slots_[s].value != kNone && slots_[s].rowid != rowid) s = next(s);
    if (slots_[s].value == kNone) return;
    // Backward shift: each later entry of the run moves into the hole when its home slot is not
    // between the hole and itself (so that every entry stays reachable from its home).
    size_t hole = s;
    for (size_t j = next(s); slots_[j].value != kNone; j = next(j)) {
      const size_t h = home(slots_[j].rowid);
      const bool stays = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j);
      if (stays) continue;
      slots_[hole] = slots_[j];
      hole = j;
    }
    slots_[hole] = Slot{};
    --size_;
  }
  void clear() {
    slots_.clear();
    slots_.shrink_to_fit();
    size_ = 0;
  }
  size_t size() const { return size_; }
  size_t bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  struct Slot {
    long long rowid = 0;
    uint32_t value = kNone;  // kNone: free
  };
  size_t home(long long rowid) const {
    // Fibonacci hashing: consecutive rowids land far apart, so runs stay short.
    return static_cast<size_t>((static_cast<uint64_t>(rowid) * 0x9E3779B97F4A7C15ull) >> shift_);
  }
  size_t next(size_t s) const { return (s + 1) & (slots_.size() - 1); }
  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    const size_t n = old.empty() ? 64 : old.size() * 2;
    slots_.assign(n, Slot{});
    shift_ = 64;
    for (size_t m = n; m > 1; m >>= 1) --shift_;
    size_ = 0;
    for (const Slot &x : old)
      if (x.value != kNone) insert(x.rowid, x.value);
  }
  std::vector<Slot> slots_;  // a power of two, at most three quarters full
  size_t size_ = 0;
  int shift_ = 64;
};

}  // namespace faqlite::engine
