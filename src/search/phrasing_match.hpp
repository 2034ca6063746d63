// How well one stored phrasing of an entry (its question, an alternate, a title) matches the
// question, in both directions. The full-text ranking sees fields as bags of words; an FAQ is
// best answered by the entry that has a phrasing saying the same thing as the question: all of
// the question's content (forward) and little else (backward). "how much does an international
// sales manager earn" should prefer "... how much does an international sales manager earn" to
// "how much does a senior international sales manager earn", whose "senior" is left unasked.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/analyzer.hpp"
#include "index/entry_analysis.hpp"
#include "search/query.hpp"
#include "search/query_terms.hpp"
#include "search/small_vector.hpp"
#include "search/term_table.hpp"

namespace faqlite::search {

struct PhrasingMatch {
  double forward = 0;   // share of the question's own IDF mass the phrasing matches
  double backward = 0;  // share of the phrasing's content words the question matches
  double combined = 0;  // forward * (0.5 + 0.5 * backward)
  int index = -1;       // which phrasing
};

// An entry's stored phrasings analyzed once, kept across questions by callers: each word with
// whether it is a stop word and the ids of the terms a query alternative can match: the
// characters of a unigram word in order, else its surface, stems and variants. All phrasings in
// three arrays: the re-rank reads a dozen entries' phrasings per question, and one pair of
// arrays per phrasing was a cache miss each.
struct AnalyzedPhrasings {
  struct Word {
    uint32_t begin = 0, count = 0;  // its term ids: ids[begin, begin + count)
    uint64_t id_bits = 0;           // bit (id & 63) of each of them: most words match nothing
    bool stop = false;
    bool unigram = false;
  };
  std::vector<Word> words;     // every phrasing's words, one phrasing after another
  std::vector<uint32_t> ids;   // their terms
  std::vector<uint32_t> ends;  // phrasing i is words[ends[i - 1], ends[i]) (from 0 for i = 0)
  size_t size() const { return ends.size(); }
  size_t bytes() const {
    return sizeof *this + words.capacity() * sizeof(Word) + ids.capacity() * 4 +
           ends.capacity() * 4;
  }
};

// An entry's phrasings from its analysis (its `phrasings` units); `id_of[i]` is the id its term i
// is matched by (a stored analysis's lexicon ids, or index::table_ids).
AnalyzedPhrasings analyze_phrasings(const index::AnalysisUnits &a,
                                    const std::vector<uint32_t> &id_of);

// `group_idf` gives each group's IDF (RowEvidence::group_idf); groups from context are ignored.
// `terms`: query_terms() of `q` in the table the phrasings were analyzed with.
PhrasingMatch best_phrasing(const AnalyzedPhrasings &phrasings, const QueryTerms &terms,
                            const Query &q, const GroupValues<double> &group_idf);

}  // namespace faqlite::search
