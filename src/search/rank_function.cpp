#include "search/rank_function.hpp"

#include <algorithm>
#include <cmath>
#include <new>
#include <stdexcept>

#include "index/fts_tokenizer.hpp"

namespace faqlite::search {
namespace {

int count_rows(const Fts5ExtensionApi *, Fts5Context *, void *user) {
  ++*static_cast<sqlite3_int64 *>(user);
  return SQLITE_OK;
}

// The table's row count and column totals, as FTS5 reports them to any auxiliary function.
int table_stats(const Fts5ExtensionApi *api, Fts5Context *fts, long long *rows,
                long long totals[kColumns]) {
  sqlite3_int64 n = 0;
  int rc = api->xRowCount(fts, &n);
  *rows = n;
  for (int c = 0; c < kColumns && rc == SQLITE_OK; ++c) {
    sqlite3_int64 total = 0;
    rc = api->xColumnTotalSize(fts, c, &total);
    totals[c] = total;
  }
  return rc;
}

// The statement's query statistics, computed on its first row and kept for the rest (and for
// the other statements of the same query serial).
const QueryStats *stats_for(const Fts5ExtensionApi *api, Fts5Context *fts, RankContext &ctx,
                            int *rc) {
  if (ctx.stats && ctx.stats_serial == ctx.serial)
    return static_cast<const QueryStats *>(ctx.stats.get());
  long long rows = 0, totals[kColumns] = {0, 0, 0, 0};
  *rc = table_stats(api, fts, &rows, totals);
  const int n_phrases = api->xPhraseCount(fts);
  std::vector<long long> df(static_cast<size_t>(n_phrases), 0);
  for (int p = 0; p < n_phrases && *rc == SQLITE_OK; ++p) {
    const auto i = static_cast<size_t>(p);
    if (i < ctx.known_df.size() && ctx.known_df[i] >= 0) {
      df[i] = ctx.known_df[i];
      continue;
    }
    sqlite3_int64 n = 0;
    *rc = api->xQueryPhrase(fts, p, &n, count_rows);
    df[i] = n;
    // Handed back: the caller may keep it for the next question (phrases of CJK words).
    if (*rc == SQLITE_OK && i < ctx.known_df.size()) ctx.known_df[i] = n;
  }
  if (*rc != SQLITE_OK) return nullptr;
  std::shared_ptr<QueryStats> st = make_query_stats(*ctx.query, rows, totals, df);
  ctx.stats = st;
  ctx.stats_serial = ctx.serial;
  return st.get();
}

// The current row's column lengths, from the engine's length cache when it has them; rows past
// its bound, or with a column of 65,535 terms or more, are read from FTS5 every time.
struct LengthsOfRow {
  const Fts5ExtensionApi *api;
  Fts5Context *fts;
  RankContext *ctx;
};

int column_lengths(void *user, int lens[kColumns]) {
  auto *l = static_cast<LengthsOfRow *>(user);
  LengthCache *cache = l->ctx->lengths.get();
  const long long rowid = l->api->xRowid(l->fts);
  if (cache && cache->get(rowid, lens)) return SQLITE_OK;
  for (int c = 0; c < kColumns; ++c) {
    int rc = l->api->xColumnSize(l->fts, c, &lens[c]);
    if (rc != SQLITE_OK) return rc;
  }
  if (cache) cache->put(rowid, lens);
  return SQLITE_OK;
}

// Evaluates the current row (score_row() with the phrases' occurrences read through FTS5).
int evaluate(const Fts5ExtensionApi *api, Fts5Context *fts, RankContext &ctx, RowEvidence &ev,
             const double *floor = nullptr, bool *pruned = nullptr) {
  int rc = SQLITE_OK;
  const QueryStats *st = stats_for(api, fts, ctx, &rc);
  if (!st) return rc;
  const size_t n_scored = st->n_scored;
  thread_local RowMatches m;
  m.begin(n_scored);
  // Each phrase's positions in this row (the same hits as xInst, without merging them in order).
  for (size_t p = 0; p < n_scored && rc == SQLITE_OK; ++p) {
    Fts5PhraseIter it;
    int col = -1, off = 0;
    int *row = &m.tf[p * kColumns];
    bool hit = false;
    rc = api->xPhraseFirst(fts, static_cast<int>(p), &it, &col, &off);
    for (; rc == SQLITE_OK && col >= 0; api->xPhraseNext(fts, &it, &col, &off)) {
      if (col >= kColumns) continue;
      ++row[col];
      hit = true;
      if (col != kAnswer) m.hits.push_back({col, off, static_cast<int>(p)});
    }
    if (hit) m.touched.push_back(static_cast<uint32_t>(p));
  }
  if (rc != SQLITE_OK) return rc;
  LengthsOfRow lengths{api, fts, &ctx};
  return score_row(*st, *ctx.params, m, column_lengths, &lengths, ev, floor, pruned);
}

void collect_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *out, int,
                sqlite3_value **) {
  auto *ctx = static_cast<RankContext *>(api->xUserData(fts));
  if (!ctx || !ctx->query || ctx->keep == 0) {
    sqlite3_result_error(out, "faqlite_collect() used outside a faqlite search", -1);
    return;
  }
  try {
    // `collected` is a heap with the worst kept row on top: a row must beat it to enter.
    std::vector<RankedRow> &kept = ctx->collected;
    const bool full = kept.size() >= ctx->keep;
    const double floor = full ? kept.front().evidence.score : 0;
    thread_local RowEvidence ev;
    bool pruned = false;
    int rc = evaluate(api, fts, *ctx, ev, full ? &floor : nullptr, &pruned);
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code(out, rc);
      return;
    }
    sqlite3_result_null(out);
    if (pruned) return;
    const sqlite3_int64 rowid = api->xRowid(fts);
    if (full) {
      const RankedRow &worst = kept.front();
      const bool beats =
          ev.score != worst.evidence.score ? ev.score > worst.evidence.score : rowid < worst.rowid;
      if (!beats) return;
      std::pop_heap(kept.begin(), kept.end(), ranks_before);
      kept.back().rowid = rowid;
      kept.back().evidence = ev;  // reuses the evicted row's buffers
    } else {
      kept.push_back({rowid, ev});
    }
    std::push_heap(kept.begin(), kept.end(), ranks_before);
  } catch (const std::bad_alloc &) {
    sqlite3_result_error_nomem(out);
  } catch (...) {
    sqlite3_result_error(out, "faqlite_collect() failed", -1);
  }
}

