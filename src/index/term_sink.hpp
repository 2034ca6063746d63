// Document frequencies of index terms, counted as FTS5 indexes each row.
//
// The spelling corrector and the ranking need every term's document frequency. fts5vocab can
// count them, but only by walking every posting list of the table: seconds at 100k entries, paid
// on every open. Instead the store keeps them in its `terms` table, updated by each write. The
// FTS5 tokenizer of a connection reports the terms it emits for a document (an insert, or the
// 'delete' command that re-tokenizes the old row) to that connection's TermSink while the store
// records; so the counts come from the very tokens FTS5 stores and cannot disagree with it.
#pragma once

#include <string>
#include <vector>

namespace faqlite::index {

struct TermSink {
  bool recording = false;
  std::vector<std::string> row_terms;  // as emitted: repeats and colocated forms included

  void add(const char *term, int bytes) {
    if (recording) row_terms.emplace_back(term, static_cast<size_t>(bytes));
  }
};

}  // namespace faqlite::index
