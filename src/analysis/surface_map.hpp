// A map from a word's UTF-8 surface to what the analyzer derived from it.
//
// The analyzer looks every word of every text up, so the lookup is the hot path: the key is
// hashed once from the text itself (no std::string built for it), the slots are a flat array of
// (hash tag, entry number) pairs probed linearly, and the entries live in fixed chunks so that
// pointers to them stay valid while the map grows. Entries are only ever added, or all dropped
// by clear().
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace faqlite::analysis {

// A fast, non-cryptographic hash of a short byte string (words are mostly under 16 bytes).
inline uint64_t hash_surface(std::string_view s) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
  uint64_t h = s.size() * kMul;
  const char *p = s.data();
  size_t n = s.size();
  while (n >= 8) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    h = (h ^ v) * kMul;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    uint64_t v = 0;
    std::memcpy(&v, p, n);
    h = (h ^ v) * kMul;
    h ^= h >> 29;
  }
  h *= kMul;
  return h ^ (h >> 32);
}

template <class V>
class SurfaceMap {
 public:
  size_t size() const { return size_; }

  V *find(std::string_view key, uint64_t h) {
    if (slots_.empty()) return nullptr;
    const uint32_t tag = static_cast<uint32_t>(h >> 32);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot s = slots_[i];
      if (s.index == 0) return nullptr;
      if (s.tag != tag) continue;
      Entry &e = at(s.index - 1);
      if (e.hash == h && e.key == key) return &e.value;
    }
  }

  // Adds `key`, which must not be present yet.
  V &insert(std::string_view key, uint64_t h) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    if (size_ == chunks_.size() * kChunk) chunks_.push_back(std::make_unique<Entry[]>(kChunk));
    Entry &e = at(static_cast<uint32_t>(size_));
    e.hash = h;
    e.key.assign(key.data(), key.size());
    ++size_;
    place(h, static_cast<uint32_t>(size_));
    return e.value;
  }

  void clear() {
    chunks_.clear();
    size_ = 0;
    slots_.clear();
    mask_ = 0;
  }

  void swap(SurfaceMap &o) {
    chunks_.swap(o.chunks_);
    std::swap(size_, o.size_);
    slots_.swap(o.slots_);
    std::swap(mask_, o.mask_);
  }

 private:
  // Entries live in fixed chunks (stable addresses, and a chunk table small enough to stay in
  // the CPU cache); a slot is 8 bytes, half of a (hash, pointer) pair, so more of the table fits
  // in the cache too: the lookups of rare words are cache misses, not instructions.
  static constexpr size_t kChunk = 256;
  struct Entry {
    uint64_t hash = 0;
    std::string key;
    V value;
  };
  struct Slot {
    uint32_t tag = 0;    // the hash's high half
    uint32_t index = 0;  // 1-based entry number; 0 is an empty slot
  };

  Entry &at(uint32_t i) { return chunks_[i / kChunk][i % kChunk]; }

  void place(uint64_t h, uint32_t index) {
    size_t i = h & mask_;
    while (slots_[i].index != 0) i = (i + 1) & mask_;
    slots_[i] = Slot{static_cast<uint32_t>(h >> 32), index};
  }

  void grow() {
    const size_t n = slots_.empty() ? 64 : 2 * slots_.size();
    slots_.assign(n, Slot{});
    mask_ = n - 1;
    for (uint32_t k = 0; k < size_; ++k) place(at(k).hash, k + 1);
  }

  std::vector<std::unique_ptr<Entry[]>> chunks_;
  size_t size_ = 0;
  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

}  // namespace faqlite::analysis
