#include "search/phrasing_match.hpp"

#include <algorithm>

namespace faqlite::search {
namespace {

// The terms a stored word can be matched by: its surface, stems and joined compounds, or for a
// word written by characters, the characters. `alt` holds the alternative's term ids (-1 for a
// term the table does not know, which matches nothing).
bool word_matches_alt(const AnalyzedPhrasing &ph, const AnalyzedPhrasing::Word &w,
                      const std::vector<int64_t> &alt) {
  const uint32_t *ids = ph.ids.data() + w.begin;
  if (w.unigram) {
    if (alt.empty() || alt.size() > w.count) return false;
    for (size_t i = 0; i + alt.size() <= w.count; ++i) {
      bool ok = true;
      for (size_t k = 0; k < alt.size() && ok; ++k) ok = ids[i + k] == alt[k];
      if (ok) return true;
    }
    return false;
  }
  if (alt.size() != 1) return false;
  for (uint32_t k = 0; k < w.count; ++k)
    if (ids[k] == alt[0]) return true;
  return false;
}

}  // namespace

std::vector<AnalyzedPhrasing> analyze_phrasings(analysis::Analyzer &analyzer,
                                                const std::vector<std::string> &phrasings,
                                                TermTable &terms) {
  std::vector<AnalyzedPhrasing> out(phrasings.size());
  for (size_t pi = 0; pi < phrasings.size(); ++pi) {
    std::vector<analysis::Word> words = analyzer.words(phrasings[pi], true);
    AnalyzedPhrasing &ap = out[pi];
    ap.words.reserve(words.size());
    for (const auto &w : words) {
      AnalyzedPhrasing::Word pw;
      pw.begin = static_cast<uint32_t>(ap.ids.size());
      pw.stop = w.stop;
      pw.unigram = w.unigram;
      if (w.unigram) {
        for (const auto &p : w.pieces) ap.ids.push_back(terms.add(p.term));
      } else {
        ap.ids.push_back(terms.add(w.norm));
        for (const auto &t : w.stems) ap.ids.push_back(terms.add(t));
        for (const auto &t : w.variants) ap.ids.push_back(terms.add(t));
      }
      pw.count = static_cast<uint32_t>(ap.ids.size()) - pw.begin;
      ap.words.push_back(pw);
    }
    ap.ids.shrink_to_fit();
  }
  return out;
}

PhrasingMatch best_phrasing(analysis::Analyzer &analyzer, const std::vector<std::string> &phrasings,
                            const Query &q, const std::vector<double> &group_idf) {
  TermTable terms;
  return best_phrasing(analyze_phrasings(analyzer, phrasings, terms), terms, q, group_idf);
}

PhrasingMatch best_phrasing(const std::vector<AnalyzedPhrasing> &phrasings, const TermTable &terms,
                            const Query &q, const std::vector<double> &group_idf) {
  PhrasingMatch best;
  double mass = 0;
  for (int g = 0; g < q.own_groups && static_cast<size_t>(g) < group_idf.size(); ++g)
    mass += group_idf[static_cast<size_t>(g)];
  if (mass <= 0) return best;
  // The question's alternatives as term ids, once for every phrasing.
  std::vector<std::vector<std::vector<int64_t>>> alt_ids(static_cast<size_t>(q.own_groups));
  for (int g = 0; g < q.own_groups; ++g) {
    const Group &grp = q.groups[static_cast<size_t>(g)];
    auto &ga = alt_ids[static_cast<size_t>(g)];
    ga.resize(grp.alts.size());
    for (size_t a = 0; a < grp.alts.size(); ++a)
      for (const auto &t : grp.alts[a].terms) ga[a].push_back(terms.find(t));
  }
  for (size_t pi = 0; pi < phrasings.size(); ++pi) {
    const AnalyzedPhrasing &ph = phrasings[pi];
    std::vector<double> group_hit(static_cast<size_t>(q.own_groups), 0.0);
    int content = 0, matched = 0;
    for (const auto &w : ph.words) {
      bool hit = false;
      for (int g = 0; g < q.own_groups; ++g) {
        const Group &grp = q.groups[static_cast<size_t>(g)];
        for (size_t a = 0; a < grp.alts.size(); ++a) {
          if (!word_matches_alt(ph, w, alt_ids[static_cast<size_t>(g)][a])) continue;
          group_hit[static_cast<size_t>(g)] =
              std::max(group_hit[static_cast<size_t>(g)], grp.alts[a].weight);
          hit = true;
        }
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
