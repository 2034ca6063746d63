#include "search/phrasing_match.hpp"

#include <algorithm>

namespace faqlite::search {
namespace {

// The terms a stored word can be matched by: its surface, stems and joined compounds, or for a
// word written by characters, the characters. `alt` holds the alternative's term ids.
bool word_matches_alt(const AnalyzedPhrasings &ph, const AnalyzedPhrasings::Word &w,
                      const uint32_t *alt, size_t n) {
  const uint32_t *ids = ph.ids.data() + w.begin;
  if (w.unigram) {
    if (n == 0 || n > w.count) return false;
    for (size_t i = 0; i + n <= w.count; ++i) {
      bool ok = true;
      for (size_t k = 0; k < n && ok; ++k) ok = ids[i + k] == alt[k];
      if (ok) return true;
    }
    return false;
  }
  if (n != 1) return false;
  for (uint32_t k = 0; k < w.count; ++k)
    if (ids[k] == alt[0]) return true;
  return false;
}

}  // namespace

AnalyzedPhrasings analyze_phrasings(const index::AnalysisUnits &a,
                                    const std::vector<uint32_t> &id_of) {
  AnalyzedPhrasings ap;
  size_t n_words = 0, n_ids = 0;
  for (const auto &words : a.phrasings) {
    n_words += words.size();
    for (const auto &u : words) n_ids += u.count;
  }
  ap.words.reserve(n_words);
  ap.ids.reserve(n_ids);
  ap.ends.reserve(a.phrasings.size());
  for (size_t pi = 0; pi < a.phrasings.size(); ++pi) {
    for (const auto &u : a.phrasings[pi]) {
      AnalyzedPhrasings::Word pw;
      pw.begin = static_cast<uint32_t>(ap.ids.size());
      pw.count = u.count;
      pw.stop = u.stop;
      pw.unigram = u.unigram;
      for (uint32_t k = 0; k < u.count; ++k) {
        ap.ids.push_back(id_of[a.ids[u.begin + k]]);
        pw.id_bits |= uint64_t{1} << (ap.ids.back() & 63);
      }
      ap.words.push_back(pw);
    }
    ap.ends.push_back(static_cast<uint32_t>(ap.words.size()));
  }
  return ap;
}

PhrasingMatch best_phrasing(const AnalyzedPhrasings &phrasings, const QueryTerms &terms,
                            const Query &q, const GroupValues<double> &group_idf) {
  PhrasingMatch best;
  double mass = 0;
  for (int g = 0; g < q.own_groups && static_cast<size_t>(g) < group_idf.size(); ++g)
    mass += group_idf[static_cast<size_t>(g)];
  if (mass <= 0) return best;
  // The question's own alternatives (not the context's), with their group and weight, in
  // buffers reused from call to call (a question re-ranks a dozen candidates).
  struct Alts {
    std::vector<size_t> index;  // in `terms`
    std::vector<int> group;
    std::vector<double> weight;
    std::vector<double> group_hit;
  };
  thread_local Alts A;
  A.index.clear();
  A.group.clear();
  A.weight.clear();
  for (int g = 0; g < q.own_groups; ++g) {
    const Group &grp = q.groups[static_cast<size_t>(g)];
    for (size_t a = 0; a < grp.alts.size(); ++a) {
      A.index.push_back(terms.alt_index(static_cast<size_t>(g), a));
      A.group.push_back(g);
      A.weight.push_back(grp.alts[a].weight);
    }
  }
  const size_t n_alts = A.group.size();
  // Which low bits the alternatives' first terms have: a word none of whose terms shares one
  // cannot match any alternative (most words of a phrasing match none), and skips the loop.
  uint64_t first_bits = 0;
  for (size_t k = 0; k < n_alts; ++k)
    if (terms.size(A.index[k]) > 0) first_bits |= uint64_t{1} << (terms.terms(A.index[k])[0] & 63);
  for (size_t pi = 0; pi < phrasings.size(); ++pi) {
    std::vector<double> &group_hit = A.group_hit;
    group_hit.assign(static_cast<size_t>(q.own_groups), 0.0);
    int content = 0, matched = 0;
    for (uint32_t wi = pi ? phrasings.ends[pi - 1] : 0; wi < phrasings.ends[pi]; ++wi) {
      const AnalyzedPhrasings::Word &w = phrasings.words[wi];
      bool hit = false;
      const uint64_t bits = w.id_bits;
      for (size_t k = 0; k < n_alts && (bits & first_bits); ++k) {
        if (!word_matches_alt(phrasings, w, terms.terms(A.index[k]), terms.size(A.index[k])))
          continue;
        double &gh = group_hit[static_cast<size_t>(A.group[k])];
        gh = std::max(gh, A.weight[k]);
        hit = true;
      }
      if (w.stop) continue;
      ++content;
      if (hit) ++matched;
    }
    double fwd = 0;
    for (int g = 0; g < q.own_groups && static_cast<size_t>(g) < group_idf.size(); ++g)
      fwd += group_idf[static_cast<size_t>(g)] * group_hit[static_cast<size_t>(g)];
    PhrasingMatch m;
    m.forward = fwd / mass;
    m.backward = content > 0 ? static_cast<double>(matched) / content : 0.0;
    m.combined = m.forward * (0.5 + 0.5 * m.backward);
    m.index = static_cast<int>(pi);
    if (m.combined > best.combined) best = m;
  }
  return best;
}

}  // namespace faqlite::search
