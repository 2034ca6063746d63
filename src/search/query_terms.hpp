// A question's alternatives as term ids, the ids the entry analyses it is matched against use
// (the index's lexicon ids for stored analyses, or a term table's), for the snippets and phrasing
// matches of one question: a question shows ten answers and re-ranks a dozen candidates, and
// looking its terms up again for each of them hashed the same few strings twenty times over.
#pragma once

#include <cstdint>
#include <string_view>
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

// Fills `out` with the terms of every alternative of `q`, each as `id_of(term)`.
template <class IdOf>
void query_terms(const Query &q, IdOf &&id_of, QueryTerms &out) {
  out.ids.clear();
  out.start.clear();
  out.group_first.clear();
  for (const Group &g : q.groups) {
    out.group_first.push_back(static_cast<uint32_t>(out.start.size()));
    for (const Alternative &alt : g.alts) {
      out.start.push_back(static_cast<uint32_t>(out.ids.size()));
      for (const auto &t : alt.terms) out.ids.push_back(id_of(std::string_view(t)));
    }
  }
  out.group_first.push_back(static_cast<uint32_t>(out.start.size()));
  out.start.push_back(static_cast<uint32_t>(out.ids.size()));
}

// The same with `table`'s ids, adding the terms it lacks.
inline void query_terms(const Query &q, TermTable &table, QueryTerms &out) {
  query_terms(
      q, [&](std::string_view t) { return table.add(t); }, out);
}

}  // namespace faqlite::search
