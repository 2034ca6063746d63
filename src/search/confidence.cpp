#include "search/confidence.hpp"

#include <algorithm>
#include <cmath>

namespace faqlite::search {

double confidence(const ConfidenceInput &in) {
  const RowEvidence &e = *in.top;
  if (e.score <= 0 || e.coverage_own <= 0) return 0.0;
  // Coverage in the fields that state the question is the strongest evidence; coverage in the
  // answer alone is weaker (a passage mentioning the words is not necessarily about them).
  double field = std::max(e.coverage_q, 0.85 * e.coverage_t);
  double c = 0.50 * field + 0.30 * e.coverage + 0.20 * e.coverage_own;
  // The margin over the runner-up: a clear winner is more trustworthy than one of a crowd.
  double margin = in.runner_up_score > 0 ? (e.score - in.runner_up_score) / e.score : 1.0;
  margin = std::clamp(margin, 0.0, 1.0);
  c *= 0.85 + 0.15 * std::sqrt(margin);
  // A question with little specific content (one common word) cannot be answered surely.
  double specificity = 1.0 - std::exp(-e.idf_mass / 2.0);
  c *= 0.6 + 0.4 * specificity;
  // Words the corpus has never seen ("pasta", "nurse") mean the question is probably about
  // something else, however well its other words match.
  c *= std::pow(0.72, std::min(in.unknown_words, 4));
  // The conversation supports an answer the previous answer links to.
  if (in.topic_linked) c += 0.25 * (1.0 - c);
  if (in.other_language) c *= 0.9;
  return std::clamp(c, 0.0, 1.0);
}

}  // namespace faqlite::search
