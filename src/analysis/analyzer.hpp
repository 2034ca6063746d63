// The analyzer: the one pipeline that turns text into index terms.
//
// The FTS5 tokenizer (index/fts_tokenizer) calls it for every document, and the query builder
// (search/query_builder) calls the same object for every question, so index and query cannot
// disagree. Steps: UTF-8 -> UTF-16 with a byte map; ICU word segmentation; per segment
// normalization (normalizer.hpp); then per word:
//   - unigram scripts (Han, Kana, Hangul, Thai, ...): one term per character, so a question finds
//     an entry whatever the word boundaries; questions search such words as phrases;
//     A "character" is a grapheme-like unit (base plus marks), so "ﾊﾟ" is the one term "パ";
//   - numbers: grouping separators removed ("100,000", "100.000", "100 000" -> "100000"),
//     decimals written with "." ("3,5" -> "3.5");
//   - other words: elision and possessive stripped, then the folded surface form, plus Snowball
//     stems as colocated terms (prefixed with \x01 so they never collide with a surface term), plus
//     colocated variants: the joined form of hyphenated compounds ("e-mail" -> "email"), the
//     form without apostrophes ("don't" -> "dont"), undotted acronyms ("u.s.a" -> "usa") and,
//     in German, umlauts spelled out ("größe" -> "groesse").
// docs/analysis.md describes every rule and why it is there.
// Punctuation, symbols and emoji never become terms.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <unicode/uversion.h>

#include "analysis/surface_map.hpp"
#include "analysis/utf.hpp"

U_NAMESPACE_BEGIN
class BreakIterator;
U_NAMESPACE_END

namespace faqlite::analysis {

class Stemmer;

// Stems are stored with this prefix byte.
constexpr char kStemPrefix = '\x01';

struct Piece {
  std::string term;
  int start = 0;  // byte offsets into the analyzed text
  int end = 0;
};

struct Word {
  int start = 0, end = 0;  // byte offsets into the analyzed text
  int u16_start = 0, u16_end = 0;
  bool number = false;
  bool unigram = false;       // written in a unigram script: `pieces` hold one term per character
  bool stop = false;          // a query-side stop word of the analyzer's language
  std::string cased;          // case-folded surface, diacritics kept
  std::string norm;           // the folded surface (the primary term for non-unigram words)
  std::vector<Piece> pieces;  // unigram terms (unigram words only)
  std::vector<std::string> stems;     // prefixed stems (colocated)
  std::vector<std::string> variants;  // other colocated terms (joined compounds)
};

struct Token {
  std::string term;
  int start = 0, end = 0;
  bool colocated = false;
};

class Analyzer {
 public:
  // `lang` is a primary language subtag ("en", "zh"); unknown languages analyze without stemming.
  explicit Analyzer(std::string lang);
  ~Analyzer();
  Analyzer(const Analyzer &) = delete;
  Analyzer &operator=(const Analyzer &) = delete;

  const std::string &lang() const { return lang_; }
  bool stems() const;

  // The words of `text`. With `for_query`, stop words are flagged.
  std::vector<Word> words(std::string_view text, bool for_query);

  // The index terms of `text` in order, colocated terms after their primary term.
  void tokens(std::string_view text, std::vector<Token> &out);

  // Flags the stop words and question words of `lang` in `words` (from words()), with the rules
  // for words split by a dictionary (see docs/analysis.md). Only adds flags: a question analyzed
  // with an entry language's analyzer can also get the flags of the question's language.
  static void add_stop_flags(std::vector<Word> &words, std::string_view lang);

  // Appends the terms of one word to `out` in the order the FTS5 tokenizer emits them.
  static void word_tokens(const Word &w, std::vector<Token> &out);

  // Everything that changes the terms: faqlite analysis version, ICU and Unicode versions, the
  // Snowball library, and the analysis options. Stored in every index.
  static const std::string &fingerprint();

 private:
  // What a non-number word that is not in a unigram script analyzes to. It depends only on the
  // word's exact UTF-8 surface (and the analyzer's language), and FAQ text repeats its words:
  // remembering it saves the normalization and most Snowball calls. Laid out for tokens(), which
  // reads the norm and stems of every word: they come first and the stems are inline (a word has
  // at most two: of its cased and of its folded form), so a cached word touches few cache lines.
  struct Forms {
    std::string norm;      // an empty norm marks a word that analyzes to nothing
    std::string stems[2];  // prefixed stems, the first n_stems of them
    int n_stems = 0;
    std::vector<std::string> variants;  // context-free variants
    std::string cased;
  };
  // The words of `text` into `out` before stems and stop flags; `forms` receives, for each word,
  // its cached forms (null for numbers and unigram words). With `tokens_only`, non-unigram words
  // get no `cased` copy (tokens() never reads it). The pointers stay valid until the next call.
  void split_words(std::string_view text, bool tokens_only, std::vector<Word> &out,
                   std::vector<const Forms *> &forms);
  // The cached forms of `surface` (copied into the current generation when found in the old one),
  // or null: the word is then analyzed in full, and new_forms() gives the place to remember it.
  const Forms *cached_forms(std::string_view surface, uint64_t hash);
  Forms &new_forms(std::string_view surface, uint64_t hash);
  void add_extras(Forms &f) const;
  static const std::string &norm_of(const Word &w, const Forms *f);
  // Two generations: when the current one is full it becomes the old one (the previous old one is
  // dropped) and words found in the old generation are copied into the current one, so the
  // frequent words survive a restart. Both are bounded (see kFormsCacheSize in analyzer.cpp).
  SurfaceMap<Forms> forms_, old_forms_;
  std::deque<Forms> spill_;  // forms not cached (long surfaces, full cache), for one call only
  // Storage reused between calls.
  Utf16Text u16_;
  std::vector<Word> words_buf_;
  std::vector<const Forms *> forms_buf_;
  std::string lang_;
  bool turkic_ = false;
  std::unique_ptr<icu::BreakIterator> breaker_;
  std::unique_ptr<Stemmer> stemmer_;
};

}  // namespace faqlite::analysis
