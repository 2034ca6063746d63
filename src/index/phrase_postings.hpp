// The rows of a phrase of several terms (a CJK word searched character by character), put
// together from its terms' stored postings: the rows that hold every term, and in each column
// the positions where the terms follow one another, counted and placed as FTS5 counts and places
// a phrase's instances (xPhraseFirst/xPhraseNext: by column, then position). Its terms must keep
// their answer positions (keeps_answer_positions()), or the answer's instances could not be
// found.
//
// The characters of such words are among the most frequent terms of their tables (a kana is in
// half of the Japanese entries), so their postings are walked as stored, row by row, without
// decoding them into lists: a row's positions are read only when every term is in it. Decoding
// them first made every Japanese question at a million entries write tens of megabytes.
#pragma once

#include <string>
#include <vector>

#include "index/posting_list.hpp"

namespace faqlite::index {

// A term's postings as stored: its chunk blobs one after another.
struct EncodedPostings {
  std::string bytes;
  struct Chunk {
    long long chunk;
    size_t begin, end;  // in `bytes`
  };
  std::vector<Chunk> chunks;
  void clear() {
    bytes.clear();
    chunks.clear();
  }
};

// `terms[k]`: the postings of the phrase's k-th term (the same may come twice). `out` receives
// the phrase's rows with their per-column instance counts and the short columns' instance
// positions (as the ranking reads a phrase's list); it is emptied first. False when a blob is
// damaged (`out` is then incomplete).
bool phrase_postings(const std::vector<const EncodedPostings *> &terms, PostingList &out);

}  // namespace faqlite::index
