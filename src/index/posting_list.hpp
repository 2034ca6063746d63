// Every row of a full-text table that one term (or phrase) matches, with what ranking needs of
// each: its occurrences per column and its positions in the short fields (question, alternates,
// title). The store keeps one per index term (posting_store.hpp); the list matcher ranks from
// them (search/list_matcher.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace faqlite::index {

constexpr int kFtsColumns = 4;    // question, alternates, title, answer (Store::fts_values)
constexpr int kShortColumns = 3;  // the columns whose positions are kept for every term

// Terms written with code points from U+0800 on (a UTF-8 lead byte of 0xE0 or more: CJK, kana,
// Hangul, Thai and the other unigram scripts) also keep their positions in the answer column.
// Questions search words of those scripts as phrases of their characters, and such a phrase's
// rows are then put together from its characters' postings (index/phrase_postings.hpp) instead
// of asking FTS5, whose merge of two frequent characters' position lists was a third of a
// question at a million entries. A rule on the bytes alone, so writer and reader cannot differ.
inline bool keeps_answer_positions(std::string_view term) {
  return !term.empty() && static_cast<unsigned char>(term[0]) >= 0xE0;
}

struct PostingList {
  struct Row {
    long long rowid;
    uint32_t hits_begin;  // into `hits`; a row's hits end where the next row's begin
    int tf[kFtsColumns];
  };
  struct Hit {
    int col, off;  // FTS5's column and token position
  };
  std::vector<Row> rows;  // by ascending rowid
  std::vector<Hit> hits;  // per row, by column then position: the short columns' (and the
                          // answer's, when read for phrases of keeps_answer_positions terms)
  int max_tf[kFtsColumns] = {0, 0, 0, 0};  // the most occurrences in any one row, per column

  size_t hits_end(size_t i) const {
    return i + 1 < rows.size() ? rows[i + 1].hits_begin : hits.size();
  }
  size_t bytes() const {
    return sizeof(*this) + rows.capacity() * sizeof(Row) + hits.capacity() * sizeof(Hit);
  }
};

}  // namespace faqlite::index
