// Phrase lists (search/phrase_list.hpp) kept across questions, shared by every session of an
// engine: a frequent word's list serves question after question and thread after thread, and one
// budget bounds them all. The lists of one index generation only: a write bumps the generation,
// and the first session that sees the new one empties the cache. Thread-safe.
#pragma once

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "search/phrase_list.hpp"

namespace faqlite::engine {

class ListCache {
 public:
  explicit ListCache(size_t budget_bytes) : budget_(budget_bytes) {}

  // The list kept for `key` in `generation`, or null.
  std::shared_ptr<const search::PhraseList> find(long long generation, const std::string &key);
  // Keeps `list` unless it is large (over a 32nd of the budget: a frequent word's list at a
  // million entries, cheaper to read again than to hold) or of an older generation than the
  // cache's; the oldest lists go first when the budget is full.
  void keep(long long generation, const std::string &key,
            std::shared_ptr<const search::PhraseList> list);
  // Whether a list of `bytes` is small enough to be kept.
  bool would_keep(size_t bytes) const { return bytes <= budget_ / 32; }

 private:
  std::mutex mu_;
  const size_t budget_;
  long long generation_ = -1;
  std::unordered_map<std::string, std::shared_ptr<const search::PhraseList>> lists_;
  std::deque<std::string> order_;  // keys, oldest first
  size_t bytes_ = 0;
};

}  // namespace faqlite::engine
