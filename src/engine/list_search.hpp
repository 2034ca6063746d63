// The engine's side of the list matcher (search/list_matcher.hpp): each phrase's rows from the
// session's cache, or from FTS5 with one statement per phrase not kept yet; the table's
// statistics; and rows' column lengths from FTS5's docsize table.
#pragma once

#include <string>
#include <vector>

#include "engine/session.hpp"
#include "search/query.hpp"
#include "search/row_score.hpp"

namespace faqlite::engine {

// The best `keep` rows of full-text table `table` for `q`, best first, into `rows`, and true;
// false when the lists cannot answer it (then faqlite_collect() must). `known_df[i]` is phrase
// i's document frequency when known, else -1; `allowed`, when set, the rows an answer filter
// lets through (ascending). Throws Error on SQLite errors.
bool search_with_lists(Session &s, long long generation, const std::string &table,
                       const search::Query &q, const std::vector<long long> &known_df, size_t keep,
                       const std::vector<long long> *allowed, std::vector<search::RankedRow> &rows);

}  // namespace faqlite::engine
