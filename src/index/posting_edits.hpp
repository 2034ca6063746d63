// The changes one write makes to a table's postings (index/posting_list.hpp), collected from the
// very tokens FTS5 indexes: the faqlite tokenizer reports each token of a row being inserted or
// deleted through the connection's TermSink, with the column it is in, and the position is
// counted as FTS5 counts it (a colocated token shares its predecessor's). The store applies them
// to its `postings` table at the end of the write (Store::flush_postings).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "index/posting_list.hpp"
#include "index/term_table.hpp"

namespace faqlite::index {

struct PostingEdits {
  // One row's change for one term: its new occurrences, or its removal.
  struct Edit {
    uint32_t term;
    long long rowid;
    bool remove;
    int tf[kFtsColumns];
    uint32_t hits_begin, hits_end;  // into `hits`
  };
  TermTable terms;          // the terms of the edits, by id
  std::vector<Edit> edits;  // in the write's order: a row may be deleted and inserted again
  std::vector<PostingList::Hit> hits;
  // (term id << 32 | chunk) of the chunks this write has written already (term ids hold for the
  // whole write).
  std::unordered_set<uint64_t> written;

  void begin_row(long long rowid, bool remove);
  void begin_column() {
    ++column_;
    size_ = 0;
  }
  // Returns the term's id in `terms`.
  uint32_t add(const char *term, int bytes, bool colocated);
  // Turns the row's tokens into edits. False when the row did not come as the four columns
  // expected (FTS5 tokenizes each column of a row in turn): the caller must not trust them.
  bool end_row();
  void clear();
  // After a partial flush: only the edits `kept` (indexes, in order) stay pending.
  void keep_only(const std::vector<uint32_t> &kept);

 private:
  struct Occurrence {
    uint32_t term;
    int col, pos;
  };
  std::vector<Occurrence> row_;
  long long rowid_ = 0;
  bool remove_ = false;
  int column_ = -1, size_ = 0;
  bool bad_ = false;
};

// A chunk of a term's postings is the rows whose rowid shares rowid >> kChunkBits: a write
// rewrites only the chunks of the rows it changed, and a term in few rows is one record.
constexpr int kChunkBits = 16;

// The blob of one chunk: per row, a varint of the rowid's difference to the previous row's (the
// first: to the chunk's first rowid), a byte with a bit per column that holds the term, the
// occurrence counts of those columns as varints, then the positions of the occurrences in each
// short column (and the answer, for keeps_answer_positions terms) as differences.
std::string encode_chunk(const PostingList &rows, long long chunk);
// Appends the rows of a chunk blob of `term` to `out`; false if the blob is damaged, or if its
// rows do not all come after those already in `out` (chunks are read in order, so a list is
// ascending). The answer's positions, when the term keeps them, go into `out` with
// `answer_hits` only (ranking reads the short columns' alone).
bool decode_chunk(const unsigned char *data, size_t size, long long chunk, std::string_view term,
                  bool answer_hits, PostingList &out);

}  // namespace faqlite::index
