// Index terms as small integers: for the terms of an entry analysis while it is built
// (entry_analysis.hpp), and for the analyses answering keeps across questions (snippets, phrasing
// matches, search/term_table.hpp): a term id takes 4 bytes where a std::string takes 32 or more,
// and ids compare in one instruction. Ids are only meaningful within one table; whoever empties it
// (clear()) drops every analysis made with it.
//
// The terms live in one buffer with an open-addressing index over it: a question maps a dozen
// entries' hundred terms each, and a node-based map spent more on allocating, hashing
// std::strings and, when emptied, freeing hundreds of thousands of nodes than on anything else.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace faqlite::index {

class TermTable {
 public:
  uint32_t add(std::string_view term) {
    if (2 * (hashes_.size() + 1) > slots_.size()) grow();
    const uint64_t h = std::hash<std::string_view>()(term);
    size_t s = h & (slots_.size() - 1);
    for (; slots_[s]; s = (s + 1) & (slots_.size() - 1)) {
      const uint32_t i = slots_[s] - 1;
      if (hashes_[i] == h && this->term(i) == term) return i;
    }
    const auto id = static_cast<uint32_t>(hashes_.size());
    text_.append(term);
    ends_.push_back(static_cast<uint32_t>(text_.size()));
    hashes_.push_back(h);
    slots_[s] = id + 1;
    return id;
  }
  // -1 when the term was never added (no analysis made with this table contains it).
  int64_t find(std::string_view term) const {
    if (slots_.empty()) return -1;
    const uint64_t h = std::hash<std::string_view>()(term);
    for (size_t s = h & (slots_.size() - 1); slots_[s]; s = (s + 1) & (slots_.size() - 1)) {
      const uint32_t i = slots_[s] - 1;
      if (hashes_[i] == h && this->term(i) == term) return i;
    }
    return -1;
  }
  std::string_view term(uint32_t id) const {
    const uint32_t begin = id ? ends_[id - 1] : 0;
    return std::string_view(text_).substr(begin, ends_[id] - begin);
  }
  size_t size() const { return hashes_.size(); }
  // Empties the table and frees its memory (a few blocks, however many terms).
  void clear() { *this = TermTable(); }
  size_t bytes() const {
    return text_.capacity() + ends_.capacity() * 4 + hashes_.capacity() * 8 + slots_.capacity() * 4;
  }

 private:
  void grow() {
    slots_.assign(std::max<size_t>(1024, slots_.size() * 2), 0u);
    for (size_t i = 0; i < hashes_.size(); ++i) {
      size_t s = hashes_[i] & (slots_.size() - 1);
      while (slots_[s]) s = (s + 1) & (slots_.size() - 1);
      slots_[s] = static_cast<uint32_t>(i + 1);
    }
  }
  std::string text_;              // every term, one after another
  std::vector<uint32_t> ends_;    // term i is text_[ends_[i - 1], ends_[i])
  std::vector<uint64_t> hashes_;  // of each term
  std::vector<uint32_t> slots_;   // id + 1, or 0 for a free slot; a power of two, at most half full
};

}  // namespace faqlite::index
