// A phrase's rows, as the list matcher reads them: index::PostingList, whether the store kept it
// for a term or FTS5 matched a phrase of several terms (rank_function.hpp, faqlite_phrase_rows).
#pragma once

#include "index/posting_list.hpp"
#include "search/rank_params.hpp"

namespace faqlite::search {

using PhraseList = index::PostingList;
static_assert(index::kFtsColumns == kColumns, "the index and the ranking count the same columns");
static_assert(index::kShortColumns == kAnswer, "positions are kept for the columns before answer");

}  // namespace faqlite::search
