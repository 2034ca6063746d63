// The ranking of one row, shared by every way of finding the rows: faqlite_collect() inside an
// FTS5 statement, and the list matcher over cached phrase lists (list_matcher.hpp). Both hand
// the same RowMatches to score_row(), so the two give bit-identical scores.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "search/phrase_list.hpp"
#include "search/query.hpp"
#include "search/rank_params.hpp"
#include "search/small_vector.hpp"

namespace faqlite::search {

// Evidence for one row.
struct RowEvidence {
  double score = 0;            // the ranking score (higher is better)
  double bm25f = 0;            // before the coverage factor
  double coverage = 0;         // share of the question's IDF mass matched anywhere (0..1)
  double coverage_q = 0;       // ... matched in the question or alternates
  double coverage_t = 0;       // ... matched in the title/section/tags
  double coverage_own = 0;     // coverage over the question's own words only (no context)
  double coverage_window = 0;  // ... matched within one stretch of a short field (a phrasing)
  double idf_mass = 0;         // sum of the groups' IDF (how specific the question is)
  // Per group: the matched alternative (-1 none) and the best column it matched in.
  GroupValues<int> best_alt;
  GroupValues<int> best_col;
  GroupValues<double> group_idf;
};

struct RankedRow {
  long long rowid = 0;
  RowEvidence evidence;
};

// The order of results: best score first, then lowest rowid.
inline bool ranks_before(const RankedRow &a, const RankedRow &b) {
  if (a.evidence.score != b.evidence.score) return a.evidence.score > b.evidence.score;
  return a.rowid < b.rowid;
}

// What a query's ranking needs from the table, computed once per query and table (as FTS5's
// own bm25 does): average column lengths and every phrase's IDF, flattened per phrase so that a
// row's evaluation reads no Query structure.
struct QueryStats {
  double avg_len[kColumns] = {1, 1, 1, 1};
  std::vector<double> phrase_idf;
  std::vector<double> group_idf;
  std::vector<char> phrase_found;  // df > 0
  double idf_cap = 0;
  size_t n_scored = 0;  // phrases scored: those of the statement that map to a query phrase
  std::vector<uint32_t> ph_group;
  std::vector<int> ph_alt;
  std::vector<double> ph_weight, ph_idf;  // the alternative's weight; IDF never above its group's
  std::vector<double> group_weight;
  std::vector<char> group_own;  // a word of the question itself, not of the context
};

// `rows` and `totals` are the table's row count and total length of each column; `df[p]` the
// number of rows phrase p of the statement matches (`df.size()` phrases, which may differ from
// `q.phrases.size()` only when the statement is not the query's).
std::shared_ptr<QueryStats> make_query_stats(const Query &q, long long rows,
                                             const long long totals[kColumns],
                                             const std::vector<long long> &df);

// Where one phrase matched in a short field (question, alternates, title): what the phrasing
// window needs. Offsets are FTS5 token positions.
struct PhraseHit {
  int col, off, phrase;
};

// One row's matches of the query's phrases, filled by the caller between begin() and scoring.
// The short-field hits come either one by one in `hits`, or as ranges of phrase lists in
// `ranges` (phrase by phrase, each in its list's order), which score_row() copies into `hits`
// only when the row passes the bound that needs no hits: most rows do not.
struct RowMatches {
  struct HitRange {
    const PhraseList::Hit *begin, *end;
    int phrase;
  };
  std::vector<int> tf;            // tf[p * kColumns + c]: occurrences of phrase p in column c
  std::vector<uint32_t> touched;  // the phrases with a non-zero tf, each once, ascending
  std::vector<PhraseHit> hits;    // occurrences in the short fields
  std::vector<HitRange> ranges;

  // Zeroes what the previous row set (cheaper than the whole array, row after row).
  void begin(size_t n_scored) {
    if (tf.size() != n_scored * kColumns) {
      tf.assign(n_scored * kColumns, 0);
    } else {
      for (uint32_t p : touched)
        for (int c = 0; c < kColumns; ++c) tf[p * kColumns + static_cast<size_t>(c)] = 0;
    }
    touched.clear();
    hits.clear();
    ranges.clear();
  }
};

// The row's column lengths, asked for only when the row may be kept: reading them is the
// costly part of a row. Returns an SQLite result code.
using LengthsFn = int (*)(void *user, int lens[kColumns]);

// Scores the row. With a `floor`, a row whose score bound is below it is not evaluated further:
// `*pruned` is set and `ev` is left incomplete; a row scored below the floor gets only its
// scalar evidence (it cannot be kept). Every sum runs in the same order whatever the
// row, so equal evidence always gives bit-identical scores. Reorders `m.hits`.
int score_row(const QueryStats &st, const RankParams &P, RowMatches &m, LengthsFn lengths,
              void *user, RowEvidence &ev, const double *floor = nullptr, bool *pruned = nullptr);

}  // namespace faqlite::search
