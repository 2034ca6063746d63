#include "search/rank_function.hpp"

#include <algorithm>
#include <cmath>
#include <new>
#include <stdexcept>

#include "index/fts_tokenizer.hpp"

namespace faqlite::search {
namespace {

// Statistics that depend only on the query and the table, computed on the first row and kept
// for the rest of the statement (as FTS5's own bm25 does).
struct QueryStats {
  double avg_len[kColumns] = {1, 1, 1, 1};
  std::vector<double> phrase_idf;
  std::vector<double> group_idf;
  std::vector<char> phrase_found;  // df > 0
  double idf_cap = 0;
  // Per phrase of the statement (only those that map to a query phrase): its group, its
  // alternative's weight, and the IDF it scores with (its own, never above its group's); per
  // group, its weight. Flat copies, so that a row's evaluation reads no Query structure.
  size_t n_scored = 0;
  std::vector<uint32_t> ph_group;
  std::vector<int> ph_alt;
  std::vector<double> ph_weight, ph_idf;
  std::vector<double> group_weight;
  std::vector<char> group_own;  // a word of the question itself, not of the context
};

struct Hit {
  int col, off, phrase;
};

struct Scratch {
  // tf[p * kColumns + c]: all zero between rows except the rows of `touched`, the phrases the
  // last row matched (zeroing those is cheaper than the whole array for every row).
  std::vector<int> tf;
  std::vector<uint32_t> touched;
  std::vector<Hit> hits;
  std::vector<double> in_window, group_best, match_any, match_q, match_t;
};

int count_rows(const Fts5ExtensionApi *, Fts5Context *, void *user) {
  ++*static_cast<sqlite3_int64 *>(user);
  return SQLITE_OK;
}

QueryStats *stats_for(const Fts5ExtensionApi *api, Fts5Context *fts, RankContext &ctx, int *rc) {
  if (ctx.stats && ctx.stats_serial == ctx.serial)
    return static_cast<QueryStats *>(ctx.stats.get());
  const Query &q = *ctx.query;
  auto holder = std::make_shared<QueryStats>();
  QueryStats *st = holder.get();
  sqlite3_int64 rows = 0;
  *rc = api->xRowCount(fts, &rows);
  const double n = static_cast<double>(rows > 0 ? rows : 1);
  for (int c = 0; c < kColumns && *rc == SQLITE_OK; ++c) {
    sqlite3_int64 total = 0;
    *rc = api->xColumnTotalSize(fts, c, &total);
    st->avg_len[c] = total > 0 ? static_cast<double>(total) / n : 1.0;
  }
  const int n_phrases = api->xPhraseCount(fts);
  st->phrase_idf.assign(static_cast<size_t>(n_phrases), 0.0);
  st->phrase_found.assign(static_cast<size_t>(n_phrases), 0);
  st->idf_cap = std::log(1.0 + (n - 1 + 0.5) / 1.5);  // the IDF of a term found in one row
  for (int p = 0; p < n_phrases && *rc == SQLITE_OK; ++p) {
    sqlite3_int64 df = 0;
    if (static_cast<size_t>(p) < ctx.known_df.size() && ctx.known_df[static_cast<size_t>(p)] >= 0)
      df = ctx.known_df[static_cast<size_t>(p)];
    else {
      *rc = api->xQueryPhrase(fts, p, &df, count_rows);
      // Handed back: the caller may keep it for the next question (phrases of CJK words).
      if (*rc == SQLITE_OK && static_cast<size_t>(p) < ctx.known_df.size())
        ctx.known_df[static_cast<size_t>(p)] = df;
    }
    double idf =
        std::log(1.0 + (n - static_cast<double>(df) + 0.5) / (static_cast<double>(df) + 0.5));
    st->phrase_idf[static_cast<size_t>(p)] = std::min(idf, st->idf_cap);
    st->phrase_found[static_cast<size_t>(p)] = df > 0;
  }
  // A group is as specific as its exact form; when that form is not in the table (a misspelt or
  // foreign word), as its best expansion that is; when none is, as the rarest possible term, so
  // an unknown word lowers coverage as much as any word can.
  st->group_idf.assign(q.groups.size(), -1.0);
  std::vector<char> exact_found(q.groups.size(), 0);
  for (size_t i = 0; i < q.phrases.size() && i < st->phrase_idf.size(); ++i) {
    const PhraseRef &r = q.phrases[i];
    const size_t g = static_cast<size_t>(r.group);
    if (!st->phrase_found[i] || exact_found[g]) continue;
    if (r.alt == 0) {
      st->group_idf[g] = st->phrase_idf[i];
      exact_found[g] = 1;
    } else {
      st->group_idf[g] = std::max(st->group_idf[g], st->phrase_idf[i]);
    }
  }
  for (double &g : st->group_idf)
    if (g < 0) g = st->idf_cap;
  st->n_scored = std::min(st->phrase_idf.size(), q.phrases.size());
  st->ph_group.resize(st->n_scored);
  st->ph_alt.resize(st->n_scored);
  st->ph_weight.resize(st->n_scored);
  st->ph_idf.resize(st->n_scored);
  for (size_t p = 0; p < st->n_scored; ++p) {
    const PhraseRef &r = q.phrases[p];
    const auto g = static_cast<size_t>(r.group);
    st->ph_group[p] = static_cast<uint32_t>(g);
    st->ph_alt[p] = r.alt;
    st->ph_weight[p] = q.groups[g].alts[static_cast<size_t>(r.alt)].weight;
    st->ph_idf[p] = std::min(st->phrase_idf[p], st->group_idf[g]);
  }
  st->group_weight.resize(q.groups.size());
  st->group_own.resize(q.groups.size());
  for (size_t g = 0; g < q.groups.size(); ++g) {
    st->group_weight[g] = q.groups[g].weight;
    st->group_own[g] = !q.groups[g].from_context;
  }
  if (*rc != SQLITE_OK) return nullptr;
  ctx.stats = holder;
  ctx.stats_serial = ctx.serial;
  return st;
}

// The current row's column lengths, from the context's cache when it has them. Rowids are
// dense from 1, so the cache is a flat array; rows past a bound, or with a column longer than
// 65,534 terms, are read from FTS5 every time.
int column_lengths(const Fts5ExtensionApi *api, Fts5Context *fts, RankContext &ctx,
                   int lens[kColumns]) {
  constexpr sqlite3_int64 kMaxCachedRowid = 1 << 22;  // 32 MB of lengths at most
  const sqlite3_int64 rowid = api->xRowid(fts);
  uint16_t *slot = nullptr;
  if (rowid > 0 && rowid < kMaxCachedRowid) {
    const size_t at = static_cast<size_t>(rowid) * kColumns;
    if (ctx.lengths.size() < at + kColumns)
      ctx.lengths.resize(std::max(at + kColumns, ctx.lengths.size() * 3 / 2),
                         RankContext::kUnknownLength);
    slot = &ctx.lengths[at];
    if (slot[0] != RankContext::kUnknownLength) {
      for (int c = 0; c < kColumns; ++c) lens[c] = slot[c];
      return SQLITE_OK;
    }
  }
  bool fits = true;
  for (int c = 0; c < kColumns; ++c) {
    int rc = api->xColumnSize(fts, c, &lens[c]);
    if (rc != SQLITE_OK) return rc;
    fits = fits && lens[c] >= 0 && lens[c] < RankContext::kUnknownLength;
  }
  if (slot && fits)
    for (int c = 0; c < kColumns; ++c) slot[c] = static_cast<uint16_t>(lens[c]);
  return SQLITE_OK;
}

// Evaluates the current row. With a `floor`, a row whose score bound is below it is not
// evaluated further: `*pruned` is set and `ev` is left incomplete. Every sum runs in the same
// order whatever the row, so equal evidence always gives bit-identical scores.
int evaluate(const Fts5ExtensionApi *api, Fts5Context *fts, RankContext &ctx, RowEvidence &ev,
             const double *floor = nullptr, bool *pruned = nullptr) {
  const RankParams &P = *ctx.params;
  int rc = SQLITE_OK;
  QueryStats *st = stats_for(api, fts, ctx, &rc);
  if (!st) return rc;
  const size_t n_scored = st->n_scored;
  const size_t n_groups = st->group_idf.size();
  // Buffers reused from row to row: a query ranks hundreds of rows, and allocating them per row
  // cost as much as the arithmetic.
  thread_local Scratch sc;
  std::vector<int> &tf = sc.tf;
  std::vector<uint32_t> &touched = sc.touched;
  if (tf.size() != n_scored * kColumns) {
    tf.assign(n_scored * kColumns, 0);
  } else {
    for (uint32_t p : touched)
      for (int c = 0; c < kColumns; ++c) tf[p * kColumns + static_cast<size_t>(c)] = 0;
  }
  touched.clear();
  std::vector<Hit> &phrasing_hits = sc.hits;  // hits in the short fields, for the phrasing window
  phrasing_hits.clear();
  // Each phrase's positions in this row (the same hits as xInst, without merging them in order).
  for (size_t p = 0; p < n_scored && rc == SQLITE_OK; ++p) {
    Fts5PhraseIter it;
    int col = -1, off = 0;
    int *row = &tf[p * kColumns];
    bool hit = false;
    rc = api->xPhraseFirst(fts, static_cast<int>(p), &it, &col, &off);
    for (; rc == SQLITE_OK && col >= 0; api->xPhraseNext(fts, &it, &col, &off)) {
      if (col >= kColumns) continue;
      ++row[col];
      hit = true;
      if (col != kAnswer) phrasing_hits.push_back({col, off, static_cast<int>(p)});
    }
    if (hit) touched.push_back(static_cast<uint32_t>(p));
  }
  if (rc != SQLITE_OK) return rc;
  // Phrasing coverage: the most of the question that one stretch of a short field matches. The
  // alternates column holds several phrasings one after another, and a question is best answered
  // by an entry one of whose phrasings says all of it, not by one that has each word in a
  // different phrasing.
  auto phrasing_window = [&]() {
    std::sort(phrasing_hits.begin(), phrasing_hits.end(), [](const Hit &a, const Hit &b) {
      return a.col != b.col ? a.col < b.col : a.off < b.off;
    });
    double best_window = 0;
    std::vector<double> &in_window = sc.in_window;
    in_window.assign(n_groups, 0.0);
    for (size_t i = 0; i < phrasing_hits.size(); ++i) {
      std::fill(in_window.begin(), in_window.end(), 0.0);
      for (size_t j = i; j < phrasing_hits.size() && phrasing_hits[j].col == phrasing_hits[i].col &&
                         phrasing_hits[j].off - phrasing_hits[i].off < P.phrasing_window;
           ++j) {
        const auto p = static_cast<size_t>(phrasing_hits[j].phrase);
        double &w = in_window[st->ph_group[p]];
        w = std::max(w, st->ph_weight[p]);
      }
      double sum = 0;
      for (size_t g = 0; g < n_groups; ++g)
        sum += st->group_weight[g] * st->group_idf[g] * in_window[g];
      best_window = std::max(best_window, sum);
    }
    return best_window;
  };
  double best_window = -1;  // not computed yet
  // Everything but the column lengths is known, and a column is at least as long as a phrase's
  // occurrences in it: with that shortest length, no term can weigh more, which bounds the score.
  // Reading the lengths costs a lookup per row, and most rows that share only a common word with
  // the question stop here.
  if (floor) {
    std::vector<double> &best = sc.group_best, &any = sc.match_any;
    best.assign(n_groups, 0.0);
    any.assign(n_groups, 0.0);
    for (uint32_t p : touched) {
      const int *row = &tf[p * kColumns];
      double pseudo = 0;
      for (int c = 0; c < kColumns; ++c) {
        const int f = row[c];
        if (!f) continue;
        const double rel = static_cast<double>(f) / st->avg_len[c];
        pseudo += P.column_weight[c] * f /
                  std::max(P.min_norm, 1.0 - P.column_b[c] + P.column_b[c] * rel);
      }
      if (pseudo <= 0) continue;
      const size_t g = st->ph_group[p];
      const double w = st->ph_weight[p];
      best[g] = std::max(best[g], w * st->ph_idf[p] * pseudo * (P.k1 + 1) / (pseudo + P.k1));
      any[g] = std::max(any[g], w);
    }
    double total = 0, mass = 0, cov = 0, own_mass = 0, own_cov = 0;
    for (size_t g = 0; g < n_groups; ++g) {
      const double idf = st->group_idf[g];
      total += st->group_weight[g] * best[g];
      mass += st->group_weight[g] * idf;
      cov += st->group_weight[g] * idf * any[g];
      if (st->group_own[g]) {
        own_mass += idf;
        own_cov += idf * any[g];
      }
    }
    const double cov_own = own_mass > 0 ? own_cov / own_mass : 0;
    // The margin covers rounding: the exact score sums the same terms in another order.
    auto below_floor = [&](double window_sum) {
      const double cov_window = mass > 0 ? window_sum / mass : 0;
      const double mix = (1 - P.window_share) * cov_own + P.window_share * cov_window;
      const double bound = total * (P.coverage_floor + (1 - P.coverage_floor) * mix);
      return bound * (1 + 1e-9) + 1e-12 < *floor;
    };
    // A window matches no more than the whole row: first the bound without the window, which
    // needs no sort of the hits.
    if (below_floor(cov)) {
      *pruned = true;
      return SQLITE_OK;
    }
    best_window = phrasing_window();
    if (below_floor(best_window)) {
      *pruned = true;
      return SQLITE_OK;
    }
  }
  if (best_window < 0) best_window = phrasing_window();
  int lens[kColumns];
  rc = column_lengths(api, fts, ctx, lens);
  if (rc != SQLITE_OK) return rc;
  double norm[kColumns];
  for (int c = 0; c < kColumns; ++c) {
    double rel = static_cast<double>(lens[c]) / st->avg_len[c];
    norm[c] = std::max(P.min_norm, 1.0 - P.column_b[c] + P.column_b[c] * rel);
  }
  std::vector<double> &group_best = sc.group_best, &match_any = sc.match_any, &match_q = sc.match_q,
                      &match_t = sc.match_t;
  group_best.assign(n_groups, 0.0);
  match_any.assign(n_groups, 0.0);
  match_q.assign(n_groups, 0.0);
  match_t.assign(n_groups, 0.0);
  ev.best_alt.assign(n_groups, -1);
  ev.best_col.assign(n_groups, -1);
  for (uint32_t p : touched) {
    const int *row = &tf[p * kColumns];
    double pseudo = 0;
    int best_col = -1;
    double best_col_w = 0;
    for (int c = 0; c < kColumns; ++c) {
      int f = row[c];
      if (!f) continue;
      double w = P.column_weight[c] * f / norm[c];
      pseudo += w;
      if (w > best_col_w) {
        best_col_w = w;
        best_col = c;
      }
    }
    if (pseudo <= 0) continue;
    const size_t g = st->ph_group[p];
    const double aw = st->ph_weight[p];
    // A phrase is scored with its own IDF, but never above its group's: an expansion that is
    // rarer than the word itself must not outscore the word.
    double s = aw * st->ph_idf[p] * pseudo * (P.k1 + 1) / (pseudo + P.k1);
    if (s > group_best[g]) {
      group_best[g] = s;
      ev.best_alt[g] = st->ph_alt[p];
      ev.best_col[g] = best_col;
    }
    match_any[g] = std::max(match_any[g], aw);
    if (row[kQuestion] || row[kAlternates]) match_q[g] = std::max(match_q[g], aw);
    if (row[kTitle]) match_t[g] = std::max(match_t[g], aw);
  }
  double total = 0, mass = 0, cov = 0, cov_q = 0, cov_t = 0, own_mass = 0, own_cov = 0;
  for (size_t g = 0; g < n_groups; ++g) {
    const double gw = st->group_weight[g];
    const double idf = st->group_idf[g];
    total += gw * group_best[g];
    mass += gw * idf;
    cov += gw * idf * match_any[g];
    cov_q += gw * idf * match_q[g];
    cov_t += gw * idf * match_t[g];
    if (st->group_own[g]) {
      own_mass += idf;
      own_cov += idf * match_any[g];
    }
  }
  ev.group_idf = st->group_idf;
  ev.bm25f = total;
  ev.idf_mass = own_mass;
  ev.coverage = mass > 0 ? cov / mass : 0;
  ev.coverage_q = mass > 0 ? cov_q / mass : 0;
  ev.coverage_t = mass > 0 ? cov_t / mass : 0;
  ev.coverage_own = own_mass > 0 ? own_cov / own_mass : 0;
  ev.coverage_window = mass > 0 ? best_window / mass : 0;
  const double cov_mix =
      (1 - P.window_share) * ev.coverage_own + P.window_share * ev.coverage_window;
  ev.score = total * (P.coverage_floor + (1 - P.coverage_floor) * cov_mix);
  return SQLITE_OK;
}

// Rows in the order of the result: best score first, then lowest rowid.
bool better(const RankedRow &a, const RankedRow &b) {
  if (a.evidence.score != b.evidence.score) return a.evidence.score > b.evidence.score;
  return a.rowid < b.rowid;
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
      std::pop_heap(kept.begin(), kept.end(), better);
      kept.back().rowid = rowid;
      kept.back().evidence = ev;  // reuses the evicted row's buffers
    } else {
      kept.push_back({rowid, ev});
    }
    std::push_heap(kept.begin(), kept.end(), better);
  } catch (const std::bad_alloc &) {
    sqlite3_result_error_nomem(out);
  } catch (...) {
    sqlite3_result_error(out, "faqlite_collect() failed", -1);
  }
}

}  // namespace

std::vector<RankedRow> take_collected(RankContext &ctx) {
  std::vector<RankedRow> rows = std::move(ctx.collected);
  ctx.collected.clear();
  std::sort(rows.begin(), rows.end(), better);
  return rows;
}

const RankParams &default_rank_params() {
  static const RankParams p;
  return p;
}

void register_rank_functions(sqlite3 *db, RankContext *ctx) {
  fts5_api *api = index::fts5_api_of(db);
  if (!api) throw std::runtime_error("FTS5 unavailable");
  if (api->xCreateFunction(api, "faqlite_collect", ctx, collect_fn, nullptr) != SQLITE_OK)
    throw std::runtime_error("cannot register faqlite ranking functions");
}

}  // namespace faqlite::search
