#include "engine/heap_trim.hpp"

#include <chrono>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace faqlite::engine {

bool HeapTrimmer::due(int64_t now_ms) {
  if (interval_ms_ <= 0) return false;
  int64_t next = next_ms_.load(std::memory_order_relaxed);
  if (next < 0) {
    next_ms_.compare_exchange_strong(next, now_ms + interval_ms_, std::memory_order_relaxed);
    return false;
  }
  if (now_ms < next) return false;
  return next_ms_.compare_exchange_strong(next, now_ms + interval_ms_, std::memory_order_relaxed);
}

void HeapTrimmer::after_question() {
  if (interval_ms_ <= 0) return;
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now().time_since_epoch())
                       .count();
  if (!due(static_cast<int64_t>(now))) return;
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace faqlite::engine
