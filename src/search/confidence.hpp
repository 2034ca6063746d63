// Confidence: a number in [0, 1] that means the same on every question and corpus.
//
// It is built only from signals that are comparable across questions (never a score rescaled per
// query): how much of the question's specific content the entry's question/alternates cover, how
// much the entry covers anywhere, how specific the question is, and the margin to the runner-up.
#pragma once

#include "search/rank_function.hpp"

namespace faqlite::search {

struct ConfidenceInput {
  const RowEvidence *top = nullptr;
  double runner_up_score = 0;  // score of the best candidate with another id (0 if none)
  bool other_language = false;
  bool passage = false;
  int unknown_words = 0;      // question words found nowhere in the index's vocabulary
  bool topic_linked = false;  // a follow-up answer linked from the previous turn's answer
};

double confidence(const ConfidenceInput &in);

}  // namespace faqlite::search
