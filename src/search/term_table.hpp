// Index terms as small integers, for analyses kept across questions (snippets, phrasing
// matches): a term id takes 4 bytes where a std::string takes 32 or more, and ids compare in one
// instruction. Ids are only meaningful within one table; whoever empties it (release()) drops every
// analysis made with it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace faqlite::search {

class TermTable {
 public:
  uint32_t add(const std::string &term) {
    auto [it, added] = ids_.try_emplace(term, static_cast<uint32_t>(ids_.size()));
    if (added) bytes_ += term.size() + 64;  // the node, the bucket and the string
    return it->second;
  }
  // -1 when the term was never added (no analysis made with this table contains it).
  int64_t find(const std::string &term) const {
    auto it = ids_.find(term);
    return it == ids_.end() ? -1 : static_cast<int64_t>(it->second);
  }
  // Empties the table by handing its contents to the caller, who may free them at leisure
  // (freeing a large table at once takes milliseconds).
  std::unordered_map<std::string, uint32_t> release() {
    std::unordered_map<std::string, uint32_t> out;
    out.swap(ids_);
    bytes_ = 0;
    return out;
  }
  size_t bytes() const { return bytes_; }

 private:
  std::unordered_map<std::string, uint32_t> ids_;
  size_t bytes_ = 0;
};

}  // namespace faqlite::search
