// The terms of one language's full-text table, for "is this word known?" and spelling
// corrections ("salery" -> "salary"). Loaded from the store's `terms` table (kept by every
// write) once per index generation and shared, read-only, by every thread.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace faqlite::search {

class Vocabulary {
 public:
  // `lang`: the primary language of the full-text table.
  static std::shared_ptr<const Vocabulary> load(sqlite3 *db, const std::string &lang);

  bool contains(std::string_view term) const { return find(term) >= 0; }
  int doc_frequency(std::string_view term) const;

  struct Suggestion {
    std::string term;
    int distance;
    int df;
  };
  // Known words within an edit distance that grows with the word's length (1 up to 7 letters, 2
  // from 8; a transposition counts once), closest first, then most frequent.
  std::vector<Suggestion> suggest(const std::string &word, size_t max) const;

  size_t size() const { return df_.size(); }

 private:
  // Every term in byte order, in one buffer: a large table has a few hundred thousand terms, and
  // a hash map of strings cost about 200 bytes each (tens of MB per language at 1M entries).
  std::string text_;
  std::vector<uint32_t> start_;  // term i is text_[start_[i], start_[i + 1])
  std::vector<int32_t> df_;
  long find(std::string_view term) const;  // index, or -1
  std::string_view term(size_t i) const {
    return std::string_view(text_).substr(start_[i], start_[i + 1] - start_[i]);
  }
  // Plain words (no stems, numbers or single CJK characters) by index, grouped by length in code
  // points and first letter, and by length and second letter: suggest() compares a word only
  // with words that share one of those, so it reads just those groups.
  static uint64_t letter_bits(const std::u32string &w);
  static uint64_t key(size_t len, char32_t c) { return (static_cast<uint64_t>(len) << 32) | c; }
  std::unordered_map<uint64_t, std::vector<uint32_t>> by_first_, by_second_;
  // Per term (0 for terms that are not plain words), one bit per letter (hashed to 64): an edit
  // adds or removes at most one letter on each side, so words whose bits differ in more than
  // 2 * limit places are skipped unread.
  std::vector<uint64_t> letters_;
};

// Optimal string alignment distance, stopping early above `limit`.
int edit_distance(const std::u32string &a, const std::u32string &b, int limit);
std::u32string to_u32(std::string_view utf8);
// The same into `out` (reused: no allocation once it is large enough).
void to_u32(std::string_view utf8, std::u32string &out);

}  // namespace faqlite::search
