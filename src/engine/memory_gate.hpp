// Readers and the writer of an in-memory index take turns through this gate. A file index needs
// none: in WAL mode readers never wait for the writer. SQLite's in-memory database (the memdb VFS)
// has rollback-journal locking instead, and a writer committing back to back re-takes its lock in
// the microseconds between transactions, so readers sleeping in SQLite's busy handler could wait
// past the busy timeout. The gate is fair both ways: the writer waits only for readers already in,
// and a reader that was waiting when a write finished is let in before the next write starts.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "base/error.hpp"

namespace faqlite::engine {

class MemoryGate {
 public:
  void enter_read(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    if (!writing_ && writers_waiting_ == 0) {
      ++readers_;
      return;
    }
    ++readers_waiting_;
    const uint64_t seen = writes_done_;
    const bool ok = cv_.wait_for(lock, timeout, [&] {
      return !writing_ && (writers_waiting_ == 0 || writes_done_ != seen);
    });
    --readers_waiting_;
    // A reader that was waiting when a write finished holds one of that write's passes.
    if (writes_done_ != seen && passes_ > 0) --passes_;
    if (!ok) {
      cv_.notify_all();
      throw Error(Status::kBusy, "the in-memory index is busy with a write; retry");
    }
    ++readers_;
  }

  void leave_read() {
    std::lock_guard<std::mutex> lock(mu_);
    if (--readers_ == 0) cv_.notify_all();
  }

  void enter_write(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    ++writers_waiting_;
    const bool ok =
        cv_.wait_for(lock, timeout, [&] { return !writing_ && readers_ == 0 && passes_ == 0; });
    --writers_waiting_;
    if (!ok) {
      cv_.notify_all();
      throw Error(Status::kBusy, "the in-memory index is busy with readers; retry");
    }
    writing_ = true;
  }

  void leave_write() {
    std::lock_guard<std::mutex> lock(mu_);
    writing_ = false;
    ++writes_done_;
    passes_ = readers_waiting_;  // the next write waits until these readers have had their turn
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int readers_ = 0;
  int readers_waiting_ = 0;
  int passes_ = 0;
  int writers_waiting_ = 0;
  bool writing_ = false;
  uint64_t writes_done_ = 0;
};

}  // namespace faqlite::engine
