#include "search/phrasing_match.hpp"

#include <algorithm>

namespace faqlite::search {
namespace {

// The terms a stored word can be matched by: its surface, stems and joined compounds, or for a
// word written by characters, the characters.
bool word_matches_alt(const PhrasingWord &w, const Alternative &alt) {
  if (w.unigram) {
    if (alt.terms.empty() || alt.terms.size() > w.terms.size()) return false;
    for (size_t i = 0; i + alt.terms.size() <= w.terms.size(); ++i) {
      bool ok = true;
      for (size_t k = 0; k < alt.terms.size() && ok; ++k) ok = w.terms[i + k] == alt.terms[k];
      if (ok) return true;
    }
    return false;
  }
  if (alt.terms.size() != 1) return false;
  return std::find(w.terms.begin(), w.terms.end(), alt.terms[0]) != w.terms.end();
}

}  // namespace

std::vector<AnalyzedPhrasing> analyze_phrasings(analysis::Analyzer &analyzer,
                                                const std::vector<std::string> &phrasings) {
  std::vector<AnalyzedPhrasing> out(phrasings.size());
  for (size_t pi = 0; pi < phrasings.size(); ++pi) {
    std::vector<analysis::Word> words = analyzer.words(phrasings[pi], true);
    AnalyzedPhrasing &ap = out[pi];
    ap.reserve(words.size());
    for (auto &w : words) {
      PhrasingWord pw;
      pw.stop = w.stop;
      pw.unigram = w.unigram;
      if (w.unigram) {
        pw.terms.reserve(w.pieces.size());
        for (auto &p : w.pieces) pw.terms.push_back(std::move(p.term));
      } else {
        pw.terms.reserve(1 + w.stems.size() + w.variants.size());
        pw.terms.push_back(std::move(w.norm));
        for (auto &t : w.stems) pw.terms.push_back(std::move(t));
        for (auto &t : w.variants) pw.terms.push_back(std::move(t));
      }
      ap.push_back(std::move(pw));
    }
  }
  return out;
}

PhrasingMatch best_phrasing(analysis::Analyzer &analyzer, const std::vector<std::string> &phrasings,
                            const Query &q, const std::vector<double> &group_idf) {
  return best_phrasing(analyze_phrasings(analyzer, phrasings), q, group_idf);
}

PhrasingMatch best_phrasing(const std::vector<AnalyzedPhrasing> &phrasings, const Query &q,
                            const std::vector<double> &group_idf) {
  PhrasingMatch best;
  double mass = 0;
  for (int g = 0; g < q.own_groups && static_cast<size_t>(g) < group_idf.size(); ++g)
    mass += group_idf[static_cast<size_t>(g)];
  if (mass <= 0) return best;
  for (size_t pi = 0; pi < phrasings.size(); ++pi) {
    const AnalyzedPhrasing &words = phrasings[pi];
    std::vector<double> group_hit(static_cast<size_t>(q.own_groups), 0.0);
    int content = 0, matched = 0;
    for (const auto &w : words) {
      bool hit = false;
      for (int g = 0; g < q.own_groups; ++g) {
        const Group &grp = q.groups[static_cast<size_t>(g)];
        for (const auto &alt : grp.alts) {
          if (!word_matches_alt(w, alt)) continue;
          group_hit[static_cast<size_t>(g)] = std::max(group_hit[static_cast<size_t>(g)], alt.weight);
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
