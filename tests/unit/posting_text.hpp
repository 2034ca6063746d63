// A posting list as text (rows, counts, hits and the per-column maxima), so that a failed
// comparison of two lists shows both in full.
#pragma once

#include <string>

#include "index/posting_list.hpp"

namespace faqlite::test {

inline std::string posting_text(const index::PostingList &l) {
  std::string s;
  for (size_t i = 0; i < l.rows.size(); ++i) {
    const auto &r = l.rows[i];
    s += std::to_string(r.rowid) + ":";
    for (int c = 0; c < index::kFtsColumns; ++c) s += std::to_string(r.tf[c]) + ",";
    for (size_t h = r.hits_begin; h < l.hits_end(i); ++h)
      s += std::to_string(l.hits[h].col) + "/" + std::to_string(l.hits[h].off) + " ";
    s += ";";
  }
  for (int c = 0; c < index::kFtsColumns; ++c) s += "max" + std::to_string(l.max_tf[c]);
  return s;
}

}  // namespace faqlite::test
