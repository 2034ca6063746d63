// How well one stored phrasing of an entry (its question, an alternate, a title) matches the
// question, in both directions. The full-text ranking sees fields as bags of words; an FAQ is
// best answered by the entry that has a phrasing saying the same thing as the question: all of
// the question's content (forward) and little else (backward). "how much does an international
// sales manager earn" should prefer "... how much does an international sales manager earn" to
// "how much does a senior international sales manager earn", whose "senior" is left unasked.
#pragma once

#include <string>
#include <vector>

#include "analysis/analyzer.hpp"
#include "search/query.hpp"

namespace faqlite::search {

struct PhrasingMatch {
  double forward = 0;   // share of the question's own IDF mass the phrasing matches
  double backward = 0;  // share of the phrasing's content words the question matches
  double combined = 0;  // forward * (0.5 + 0.5 * backward)
  int index = -1;       // which phrasing
};

// One word of a stored phrasing, reduced to what matching needs: the terms a query alternative
// can match (the characters of a unigram word in order; else its surface, stems and variants).
struct PhrasingWord {
  bool stop = false;
  bool unigram = false;
  std::vector<std::string> terms;
};
using AnalyzedPhrasing = std::vector<PhrasingWord>;

// The analysis depends only on the entry, so callers may keep it across questions.
std::vector<AnalyzedPhrasing> analyze_phrasings(analysis::Analyzer &analyzer,
                                                const std::vector<std::string> &phrasings);

// `group_idf` gives each group's IDF (RowEvidence::group_idf); groups from context are ignored.
PhrasingMatch best_phrasing(const std::vector<AnalyzedPhrasing> &phrasings, const Query &q,
                            const std::vector<double> &group_idf);
PhrasingMatch best_phrasing(analysis::Analyzer &analyzer, const std::vector<std::string> &phrasings,
                            const Query &q, const std::vector<double> &group_idf);

}  // namespace faqlite::search
