// Rows' column lengths by rowid, for one index generation, shared by every session of an
// engine (LengthCaches hands them out). Ranking needs a candidate's four column lengths, and
// reading them costs a query of the FTS5 table's docsize table; the same rows come back question
// after question, in every thread. Kept per session, the lengths took 8 bytes a rowid in each
// (up to 12 MB a session at a million entries, with the array's growth); shared, the second
// thread finds what the first has read.
//
// Rowids are dense from 1, so the lengths are a flat array, in pages allocated when first
// written. Thread-safe: a slot is one 64-bit atomic, and every thread that writes it writes the
// same value (the lengths of a row in one generation), so relaxed order is enough.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

#include "search/rank_params.hpp"

namespace faqlite::search {

class LengthCache {
 public:
  explicit LengthCache(long long generation) : generation_(generation) {
    for (auto &p : pages_) p.store(nullptr, std::memory_order_relaxed);
  }
  ~LengthCache() {
    for (auto &p : pages_) delete p.load(std::memory_order_relaxed);
  }
  LengthCache(const LengthCache &) = delete;
  LengthCache &operator=(const LengthCache &) = delete;

  long long generation() const { return generation_; }
  // Rows past this are read every time (32 MB of pages at most).
  static constexpr long long kMaxRowid = 1 << 22;

  // True with `lens` filled when the row's lengths are cached.
  bool get(long long rowid, int lens[kColumns]) const {
    if (rowid <= 0 || rowid >= kMaxRowid) return false;
    const Page *page =
        pages_[static_cast<size_t>(rowid >> kPageBits)].load(std::memory_order_acquire);
    if (!page) return false;
    const uint64_t v =
        page->slots[static_cast<size_t>(rowid) & kPageMask].load(std::memory_order_relaxed);
    if (v == kUnknown) return false;
    for (int c = 0; c < kColumns; ++c) lens[c] = static_cast<int>((v >> (16 * c)) & 0xFFFF);
    return true;
  }
  // Keeps the row's lengths; a row with a column of 65,535 terms or more is not kept.
  void put(long long rowid, const int lens[kColumns]) {
    if (rowid <= 0 || rowid >= kMaxRowid) return;
    uint64_t v = 0;
    for (int c = 0; c < kColumns; ++c) {
      if (lens[c] < 0 || lens[c] >= 0xFFFF) return;
      v |= static_cast<uint64_t>(lens[c]) << (16 * c);
    }
    page(static_cast<size_t>(rowid >> kPageBits))
        .slots[static_cast<size_t>(rowid) & kPageMask]
        .store(v, std::memory_order_relaxed);
  }

 private:
  static_assert(kColumns == 4, "four 16-bit lengths fill one slot");
  static constexpr int kPageBits = 16;  // 512 KB a page
  static constexpr size_t kPageMask = (size_t{1} << kPageBits) - 1;
  static constexpr uint64_t kUnknown = ~uint64_t{0};  // no length is 0xFFFF
  struct Page {
    Page() {
      for (auto &s : slots) s.store(kUnknown, std::memory_order_relaxed);
    }
    std::array<std::atomic<uint64_t>, size_t{1} << kPageBits> slots;
  };
  Page &page(size_t i) {
    Page *p = pages_[i].load(std::memory_order_acquire);
    if (p) return *p;
    auto fresh = std::make_unique<Page>();
    // Another thread may have put its page first: that one is kept, this one dropped.
    if (pages_[i].compare_exchange_strong(p, fresh.get(), std::memory_order_acq_rel))
      return *fresh.release();
    return *p;
  }
  const long long generation_;
  std::array<std::atomic<Page *>, (kMaxRowid >> kPageBits)> pages_;
};

// The engine's length cache for the generation its sessions asked for last: while a write
// commits, a session still answering from the older snapshot and one already on the newer may
// replace it in turn, which costs reads, never a wrong length (each cache holds one generation).
// Generations only grow within a file; an index file replaced by another may start lower, so
// any change of generation replaces the cache. Thread-safe.
class LengthCaches {
 public:
  std::shared_ptr<LengthCache> for_generation(long long generation) {
    std::lock_guard<std::mutex> lock(mu_);
    if (current_ && current_->generation() == generation) return current_;
    current_ = std::make_shared<LengthCache>(generation);
    return current_;
  }

 private:
  std::mutex mu_;
  std::shared_ptr<LengthCache> current_;
};

}  // namespace faqlite::search
