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
#include <unordered_map>

#include "index/posting_edits.hpp"

namespace faqlite::index {

struct TermSink {
  struct Count {
    long long delta = 0;    // pending change of the term's document frequency
    unsigned long row = 0;  // the last row that counted it: a row counts a term once
  };
  using Counts = std::unordered_map<std::string, Count>;

  bool recording = false;
  int sign = 0;                      // +1 while a row is inserted, -1 while one is deleted
  unsigned long row = 0;             // bumped per recorded row
  Counts *counts = nullptr;          // of the table being written
  PostingEdits *postings = nullptr;  // of the table being written: the row's occurrences

  // The tokenizer starts the next column of the row.
  void begin_column() {
    if (recording && postings) postings->begin_column();
  }
  void add(const char *term, int bytes, bool colocated) {
    if (recording && postings) postings->add(term, bytes, colocated);
    if (!recording || !counts) return;
    key_.assign(term, static_cast<size_t>(bytes));  // reused: no allocation per token
    auto it = counts->find(key_);
    if (it == counts->end()) it = counts->emplace(key_, Count{}).first;
    if (it->second.row != row) {
      it->second.row = row;
      it->second.delta += sign;
    }
  }

 private:
  std::string key_;
};

}  // namespace faqlite::index
