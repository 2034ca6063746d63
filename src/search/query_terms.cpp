#include "search/query_terms.hpp"

namespace faqlite::search {

void query_terms(const Query &q, TermTable &table, QueryTerms &out) {
  out.ids.clear();
  out.start.clear();
  out.group_first.clear();
  for (const Group &g : q.groups) {
    out.group_first.push_back(static_cast<uint32_t>(out.start.size()));
    for (const Alternative &alt : g.alts) {
      out.start.push_back(static_cast<uint32_t>(out.ids.size()));
      for (const auto &t : alt.terms) out.ids.push_back(table.add(t));
    }
  }
  out.group_first.push_back(static_cast<uint32_t>(out.start.size()));
  out.start.push_back(static_cast<uint32_t>(out.ids.size()));
}

}  // namespace faqlite::search
