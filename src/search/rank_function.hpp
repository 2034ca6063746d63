// faqlite's FTS5 auxiliary function faqlite_collect(): the ranking (BM25F over the four columns
// with word-level coverage) of every matching row, keeping the best rows with the per-row
// evidence used for confidence and explanations.
//
// FTS5's built-in bm25() normalizes by the whole row and floors the IDF of common terms to ~0,
// which makes small FAQ corpora rank near-randomly. The function gets the query's group
// structure through a per-connection RankContext that the searcher sets before each statement
// runs (a connection is used by one thread at a time, so no locking is needed).
#pragma once

#include <sqlite3.h>

#include <memory>
#include <vector>

#include "search/length_cache.hpp"
#include "search/phrase_list.hpp"
#include "search/query.hpp"
#include "search/rank_params.hpp"
#include "search/row_score.hpp"

namespace faqlite::search {

struct RankContext {
  const Query *query = nullptr;
  const RankParams *params = &default_rank_params();
  // Document frequency of each phrase of `query` when the caller knows it (from the vocabulary),
  // else -1: the ranking function then counts it with xQueryPhrase and stores it here.
  std::vector<long long> known_df;
  // Bumped by the caller whenever `query` or `known_df` changes; the per-query statistics are
  // computed once per serial, not once per function and statement.
  unsigned long serial = 0;
  unsigned long stats_serial = 0;
  std::shared_ptr<void> stats;
  // faqlite_collect() keeps the best `keep` rows of the statement it runs in, with their
  // evidence, in `collected` (take them with take_collected()). A row whose score bound is below
  // the keep-th best score seen so far is not evaluated in full: it could not be kept.
  size_t keep = 0;
  std::vector<RankedRow> collected;
  // Column lengths of the rows seen (search/length_cache.hpp), shared with the engine's other
  // sessions: reading them costs FTS5 a query of its docsize table per row, and the same rows
  // come back question after question. The caller sets the cache of the index generation it
  // reads before the statement runs; null reads every row's lengths.
  std::shared_ptr<LengthCache> lengths;
  // faqlite_phrase_rows() fills phrase_outs[i] (when not null) with the rows of phrase i of its
  // statement, and leaves the table's row count and column totals in `table_rows`/`table_totals`.
  std::vector<PhraseList *> phrase_outs;
  long long table_rows = -1;
  long long table_totals[kColumns] = {0, 0, 0, 0};
};

// Registers faqlite_collect() on `db`, reading `ctx` (which must outlive the connection). It
// returns NULL and fills `ctx->collected`; a statement `SELECT 1 FROM t WHERE t MATCH ? AND
// faqlite_collect(t) IS NOT NULL` visits every matching row once, and needs no sort of them all
// as ORDER BY rank does.
// Registers faqlite_phrase_rows() too: `SELECT faqlite_phrase_rows(t) FROM t WHERE t MATCH ?
// LIMIT 1` fills `ctx->phrase_outs` with every phrase's rows.
void register_rank_functions(sqlite3 *db, RankContext *ctx);

// The rows faqlite_collect() kept, best first (by score, then rowid), emptying the context.
std::vector<RankedRow> take_collected(RankContext &ctx);

}  // namespace faqlite::search
