// Where the faqlite tokenizer reports the tokens FTS5 indexes, so the store can keep what it
// derives from them: each term's document frequency (the `terms` table) and postings (the
// `postings` table).
//
// The spelling corrector and the ranking need every term's document frequency, and the list
// matcher every term's rows. fts5vocab and FTS5 queries can give them, but only by walking FTS5's
// posting lists: seconds at 100k entries for the frequencies, most of a question at a million
// for the rows. Instead the store keeps them, updated by each write. The FTS5 tokenizer of a
// connection reports the tokens it emits for a document (an insert, or the 'delete' command that
// re-tokenizes the old row) to that connection's TermSink while the store records, column by
// column; so what the store keeps comes from the very tokens FTS5 stores and cannot disagree
// with it (tests/unit/test_terms.cpp compares them after every kind of write). The tokens of
// an inserted row's answer also become its stored analysis (index/entry_analysis.hpp).
#pragma once

#include <string_view>

#include "index/ahead_analysis.hpp"
#include "index/entry_analysis.hpp"
#include "index/posting_edits.hpp"
#include "index/posting_list.hpp"

namespace faqlite::index {

struct TermSink {
  bool recording = false;
  PostingEdits *postings = nullptr;   // of the table being written: the row's occurrences
  AnalysisBuilder *answer = nullptr;  // the inserted row's analysis: its answer's tokens
  int column = -1;                    // the column being tokenized (Store::fts_values order)
  // The row's analysis made ahead by a helper thread (index/ahead_analysis.hpp), or null.
  const PreparedEntry *ahead = nullptr;
  size_t replayed = 0;  // columns whose tokens came from `ahead` (for tests and benchmarks)

  // The tokens made ahead for the current column if they are those of `text` in `lang`.
  const std::vector<analysis::Token> *replay(const std::string &lang, std::string_view text) {
    if (!recording || !ahead) return nullptr;
    const std::vector<analysis::Token> *t = ahead->tokens_of(column, lang, text);
    if (t) ++replayed;
    return t;
  }

  // The tokenizer starts the next column of the row.
  void begin_column() {
    if (!recording) return;
    ++column;
    if (postings) postings->begin_column();
  }
  void add(std::string_view term, int start, int end, bool colocated) {
    if (!recording) return;
    uint32_t write_id = AnalysisBuilder::kNoWriteId;
    if (postings) write_id = postings->add(term.data(), static_cast<int>(term.size()), colocated);
    if (answer && column == kFtsColumns - 1)
      answer->answer_token(term, start, end, colocated, write_id);
  }
};

}  // namespace faqlite::index
