// Snippets with the matched words marked, computed with the analyzer (not FTS5's snippet(),
// which only knows ASCII sentence ends and cannot see contentless tables).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "analysis/analyzer.hpp"
#include "index/entry_analysis.hpp"
#include "search/query.hpp"
#include "search/query_terms.hpp"
#include "search/term_table.hpp"

namespace faqlite::search {

struct Snippet {
  std::string html;  // HTML-escaped text with <mark>...</mark> around matches, "…" where cut
  std::vector<std::pair<int, int>> highlights;  // byte ranges of the matches in the full text
};

// A text analyzed for snippets, kept across questions by callers: each term position with its
// byte range and the ids (in a TermTable) of the terms it can be matched by, the primary term
// first, then stems and variants.
struct SnippetText {
  struct Tok {
    int start = 0, end = 0;
    int char_start = 0, char_end = 0;  // the same range in code points
    uint32_t begin = 0, count = 0;     // its term ids: ids[begin, begin + count)
  };
  std::vector<Tok> toks;
  std::vector<uint32_t> ids;
  size_t chars = 0;  // code points in the whole text
  size_t bytes() const { return sizeof *this + toks.capacity() * sizeof(Tok) + ids.capacity() * 4; }
};
SnippetText snippet_text(analysis::Analyzer &analyzer, const std::string &text, TermTable &terms);
// The same from the entry's analysis (its `answer` units); `id_of[i]` is the id its term i is
// matched by (a stored analysis's lexicon ids, or index::table_ids).
SnippetText snippet_text(const index::AnalysisUnits &a, const std::vector<uint32_t> &id_of);

// `max_chars`: a text longer than this is cut to the window with the most distinct matches.
// `st` must be snippet_text() of `text`, and `terms` query_terms() of `q`, in the same table.
Snippet make_snippet(const SnippetText &st, const QueryTerms &terms, const std::string &text,
                     const Query &q, size_t max_chars = 280);
Snippet make_snippet(analysis::Analyzer &analyzer, const std::string &text, const Query &q,
                     size_t max_chars = 280);

std::string html_escape(const std::string &s);

}  // namespace faqlite::search
