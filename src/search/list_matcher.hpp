// Ranking a question from its phrases' lists (phrase_list.hpp) instead of an FTS5 statement.
//
// faqlite_collect() sees every row that holds any phrase of the question, and a question with a
// frequent word ("account", "how") matches a large part of the table; FTS5 merges all those
// lists with their positions before the ranking can refuse a single row. The list matcher skips
// them the way MaxScore does: each word (group) has an upper bound on what it can add to a
// score, and once the best rows kept so far score above what the weakest words could reach
// together (with the coverage they would bring), rows that hold only those words are never
// looked at; the lists of the other words are only probed at the rows the strong words name.
// That floor comes early: the rows of the question's rarest words (short lists) are scored
// first, and the rest of the rows in rowid order after them.
// The rows it does look at are scored by the same score_row() as faqlite_collect(), and a row
// is skipped only when it could not be kept, so both return the same rows with the same
// evidence (tests/unit/test_list_matcher.cpp checks it).
#pragma once

#include <vector>

#include "search/phrase_list.hpp"
#include "search/row_score.hpp"

namespace faqlite::search {

// A row's column lengths; an SQLite result code.
using RowLengthsFn = int (*)(void *user, long long rowid, int lens[kColumns]);

struct ListMatch {
  const QueryStats *stats = nullptr;
  const RankParams *params = nullptr;
  // Per scored phrase (stats->n_scored of them): its rows, or null when it matches none.
  std::vector<const PhraseList *> lists;
  size_t keep = 0;  // how many of the best rows to return
  // When set, only these rows (ascending rowids) may be returned: the rows an answer filter
  // lets through. Others are passed over as if no list held them.
  const std::vector<long long> *allowed = nullptr;
  RowLengthsFn lengths = nullptr;
  void *user = nullptr;
};

// The best `m.keep` rows, best first (by score, then rowid), into `out`; an SQLite result code.
int match_lists(const ListMatch &m, std::vector<RankedRow> &out);

}  // namespace faqlite::search
