#include "search/list_matcher.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>

namespace faqlite::search {
namespace {

// The first row at or after `from` whose rowid is at least `target`: galloping, since the
// probed lists are the long ones and the candidates far apart in them.
size_t seek(const PhraseList &l, size_t from, long long target) {
  const auto &r = l.rows;
  const size_t n = r.size();
  if (from >= n || r[from].rowid >= target) return from;
  size_t lo = from, step = 1, hi = from + 1;
  while (hi < n && r[hi].rowid < target) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  hi = std::min(hi, n);
  auto it = std::lower_bound(
      r.begin() + static_cast<long>(lo) + 1, r.begin() + static_cast<long>(hi), target,
      [](const PhraseList::Row &row, long long id) { return row.rowid < id; });
  return static_cast<size_t>(it - r.begin());
}

struct RowLengths {
  const ListMatch *m;
  long long rowid;
};

int lengths_of_row(void *user, int lens[kColumns]) {
  auto *l = static_cast<RowLengths *>(user);
  return l->m->lengths(l->m->user, l->rowid, lens);
}

// The kept rows: a heap of (score, rowid, evidence slot) with the worst on top, so that a row
// entering moves three numbers, not its evidence.
struct Kept {
  double score;
  long long rowid;
  size_t slot;
};

struct Candidate {
  double bound;
  long long rowid;
  uint32_t matches_begin, matches_end;  // into `block_matches`: where gather() found it
};

struct Match {
  size_t phrase;
  const int *tf;
  size_t row;  // in the phrase's list
};

// The matcher's working arrays, kept by each thread from one call to the next: made afresh they
// were some sixty allocations a question.
struct Scratch {
  std::vector<double> ub, any, bound, wi, gw_idf, own_idf, g_best, g_any;
  std::vector<char> has_list, g_seen;
  std::vector<size_t> order, rank_of, essential, active, at, touched_groups;
  std::vector<Kept> heap;
  std::vector<RowEvidence> pool;
  std::vector<Candidate> block;
  std::vector<Match> row_matches, block_matches;
  std::vector<long long> seeded;
  std::vector<char> seed_list;
  RowMatches rm;
};

}  // namespace

int match_lists(const ListMatch &m, std::vector<RankedRow> &out) {
  out.clear();
  const QueryStats &st = *m.stats;
  const RankParams &P = *m.params;
  const size_t n = std::min(st.n_scored, m.lists.size());
  const size_t n_groups = st.group_idf.size();
  if (m.keep == 0) return 0;

  // What each group can add at most: its best phrase with the most occurrences any row has of
  // it in each column, each column as short as those occurrences (score_row's own bound).
  thread_local Scratch sc;
  std::vector<double> &ub = sc.ub, &any = sc.any;
  std::vector<char> &has_list = sc.has_list;
  ub.assign(n_groups, 0.0);
  any.assign(n_groups, 0.0);
  has_list.assign(n_groups, 0);
  for (size_t p = 0; p < n; ++p) {
    const PhraseList *l = m.lists[p];
    if (!l || l->rows.empty()) continue;
    double pseudo = 0;
    for (int c = 0; c < kColumns; ++c) {
      const int f = l->max_tf[c];
      if (!f) continue;
      const double rel = static_cast<double>(f) / st.avg_len[c];
      pseudo +=
          P.column_weight[c] * f / std::max(P.min_norm, 1.0 - P.column_b[c] + P.column_b[c] * rel);
    }
    const size_t g = st.ph_group[p];
    const double w = st.ph_weight[p];
    ub[g] = std::max(ub[g], w * st.ph_idf[p] * pseudo * (P.k1 + 1) / (pseudo + P.k1));
    any[g] = std::max(any[g], w);
    has_list[g] = 1;
  }
  double mass = 0, own_mass = 0;
  for (size_t g = 0; g < n_groups; ++g) {
    mass += st.group_weight[g] * st.group_idf[g];
    if (st.group_own[g]) own_mass += st.group_idf[g];
  }
  // Groups from the weakest up; bound[k] is the most a row holding only the first k can score
  // (their BM25F bounds, times the coverage they could bring at most).
  std::vector<size_t> &order = sc.order;
  order.clear();
  for (size_t g = 0; g < n_groups; ++g)
    if (has_list[g]) order.push_back(g);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return st.group_weight[a] * ub[a] < st.group_weight[b] * ub[b];
  });
  std::vector<double> &bound = sc.bound;
  bound.assign(order.size() + 1, 0.0);
  {
    double total = 0, cov = 0, own_cov = 0;
    for (size_t k = 0; k < order.size(); ++k) {
      const size_t g = order[k];
      total += st.group_weight[g] * ub[g];
      cov += st.group_weight[g] * st.group_idf[g] * any[g];
      if (st.group_own[g]) own_cov += st.group_idf[g] * any[g];
      const double mix = (1 - P.window_share) * (own_mass > 0 ? own_cov / own_mass : 0) +
                         P.window_share * (mass > 0 ? cov / mass : 0);
      bound[k + 1] = total * (P.coverage_floor + (1 - P.coverage_floor) * mix);
    }
  }
  std::vector<size_t> &rank_of = sc.rank_of;
  rank_of.assign(n_groups, 0);
  for (size_t k = 0; k < order.size(); ++k) rank_of[order[k]] = k;
  // Groups order[0, essential_from) are the weak ones: a row holding nothing else cannot be
  // kept, so candidates come only from the other groups' lists.
  size_t essential_from = 0;
  std::vector<size_t> &essential = sc.essential;  // phrases whose lists name the candidates
  // Lists whose every row the seeding below has already looked at name no more candidates.
  std::vector<char> &seed_list = sc.seed_list;
  seed_list.assign(n, 0);
  auto split = [&](const double *floor) {
    if (floor)
      while (essential_from < order.size() &&
             bound[essential_from + 1] * (1 + 1e-9) + 1e-12 < *floor)
        ++essential_from;
    essential.clear();
    for (size_t p = 0; p < n; ++p)
      if (m.lists[p] && !m.lists[p]->rows.empty() && !seed_list[p] &&
          rank_of[st.ph_group[p]] >= essential_from)
        essential.push_back(p);
  };

  std::vector<size_t> &active = sc.active;  // phrases with rows
  active.clear();
  for (size_t p = 0; p < n; ++p)
    if (m.lists[p] && !m.lists[p]->rows.empty()) active.push_back(p);
  std::vector<size_t> &at = sc.at;
  at.assign(n, 0);
  RowMatches &rm = sc.rm;
  auto worse_on_top = [](const Kept &a, const Kept &b) {
    return a.score != b.score ? a.score > b.score : a.rowid < b.rowid;
  };
  std::vector<Kept> &heap = sc.heap;
  heap.clear();
  std::vector<RowEvidence> &pool = sc.pool;
  pool.assign(m.keep + 1, RowEvidence{});
  size_t spare = 0;  // the slot the next row is scored into
  double floor = 0;
  std::vector<Candidate> &block = sc.block;
  constexpr size_t kBlock = 256;
  auto below = [&](double bound) {
    return heap.size() >= m.keep && bound * (1 + 1e-9) + 1e-12 < floor;
  };
  // A candidate's bounds, computed straight from the lists (multiplying by inverses where
  // score_row() divides: the margin of below() covers the last-bit differences). gather()
  // consumes the row from the lists; bound() is score_row()'s exact BM25F with the phrasing
  // window taken as large as the row's whole coverage (a window matches no more than the row),
  // or without `lens`, with each column as short as the phrase's occurrences in it (what
  // score_row() bounds with), which spares the row's lengths when that is enough to refuse it.
  std::vector<double> &wi = sc.wi, &gw_idf = sc.gw_idf, &own_idf = sc.own_idf;
  wi.assign(n, 0.0);
  gw_idf.assign(n_groups, 0.0);
  own_idf.assign(n_groups, 0.0);
  for (size_t p : active) wi[p] = st.ph_weight[p] * st.ph_idf[p];
  for (size_t g = 0; g < n_groups; ++g) {
    gw_idf[g] = st.group_weight[g] * st.group_idf[g];
    if (st.group_own[g]) own_idf[g] = st.group_idf[g];
  }
  std::vector<double> &g_best = sc.g_best, &g_any = sc.g_any;
  g_best.assign(n_groups, 0.0);
  g_any.assign(n_groups, 0.0);
  std::vector<char> &g_seen = sc.g_seen;
  g_seen.assign(n_groups, 0);
  std::vector<size_t> &touched_groups = sc.touched_groups;
  std::vector<Match> &row_matches = sc.row_matches;
  // The matches of the block's candidates, kept so that scoring one does not search the lists
  // for it again (a binary search per list and row was a fifth of the matcher's time).
  std::vector<Match> &block_matches = sc.block_matches;
  auto gather = [&](long long rowid) {
    row_matches.clear();
    for (size_t p : active) {
      const PhraseList &l = *m.lists[p];
      size_t i = at[p];
      if (i < l.rows.size() && l.rows[i].rowid < rowid) i = at[p] = seek(l, i, rowid);
      if (i >= l.rows.size() || l.rows[i].rowid != rowid) continue;
      row_matches.push_back({p, l.rows[i].tf, i});
      at[p] = i + 1;
    }
  };
  // Without the row's lengths a column's part depends on its count alone: the usual small
  // counts are computed once (the same expression, so the same bits).
  auto column_pseudo = [&](int c, int f) {
    const double rel = static_cast<double>(f) / st.avg_len[c];
    return P.column_weight[c] * f / std::max(P.min_norm, 1.0 - P.column_b[c] + P.column_b[c] * rel);
  };
  constexpr int kShortTf = 8;
  double short_pseudo[kColumns][kShortTf];
  for (int c = 0; c < kColumns; ++c)
    for (int f = 0; f < kShortTf; ++f) short_pseudo[c][f] = column_pseudo(c, f);
  // Only the groups and columns the row holds are visited (most rows hold one or two of a
  // question's words, in one column): g_best and g_any stay zero between rows.
  auto row_bound = [&](const int *lens) {
    double inv_norm[kColumns];
    unsigned normed = 0;  // the columns whose inv_norm is computed
    touched_groups.clear();
    for (const Match &x : row_matches) {
      double pseudo = 0;
      for (int c = 0; c < kColumns; ++c) {
        const int f = x.tf[c];
        if (!f) continue;
        if (lens) {
          if (!(normed & (1u << c))) {
            const double rel = static_cast<double>(lens[c]) / st.avg_len[c];
            inv_norm[c] = P.column_weight[c] /
                          std::max(P.min_norm, 1.0 - P.column_b[c] + P.column_b[c] * rel);
            normed |= 1u << c;
          }
          pseudo += f * inv_norm[c];
        } else if (f < kShortTf)
          pseudo += short_pseudo[c][f];
        else
          pseudo += column_pseudo(c, f);
      }
      if (pseudo <= 0) continue;
      const size_t g = st.ph_group[x.phrase];
      if (!g_seen[g]) {
        g_seen[g] = 1;
        touched_groups.push_back(g);
      }
      g_best[g] = std::max(g_best[g], wi[x.phrase] * pseudo * (P.k1 + 1) / (pseudo + P.k1));
      g_any[g] = std::max(g_any[g], st.ph_weight[x.phrase]);
    }
    double total = 0, cov = 0, own_cov = 0;
    for (size_t g : touched_groups) {
      total += st.group_weight[g] * g_best[g];
      cov += gw_idf[g] * g_any[g];
      own_cov += own_idf[g] * g_any[g];
      g_best[g] = g_any[g] = 0;
      g_seen[g] = 0;
    }
    const double mix = (1 - P.window_share) * (own_mass > 0 ? own_cov / own_mass : 0) +
                       P.window_share * (mass > 0 ? cov / mass : 0);
    return total * (P.coverage_floor + (1 - P.coverage_floor) * mix);
  };
  int lens[kColumns];
  // A row's way into the block: its bounds, cheapest first, and its matches kept for scoring.
  // Returns an SQLite result code; the row may be left out.
  auto consider = [&](long long rowid) -> int {
    gather(rowid);
    if (m.allowed && !std::binary_search(m.allowed->begin(), m.allowed->end(), rowid)) return 0;
    // Until `keep` rows are kept nothing is below the floor: the bound without the lengths
    // would refuse nothing.
    if (heap.size() >= m.keep && below(row_bound(nullptr))) return 0;
    const int rc = m.lengths(m.user, rowid, lens);
    if (rc != 0) return rc;
    const double b = row_bound(lens);
    if (below(b)) return 0;
    const auto first = static_cast<uint32_t>(block_matches.size());
    block_matches.insert(block_matches.end(), row_matches.begin(), row_matches.end());
    block.push_back({b, rowid, first, static_cast<uint32_t>(block_matches.size())});
    return 0;
  };
  // Scores the block's rows, best bound first, as a heap: the scoring mostly stops after a part
  // of the block, so ordering the whole block (a tenth of the matcher's time) was mostly wasted.
  auto score_block = [&]() -> int {
    auto lower_bound_first = [](const Candidate &a, const Candidate &b) {
      return a.bound != b.bound ? a.bound < b.bound : a.rowid > b.rowid;
    };
    std::make_heap(block.begin(), block.end(), lower_bound_first);
    for (auto end = block.end(); end != block.begin(); --end) {
      std::pop_heap(block.begin(), end, lower_bound_first);
      const Candidate &cand = end[-1];
      if (below(cand.bound)) break;  // and so are the rest of the block
      const long long rowid = cand.rowid;
      // The row's matches, phrase by phrase in order (as faqlite_collect() reads them; gather()
      // went through the phrases in that order).
      rm.begin(st.n_scored);
      for (uint32_t k = cand.matches_begin; k < cand.matches_end; ++k) {
        const Match &x = block_matches[k];
        const size_t p = x.phrase;
        const PhraseList &l = *m.lists[p];
        const PhraseList::Row &row = l.rows[x.row];
        int *tf = &rm.tf[p * kColumns];
        for (int c = 0; c < kColumns; ++c) tf[c] = row.tf[c];
        const size_t e = l.hits_end(x.row);
        if (e > row.hits_begin)
          rm.ranges.push_back(
              {l.hits.data() + row.hits_begin, l.hits.data() + e, static_cast<int>(p)});
        rm.touched.push_back(static_cast<uint32_t>(p));
      }
      const bool full = heap.size() >= m.keep;
      bool pruned = false;
      RowLengths lengths{&m, rowid};
      RowEvidence &ev = pool[spare];
      const int rc =
          score_row(st, P, rm, lengths_of_row, &lengths, ev, full ? &floor : nullptr, &pruned);
      if (rc != 0) return rc;
      if (pruned) continue;
      if (full) {
        const Kept &worst = heap.front();
        const bool beats = ev.score != worst.score ? ev.score > worst.score : rowid < worst.rowid;
        if (!beats) continue;
        std::pop_heap(heap.begin(), heap.end(), worse_on_top);
        const size_t freed = heap.back().slot;
        heap.back() = {ev.score, rowid, spare};
        spare = freed;
      } else {
        // Slots 0..keep-1 fill in order while the heap grows; slot `keep` is then the spare.
        heap.push_back({ev.score, rowid, spare});
        spare = heap.size();
      }
      std::push_heap(heap.begin(), heap.end(), worse_on_top);
      if (heap.size() >= m.keep && heap.front().score != floor) {
        floor = heap.front().score;
        split(&floor);
      }
    }
    block.clear();
    block_matches.clear();
    return 0;
  };

  // Seeding: the rows of the strongest words' short lists are scored first. Taken in rowid
  // order, the first `keep` rows kept are any rows, the floor they set is low and it rises
  // slowly, so most of a frequent word's rows get bounded before it can be refused; the rows of
  // the rarest words are mostly the best ones, and a floor set by them leaves the weak words out
  // of the candidates from the start. Any rows may be scored first without changing the result:
  // the floor only rises, so a row left out now could never have been kept later, and a row is
  // looked at once (the main pass passes over the seeded rows).
  std::vector<long long> &seeded = sc.seeded;
  seeded.clear();
  block.clear();
  block_matches.clear();
  constexpr size_t kSeedRows = 512;
  for (size_t k = order.size(); k-- > 0;) {
    const size_t g = order[k];
    size_t rows = 0;
    for (size_t p : active)
      if (st.ph_group[p] == g) rows += m.lists[p]->rows.size();
    if (seeded.size() + rows > kSeedRows) continue;
    for (size_t p : active) {
      if (st.ph_group[p] != g) continue;
      seed_list[p] = 1;
      const auto mid = static_cast<long>(seeded.size());
      for (const PhraseList::Row &r : m.lists[p]->rows) seeded.push_back(r.rowid);
      std::inplace_merge(seeded.begin(), seeded.begin() + mid, seeded.end());  // lists are sorted
    }
  }
  seeded.erase(std::unique(seeded.begin(), seeded.end()), seeded.end());
  for (size_t i = 0; i < seeded.size(); ++i) {
    const int rc = consider(seeded[i]);
    if (rc != 0) return rc;
    if (block.size() == kBlock || i + 1 == seeded.size()) {
      const int src = score_block();
      if (src != 0) return src;
    }
  }
  std::fill(at.begin(), at.end(), 0);
  split(heap.size() >= m.keep ? &floor : nullptr);

  // The main pass: candidates in rowid order from the essential lists, in blocks. Each gets its
  // exact BM25F bound (its column lengths are cheap to read, its hits are not needed); then the
  // block's rows are scored best bound first, and the scoring stops at the first row whose bound
  // is below the keep-th best score so far. Rows of one frequent word mostly end there without
  // their phrasing window or evidence.
  size_t next_seeded = 0;
  bool done = false;
  while (!done) {
    while (block.size() < kBlock) {
      long long rowid = LLONG_MAX;
      for (size_t p : essential) {
        const PhraseList &l = *m.lists[p];
        if (at[p] < l.rows.size()) rowid = std::min(rowid, l.rows[at[p]].rowid);
      }
      if (rowid == LLONG_MAX) {
        done = true;
        break;
      }
      while (next_seeded < seeded.size() && seeded[next_seeded] < rowid) ++next_seeded;
      if (next_seeded < seeded.size() && seeded[next_seeded] == rowid) {
        // Already looked at: only step the lists past it.
        for (size_t p : essential) {
          const PhraseList &l = *m.lists[p];
          if (at[p] < l.rows.size() && l.rows[at[p]].rowid == rowid) ++at[p];
        }
        continue;
      }
      const int rc = consider(rowid);
      if (rc != 0) return rc;
    }
    const int rc = score_block();
    if (rc != 0) return rc;
  }
  out.reserve(heap.size());
  for (const Kept &k : heap) out.push_back({k.rowid, std::move(pool[k.slot])});
  std::sort(out.begin(), out.end(), ranks_before);
  return 0;
}

}  // namespace faqlite::search
