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

// `max_chars`: a text longer than this is cut to the window with the most distinct matches.
Snippet make_snippet(analysis::Analyzer &analyzer, const std::string &text, const Query &q,
                     size_t max_chars = 280);

std::string html_escape(const std::string &s);

}  // namespace faqlite::search
