// Snippets with the matched words marked, computed with the analyzer (not FTS5's snippet(),
// which only knows ASCII sentence ends and cannot see contentless tables).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "analysis/analyzer.hpp"
#include "search/query.hpp"

namespace faqlite::search {

struct Snippet {
  std::string html;  // HTML-escaped text with <mark>...</mark> around matches, "…" where cut
  std::vector<std::pair<int, int>> highlights;  // byte ranges of the matches in the full text
};

// One term position of an analyzed text: the terms it can be matched by (the primary term first,
// then stems and variants) and its byte range.
struct SnippetToken {
  std::vector<std::string> terms;
  int start = 0, end = 0;
};
// The analysis depends only on the text, so callers may keep it across questions.
std::vector<SnippetToken> snippet_tokens(analysis::Analyzer &analyzer, const std::string &text);

// `max_chars`: a text longer than this is cut to the window with the most distinct matches.
// `toks` must be snippet_tokens() of `text`.
Snippet make_snippet(const std::vector<SnippetToken> &toks, const std::string &text, const Query &q,
                     size_t max_chars = 280);
Snippet make_snippet(analysis::Analyzer &analyzer, const std::string &text, const Query &q,
                     size_t max_chars = 280);

std::string html_escape(const std::string &s);

}  // namespace faqlite::search
