// Every row of a full-text table that one term (or phrase) matches, with what ranking needs of
// each: its occurrences per column and its positions in the short fields (question, alternates,
// title). The store keeps one per index term (posting_store.hpp); the list matcher ranks from
// them (search/list_matcher.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace faqlite::index {

constexpr int kFtsColumns = 4;    // question, alternates, title, answer (Store::fts_values)
constexpr int kShortColumns = 3;  // the columns whose positions are kept

struct PostingList {
  struct Row {
    long long rowid;
    uint32_t hits_begin;  // into `hits`; a row's hits end where the next row's begin
    int tf[kFtsColumns];
  };
  struct Hit {
    int col, off;  // FTS5's column and token position
  };
  std::vector<Row> rows;                   // by ascending rowid
  std::vector<Hit> hits;                   // per row, by column then position
  int max_tf[kFtsColumns] = {0, 0, 0, 0};  // the most occurrences in any one row, per column

  size_t hits_end(size_t i) const {
    return i + 1 < rows.size() ? rows[i + 1].hits_begin : hits.size();
  }
  size_t bytes() const {
    return sizeof(*this) + rows.capacity() * sizeof(Row) + hits.capacity() * sizeof(Hit);
  }
};

}  // namespace faqlite::index
