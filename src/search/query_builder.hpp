// From a question to a safe FTS5 expression.
//
// The question is analyzed by the same Analyzer that indexed the table; each meaningful word
// becomes a group of alternatives (query.hpp), and every alternative is written as a quoted term
// list that the faqlite tokenizer passes through unchanged. No character of the user's text is
// ever FTS5 syntax: operators, quotes, colons, stars and parentheses are not even terms.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analysis/analyzer.hpp"
#include "search/query.hpp"
#include "search/rank_params.hpp"
#include "search/synonyms.hpp"
#include "search/vocabulary.hpp"

namespace faqlite::search {

struct BuildOptions {
  const SynonymTable *synonyms = nullptr;  // may be null
  const Vocabulary *vocabulary = nullptr;  // may be null: then no spelling corrections
  std::vector<std::string> context;        // earlier turns, oldest first
  size_t max_groups = 32;                  // words beyond this are ignored
  // The question's own language when it differs from the table's: its stop words are dropped
  // too ("and" is an English stop word even when searched in the French table).
  std::string question_lang;
};

Query build_query(analysis::Analyzer &analyzer, std::string_view question, const BuildOptions &opt,
                  const RankParams &params);

// The FTS5 string for one phrase of terms: "\x1f" + terms joined by \x1f, in double quotes.
std::string phrase_literal(const std::vector<std::string> &terms);

}  // namespace faqlite::search
