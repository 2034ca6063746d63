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
    if (4 * (ends_.size() + 1) > 3 * slots_.size()) grow();
    const uint64_t h = hash(term);
    const auto tag = static_cast<uint32_t>(h >> 32);
    size_t s = h & (slots_.size() - 1);
    for (; slots_[s].id_plus_1; s = (s + 1) & (slots_.size() - 1))
      if (slots_[s].tag == tag && this->term(slots_[s].id_plus_1 - 1) == term)
        return slots_[s].id_plus_1 - 1;
    const auto id = static_cast<uint32_t>(ends_.size());
    text_.append(term);
    ends_.push_back(static_cast<uint32_t>(text_.size()));
    slots_[s] = {id + 1, tag};
    return id;
  }
  // -1 when the term was never added (no analysis made with this table contains it).
  int64_t find(std::string_view term) const {
    if (slots_.empty()) return -1;
    const uint64_t h = hash(term);
    const auto tag = static_cast<uint32_t>(h >> 32);
    for (size_t s = h & (slots_.size() - 1); slots_[s].id_plus_1; s = (s + 1) & (slots_.size() - 1))
      if (slots_[s].tag == tag && this->term(slots_[s].id_plus_1 - 1) == term)
        return slots_[s].id_plus_1 - 1;
    return -1;
  }
  std::string_view term(uint32_t id) const {
    const uint32_t begin = id ? ends_[id - 1] : 0;
    return std::string_view(text_).substr(begin, ends_[id] - begin);
  }
  size_t size() const { return ends_.size(); }
  // Empties the table and frees its memory (a few blocks, however many terms).
  void clear() { *this = TermTable(); }
  size_t bytes() const {
    return text_.capacity() + ends_.capacity() * 4 + slots_.capacity() * sizeof(Slot);
  }

 private:
  static uint64_t hash(std::string_view term) { return std::hash<std::string_view>()(term); }
  void grow() {
    slots_.assign(std::max<size_t>(1024, slots_.size() * 2), Slot{});
    for (uint32_t i = 0; i < ends_.size(); ++i) {
      const uint64_t h = hash(term(i));
      size_t s = h & (slots_.size() - 1);
      while (slots_[s].id_plus_1) s = (s + 1) & (slots_.size() - 1);
      slots_[s] = {i + 1, static_cast<uint32_t>(h >> 32)};
    }
  }
  // A slot holds the high half of its term's hash beside the id: a lookup in a table of many
  // terms reads the slot and then the term's text, and a slot whose tag differs is passed over
  // without reading anything else (the terms' own hashes, kept apart, were one more cache miss
  // per lookup when the session maps a new entry's hundred terms).
  struct Slot {
    uint32_t id_plus_1 = 0;  // 0: free
    uint32_t tag = 0;
  };
  std::string text_;            // every term, one after another
  std::vector<uint32_t> ends_;  // term i is text_[ends_[i - 1], ends_[i])
  // A power of two, at most three quarters full: a probe past a slot of another term costs a
  // tag comparison in the same cache line, so a fuller table (less memory) costs little.
  std::vector<Slot> slots_;
};

}  // namespace faqlite::index
