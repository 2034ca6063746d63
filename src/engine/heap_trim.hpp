// Returning the heap memory that answering freed to the system, at most once per interval.
//
// A question at a million entries decodes lists of megabytes that no cache keeps, and frees them
// when it ends. glibc's malloc keeps freed memory in the arena of the thread that freed it, for
// that thread's later use; with two answering threads a long run at a million entries held
// 85 MB of such free memory beside 68 MB in use, all of it resident. malloc_trim() gives the free
// pages of every arena back (the addresses stay reserved; a page touched again costs a fault).
// Done by whichever answering thread first finds the interval over, after its question, so a
// trim costs one thread about a millisecond per interval, however many questions come.
// Thread-safe. Without glibc (another C library) it does nothing.
#pragma once

#include <atomic>
#include <cstdint>

namespace faqlite::engine {

class HeapTrimmer {
 public:
  // `interval_ms` 0: never trims.
  explicit HeapTrimmer(int interval_ms) : interval_ms_(interval_ms) {}
  // True when a trim is due at `now_ms` (a steady clock): the first call only starts the
  // interval, and of several threads finding it over at once, one gets true.
  bool due(int64_t now_ms);
  // Called after each question: trims when due().
  void after_question();

 private:
  const int interval_ms_;
  std::atomic<int64_t> next_ms_{-1};  // -1: no question yet
};

}  // namespace faqlite::engine
