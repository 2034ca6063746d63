// Answer filters: a small JSON language compiled to an SQL condition over the entries table
// (alias e), with every value bound as a parameter.
//
//   {"tags": "salary"} or {"tags": ["a", "b"]}   entry has any of the tags
//   {"section": ..}, {"kind": ..}, {"id": ..}     equal to one of the values
//   {"lang": ..}                                  language tag or its primary subtag
//   {"meta.level": "senior"}                      a field of the entry's meta object
//   {"all": [F, ...]}, {"any": [F, ...]}, {"not": F}
// Several keys in one object must all hold.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace faqlite::search {

struct CompiledFilter {
  std::string sql;                   // empty: no filter
  std::vector<nlohmann::json> args;  // strings or numbers, bound in order
};

// Throws Error(kInvalid) naming the offending part.
CompiledFilter compile_filter(const nlohmann::json &filter);

}  // namespace faqlite::search
