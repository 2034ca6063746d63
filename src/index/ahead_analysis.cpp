#include "index/ahead_analysis.hpp"

#include <utility>

namespace faqlite::index {

AheadAnalysis::AheadAnalysis(size_t n, Prepare prepare) : n_(n), prepare_(std::move(prepare)) {
  helper_ = std::thread([this] { run(); });
}

AheadAnalysis::~AheadAnalysis() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  room_cv_.notify_all();
  helper_.join();
}

void AheadAnalysis::run() {
  for (size_t first = 0; first < n_; first += kBatch) {
    Batch b;
    {
      std::unique_lock<std::mutex> lock(mu_);
      room_cv_.wait(lock, [&] { return stop_ || ready_.size() < kBatchesAhead; });
      if (stop_) return;
      if (!spare_.empty()) {
        b = std::move(spare_.back());
        spare_.pop_back();
      }
    }
    b.first = first;
    const size_t count = std::min(kBatch, n_ - first);
    b.entries.resize(count);
    for (size_t i = 0; i < count; ++i) {
      PreparedEntry &p = b.entries[i];
      p.lang.clear();
      try {
        prepare_(first + i, p);
      } catch (...) {
        // Out of memory or an entry the writer will refuse: the writer analyzes it itself.
        p.lang.clear();
      }
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      ready_.push_back(std::move(b));
    }
    ready_cv_.notify_one();
  }
}

const PreparedEntry *AheadAnalysis::get(size_t index) {
  if (index >= n_) return nullptr;
  if (have_current_ && index < current_.first) return nullptr;  // asked out of order
  while (!have_current_ || index >= current_.first + current_.entries.size()) {
    std::unique_lock<std::mutex> lock(mu_);
    if (have_current_) spare_.push_back(std::move(current_));
    have_current_ = false;
    // The helper makes every batch up to n_, so the one holding `index` comes.
    ready_cv_.wait(lock, [&] { return !ready_.empty(); });
    current_ = std::move(ready_.front());
    ready_.pop_front();
    have_current_ = true;
    lock.unlock();
    room_cv_.notify_one();
  }
  const PreparedEntry &p = current_.entries[index - current_.first];
  return p.lang.empty() ? nullptr : &p;
}

}  // namespace faqlite::index
