// A question's alternatives as ids of the term table that the cached entry analyses use
// (search/term_table.hpp), for the snippets and phrasing matches of one question.
//
// A question shows ten answers and re-ranks a dozen candidates; looking its terms up again for
// each of them hashed the same few strings twenty times over. The terms are added to the table,
// not just looked up: an analysis decoded later in the question then maps the same term to the
// same id, so the ids stay right until the table is emptied (callers recompute them then).
#pragma once

#include <cstdint>
#include <vector>

#include "search/query.hpp"
#include "search/term_table.hpp"

namespace faqlite::search {

struct QueryTerms {
  std::vector<uint32_t> ids;  // every alternative's terms, one alternative after another
  // Alternative a of group g is alternative k = group_first[g] + a, its terms
  // ids[start[k], start[k + 1]).
  std::vector<uint32_t> start;
  std::vector<uint32_t> group_first;

  size_t alt_index(size_t group, size_t alt) const { return group_first[group] + alt; }
  const uint32_t *terms(size_t k) const { return ids.data() + start[k]; }
  size_t size(size_t k) const { return start[k + 1] - start[k]; }
};

// Fills `out` with the terms of every alternative of `q`, adding them to `table`.
void query_terms(const Query &q, TermTable &table, QueryTerms &out);

}  // namespace faqlite::search
