// Every ranking and confidence parameter in one place (docs/ranking.md explains each).
#pragma once

namespace faqlite::search {

enum Column { kQuestion = 0, kAlternates = 1, kTitle = 2, kAnswer = 3, kColumns = 4 };

struct RankParams {
  // BM25F: per-column weight and length normalization (b), shared saturation k1.
  double column_weight[kColumns] = {3.0, 2.6, 1.2, 0.5};
  double column_b[kColumns] = {0.6, 0.35, 0.5, 0.75};
  double k1 = 1.2;
  // Shortest normalized length: stops a two-word field from getting an outsized weight.
  double min_norm = 0.5;
  // The ranking score is BM25F * (coverage_floor + (1 - coverage_floor) * coverage).
  double coverage_floor = 0.35;
  // Coverage mixes field-wide coverage with the best phrasing window (positions in one short
  // field, about one alternate long).
  int phrasing_window = 6;
  double window_share = 0.75;

  // Weights of alternatives relative to the exact word.
  double stem_weight = 0.9;
  double compound_weight = 0.95;
  double synonym_weight = 0.85;
  double correction_weight_1 = 0.7;   // one edit
  double correction_weight_2 = 0.55;  // two edits
  // Weight of words taken from earlier turns of the conversation.
  double context_weight = 0.3;

  // A short follow-up prefers entries the previous answer links to, then entries of its section.
  double topic_link_factor = 1.3;
  double topic_section_factor = 1.1;

  // The leading candidates are re-ranked by their best phrasing match (phrasing_match.hpp):
  // score *= (1 - share) + share * match.
  size_t phrasing_rerank_depth = 12;
  double phrasing_share = 0.4;

  // The final order blends the score relative to the best one with confidence.
  double tie_score_share = 0.7;

  // Cross-language results: factor on score and confidence of answers not in the question's
  // language.
  double other_language_factor = 0.85;
  // Passages rank slightly below FAQ entries with the same evidence.
  double passage_factor = 0.8;
  double chitchat_factor = 0.9;
};

const RankParams &default_rank_params();

}  // namespace faqlite::search