// One row of phrase 0 of the query behind `fts` (an xQueryPhrase callback) into `user`'s list.
int add_phrase_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *user) {
  PhraseList &list = *static_cast<PhraseList *>(user);
  PhraseList::Row row{api->xRowid(fts), static_cast<uint32_t>(list.hits.size()), {0, 0, 0, 0}};
  Fts5PhraseIter it;
  int col = -1, off = 0;
  int rc = api->xPhraseFirst(fts, 0, &it, &col, &off);
  for (; rc == SQLITE_OK && col >= 0; api->xPhraseNext(fts, &it, &col, &off)) {
    if (col >= kColumns) continue;
    ++row.tf[col];
    if (col != kAnswer) list.hits.push_back({col, off});
  }
  if (rc != SQLITE_OK) return rc;
  for (int c = 0; c < kColumns; ++c) list.max_tf[c] = std::max(list.max_tf[c], row.tf[c]);
  list.rows.push_back(row);
  return SQLITE_OK;
}

// Called on the first row of the statement only (LIMIT 1): each phrase's whole list is read
// with xQueryPhrase, which walks it inside FTS5, without a step of the statement per row.
void phrase_rows_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *out, int,
                    sqlite3_value **) {
  auto *ctx = static_cast<RankContext *>(api->xUserData(fts));
  const int n_phrases = api->xPhraseCount(fts);
  if (!ctx || static_cast<size_t>(n_phrases) != ctx->phrase_outs.size()) {
    sqlite3_result_error(out, "faqlite_phrase_rows() used outside a faqlite search", -1);
    return;
  }
  try {
    int rc = SQLITE_OK;
    if (ctx->table_rows < 0) rc = table_stats(api, fts, &ctx->table_rows, ctx->table_totals);
    for (int p = 0; p < n_phrases && rc == SQLITE_OK; ++p) {
      PhraseList *list = ctx->phrase_outs[static_cast<size_t>(p)];
      if (list && list->rows.empty()) rc = api->xQueryPhrase(fts, p, list, add_phrase_row);
    }
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code(out, rc);
      return;
    }
    sqlite3_result_null(out);
  } catch (const std::bad_alloc &) {
    sqlite3_result_error_nomem(out);
  } catch (...) {
    sqlite3_result_error(out, "faqlite_phrase_rows() failed", -1);
  }
}

}  // namespace

std::vector<RankedRow> take_collected(RankContext &ctx) {
  std::vector<RankedRow> rows = std::move(ctx.collected);
  ctx.collected.clear();
  std::sort(rows.begin(), rows.end(), ranks_before);
  return rows;
}

const RankParams &default_rank_params() {
  static const RankParams p;
  return p;
}

void register_rank_functions(sqlite3 *db, RankContext *ctx) {
  fts5_api *api = index::fts5_api_of(db);
  if (!api) throw std::runtime_error("FTS5 unavailable");
  if (api->xCreateFunction(api, "faqlite_collect", ctx, collect_fn, nullptr) != SQLITE_OK ||
      api->xCreateFunction(api, "faqlite_phrase_rows", ctx, phrase_rows_fn, nullptr) != SQLITE_OK)
    throw std::runtime_error("cannot register faqlite ranking functions");
}

}  // namespace faqlite::search
