// A fixed set of threads that run framed requests through the API. Its queue never holds more
// jobs than there are open connections, because a connection has at most one request in flight.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace faqlite_server {

class WorkerPool {
 public:
  explicit WorkerPool(unsigned threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool &) = delete;
  WorkerPool &operator=(const WorkerPool &) = delete;

  void submit(std::function<void()> job);
  // Runs the jobs already queued, then joins the threads.
  void stop();
  unsigned size() const { return static_cast<unsigned>(threads_.size()); }

 private:
  void run();

  std::vector<std::thread> threads_;
  std::deque<std::function<void()>> jobs_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
};

}  // namespace faqlite_server
