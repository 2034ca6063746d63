// The terms of one language's full-text table, for "is this word known?" and spelling
// corrections ("salery" -> "salary"). Loaded from fts5vocab once per index generation and
// shared, read-only, by every thread.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace faqlite::search {

class Vocabulary {
 public:
  static std::shared_ptr<const Vocabulary> load(sqlite3 *db, const std::string &fts_table);

  bool contains(const std::string &term) const { return df_.count(term) > 0; }
  int doc_frequency(const std::string &term) const;

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
  std::unordered_map<std::string, int> df_;
  // Plain words (no stems, numbers or single CJK characters) grouped by length in code points.
  std::unordered_map<size_t, std::vector<std::pair<std::u32string, const std::string *>>> by_len_;
};

// Optimal string alignment distance, stopping early above `limit`.
int edit_distance(const std::u32string &a, const std::u32string &b, int limit);
std::u32string to_u32(const std::string &utf8);

}  // namespace faqlite::search
