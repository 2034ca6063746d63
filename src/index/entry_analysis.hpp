// What answering derives from an entry's own text, made when the entry is written and stored
// beside it (the `analyses` table): its answer as matchable term positions with their byte
// ranges (snippets and highlights) and its phrasings as words (the phrasing re-rank).
//
// A question shows a dozen answers and re-ranks a dozen candidates; analyzing their texts then
// (ICU segmentation, folding, stemming) was a third of a question's instructions at 10k entries,
// since a session keeps only a few thousand entries' analyses. The answer's units are the very
// tokens the FTS5 tokenizer emits for the answer column (the store collects them through the
// TermSink while FTS5 indexes the row, so they cost no second analysis), grouped by position;
// the phrasings are analyzed as questions are, with stop words flagged.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analyzer.hpp"
#include "index/term_table.hpp"

namespace faqlite::index {

// The units of an analysis, with their terms as indexes into the analysis's own list of distinct
// terms (which the two forms below hold differently).
struct AnalysisUnits {
  struct Unit {
    int start = 0, end = 0;            // byte range in the answer (answer units only)
    uint32_t begin = 0, count = 0;     // its terms: ids[begin, begin + count), the primary first
    bool stop = false;                 // a stop word of the language (phrasing words only)
    bool unigram = false;              // a word of a unigram script (phrasing words only)
    int char_start = 0, char_end = 0;  // the byte range in code points (count_answer_chars)
  };
  std::vector<uint32_t> ids;  // indexes into the analysis's distinct terms
  // One unit per term position of the answer: a word with its stems and variants (colocated
  // tokens), or one character of a unigram word.
  std::vector<Unit> answer;
  // Per phrasing (question, alternates, title, as Store::phrasings gives them), one unit per
  // word; a unigram word holds all its characters.
  std::vector<std::vector<Unit>> phrasings;
  size_t answer_chars = 0;  // code points in the whole answer (count_answer_chars)
};

// An analysis as it is made, with its terms as text.
struct AnalyzedEntry : AnalysisUnits {
  // Every distinct term once, one after another: units name their terms by index. One buffer,
  // since an entry has a few hundred terms.
  std::string term_text;
  std::vector<uint32_t> term_ends;  // term i is term_text[term_ends[i - 1], term_ends[i])
  size_t n_terms() const { return term_ends.size(); }
  std::string_view term(size_t i) const {
    const uint32_t begin = i ? term_ends[i - 1] : 0;
    return std::string_view(term_text).substr(begin, term_ends[i] - begin);
  }
};

// An analysis as it is stored and read back: its terms as ids of the index's lexicon (the
// `lexicon` table, index-wide and never renumbered except by a rebuild). Answering matches
// question terms against these ids directly: the stored terms as text had to be hashed into a
// session-wide table for every analysis decoded (a tenth of a question at 10k entries).
struct StoredAnalysis : AnalysisUnits {
  std::vector<uint32_t> terms;  // term i's lexicon id
};

// Lexicon ids are below this: answering numbers the question terms no entry holds from here up.
constexpr uint32_t kLexiconLimit = 1u << 31;

// Builds an AnalyzedEntry piece by piece: the answer's tokens as the tokenizer emits them, then
// the phrasings. Reusable: reset() keeps its storage.
class AnalysisBuilder {
 public:
  void reset();
  static constexpr uint32_t kNoWriteId = UINT32_MAX;
  // The next token of the answer, in Analyzer::tokens() order. `write_id`: the term's id in the
  // write's own term table (PostingEdits::terms), so that the store maps the term to its lexicon
  // id by that id, without hashing it again.
  void answer_token(std::string_view term, int start, int end, bool colocated,
                    uint32_t write_id = kNoWriteId);
  void add_phrasing(const std::vector<analysis::Word> &words);
  const AnalyzedEntry &entry() const { return a_; }
  // Per term of entry(), its write id, or kNoWriteId (phrasing terms, which come from no token).
  const std::vector<uint32_t> &write_ids() const { return write_ids_; }

 private:
  uint32_t add_term(std::string_view term, uint32_t write_id = kNoWriteId);
  AnalyzedEntry a_;
  std::vector<uint32_t> write_ids_;
  TermTable seen_;  // the same terms, for finding them
};

// Fills the answer units' code point ranges and answer_chars from the answer text: a snippet
// window is measured in characters, and counting them through a long answer for each question
// that shows it cost more than choosing the window. Not stored: the text is read with the
// analysis anyway. `answer` must be the text the units' byte ranges point into.
void count_answer_chars(AnalysisUnits &a, std::string_view answer);

// The ids of `a`'s terms in `table` (added when new), for analyses kept in the table's terms.
std::vector<uint32_t> table_ids(const AnalyzedEntry &a, TermTable &table);

// The analysis of an entry's answer and phrasings, made here with `analyzer` (what the store
// collects during a write, for callers without one).
AnalyzedEntry analyze_entry(analysis::Analyzer &analyzer, const std::string &answer,
                            const std::vector<std::string> &phrasings);

// The stored form, in varints: a version byte; the terms as their lexicon ids, `lexicon_ids[i]`
// for term i (below kLexiconLimit); the answer's units (start as the distance from the previous
// unit's end, length with the term count, term indexes); then the phrasings (word count; per word
// its term count with the two flags, term indexes).
void encode_analysis(const AnalyzedEntry &a, const std::vector<uint32_t> &lexicon_ids,
                     std::string &out);
// False when `data` is not such an encoding: truncated, trailing bytes, an index past the terms,
// a lexicon id out of range, or an answer range past `answer_bytes`. `out` is overwritten, its
// storage reused.
bool decode_analysis(const unsigned char *data, size_t size, size_t answer_bytes,
                     StoredAnalysis &out);

}  // namespace faqlite::index
