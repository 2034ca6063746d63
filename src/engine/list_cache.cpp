#include "engine/list_cache.hpp"

namespace faqlite::engine {

std::shared_ptr<const search::PhraseList> ListCache::find(long long generation,
                                                          const std::string &key) {
  std::lock_guard<std::mutex> lock(mu_);
  if (generation != generation_) return nullptr;
  auto it = lists_.find(key);
  return it == lists_.end() ? nullptr : it->second;
}

void ListCache::keep(long long generation, const std::string &key,
                     std::shared_ptr<const search::PhraseList> list) {
  const size_t bytes = list->bytes() + key.size();
  if (bytes > budget_ / 32) return;
  // Freed outside the lock: dropping many lists at once takes a while.
  std::unordered_map<std::string, std::shared_ptr<const search::PhraseList>> dropped;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (generation < generation_) return;  // a reader of an older snapshot
    if (generation > generation_) {
      dropped.swap(lists_);
      order_.clear();
      bytes_ = 0;
      generation_ = generation;
    }
    while (bytes_ + bytes > budget_ && !order_.empty()) {
      auto it = lists_.find(order_.front());
      order_.pop_front();
      if (it == lists_.end()) continue;
      bytes_ -= it->second->bytes() + it->first.size();
      lists_.erase(it);
    }
    if (!lists_.try_emplace(key, std::move(list)).second) return;
    order_.push_back(key);
    bytes_ += bytes;
  }
}

}  // namespace faqlite::engine
