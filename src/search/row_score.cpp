#include "search/row_score.hpp"

#include <algorithm>
#include <cmath>

namespace faqlite::search {
namespace {

// Buffers reused from row to row: a query ranks hundreds of rows, and allocating them per row
// cost as much as the arithmetic.
struct Scratch {
  std::vector<double> in_window, group_best, match_any, match_q, match_t;
  std::vector<int> best_alt, best_col;
  void size_for(size_t n_groups) {
    if (group_best.size() >= n_groups) return;
    for (auto *v : {&in_window, &group_best, &match_any, &match_q, &match_t}) v->resize(n_groups);
    best_alt.resize(n_groups);
    best_col.resize(n_groups);
  }
};

}  // namespace

std::shared_ptr<QueryStats> make_query_stats(const Query &q, long long rows,
                                             const long long totals[kColumns],
                                             const std::vector<long long> &df) {
  auto holder = std::make_shared<QueryStats>();
  QueryStats *st = holder.get();
  const double n = static_cast<double>(rows > 0 ? rows : 1);
  for (int c = 0; c < kColumns; ++c)
    st->avg_len[c] = totals[c] > 0 ? static_cast<double>(totals[c]) / n : 1.0;
  const size_t n_phrases = df.size();
  st->phrase_idf.assign(n_phrases, 0.0);
  st->phrase_found.assign(n_phrases, 0);
  st->idf_cap = std::log(1.0 + (n - 1 + 0.5) / 1.5);  // the IDF of a term found in one row
  for (size_t p = 0; p < n_phrases; ++p) {
    const double d = static_cast<double>(df[p]);
    const double idf = std::log(1.0 + (n - d + 0.5) / (d + 0.5));
    st->phrase_idf[p] = std::min(idf, st->idf_cap);
    st->phrase_found[p] = df[p] > 0;
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
  return holder;
}

int score_row(const QueryStats &stats, const RankParams &P, RowMatches &m, LengthsFn lengths,
              void *user, RowEvidence &ev, const double *floor, bool *pruned) {
  const QueryStats *st = &stats;
  const size_t n_groups = st->group_idf.size();
  thread_local Scratch sc;
  sc.size_for(n_groups);
  const std::vector<int> &tf = m.tf;
  const std::vector<uint32_t> &touched = m.touched;
  std::vector<PhraseHit> &phrasing_hits = m.hits;
  // Phrasing coverage: the most of the question that one stretch of a short field matches. The
  // alternates column holds several phrasings one after another, and a question is best answered
  // by an entry one of whose phrasings says all of it, not by one that has each word in a
  // different phrasing. (Hits at one offset may come in any order: a window starting at the
  // first of them holds them all, so the best window does not depend on it.)
  auto phrasing_window = [&]() {
    for (const RowMatches::HitRange &r : m.ranges)
      for (const PhraseList::Hit *h = r.begin; h != r.end; ++h)
        phrasing_hits.push_back({h->col, h->off, r.phrase});
    m.ranges.clear();
    std::sort(phrasing_hits.begin(), phrasing_hits.end(),
              [](const PhraseHit &a, const PhraseHit &b) {
                return a.col != b.col ? a.col < b.col : a.off < b.off;
              });
    double best_window = 0;
    double *in_window = sc.in_window.data();
    for (size_t i = 0; i < phrasing_hits.size(); ++i) {
      std::fill(in_window, in_window + n_groups, 0.0);
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
    double *best = sc.group_best.data(), *any = sc.match_any.data();
    std::fill(best, best + n_groups, 0.0);
    std::fill(any, any + n_groups, 0.0);
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
      return 0;
    }
    best_window = phrasing_window();
    if (below_floor(best_window)) {
      *pruned = true;
      return 0;
    }
  }
  if (best_window < 0) best_window = phrasing_window();
  int lens[kColumns];
  const int rc = lengths(user, lens);
  if (rc != 0) return rc;
  double norm[kColumns];
  for (int c = 0; c < kColumns; ++c) {
    double rel = static_cast<double>(lens[c]) / st->avg_len[c];
    norm[c] = std::max(P.min_norm, 1.0 - P.column_b[c] + P.column_b[c] * rel);
  }
  double *group_best = sc.group_best.data(), *match_any = sc.match_any.data(),
         *match_q = sc.match_q.data(), *match_t = sc.match_t.data();
  int *best_alt = sc.best_alt.data(), *best_col_of = sc.best_col.data();
  for (size_t g = 0; g < n_groups; ++g) {
    group_best[g] = match_any[g] = match_q[g] = match_t[g] = 0.0;
    best_alt[g] = best_col_of[g] = -1;
  }
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
      best_alt[g] = st->ph_alt[p];
      best_col_of[g] = best_col;
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
  if (floor && ev.score < *floor) return 0;  // cannot be kept: the per-group evidence is unused
  ev.group_idf.assign(st->group_idf.data(), st->group_idf.data() + st->group_idf.size());
  ev.best_alt.assign(best_alt, best_alt + n_groups);
  ev.best_col.assign(best_col_of, best_col_of + n_groups);
  return 0;
}

}  // namespace faqlite::search
