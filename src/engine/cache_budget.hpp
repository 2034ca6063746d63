// The memory an engine's sessions may keep for entry analyses and answered entries
// (Session::entry_slot), one budget for all of them: a single-threaded embedder gets all of it,
// and a server with several worker threads does not multiply it. A session takes its share once
// it caches its first entry, and gives it back when it closes; the shares are recomputed at
// every use, so a session over its new share evicts down to it on its next question.
// Thread-safe.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>

namespace faqlite::engine {

class CacheBudget {
 public:
  explicit CacheBudget(size_t total_bytes) : total_(total_bytes) {}
  void join() { sessions_.fetch_add(1, std::memory_order_relaxed); }
  void leave() { sessions_.fetch_sub(1, std::memory_order_relaxed); }
  size_t share() const {
    return total_ / static_cast<size_t>(std::max(1, sessions_.load(std::memory_order_relaxed)));
  }

 private:
  const size_t total_;
  std::atomic<int> sessions_{0};
};

}  // namespace faqlite::engine
