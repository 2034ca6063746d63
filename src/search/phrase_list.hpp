// Every row of a table that one phrase matches, with what ranking needs of each: the phrase's
// occurrences per column and its positions in the short fields. The list matcher
// (list_matcher.hpp) ranks a question from these lists; sessions keep them across questions,
// since a frequent word's list serves question after question.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "search/rank_params.hpp"

namespace faqlite::search {

struct PhraseList {
  struct Row {
    long long rowid;
    uint32_t hits_begin;  // into `hits`; a row's hits end where the next row's begin
    int tf[kColumns];
  };
  struct Hit {
    int col, off;
  };
  std::vector<Row> rows;                // by ascending rowid
  std::vector<Hit> hits;                // in the short fields (question, alternates, title)
  int max_tf[kColumns] = {0, 0, 0, 0};  // the most occurrences in any one row, per column

  size_t hits_end(size_t i) const {
    return i + 1 < rows.size() ? rows[i + 1].hits_begin : hits.size();
  }
  size_t bytes() const {
    return sizeof(*this) + rows.capacity() * sizeof(Row) + hits.capacity() * sizeof(Hit);
  }
};

}  // namespace faqlite::search
