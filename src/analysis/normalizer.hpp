// Per-token normalization.
//
// Applied to one segment at a time (never to the whole text), so offsets stay those of the
// original segment. NFKC case folding unifies width, compatibility forms, ß/ss and case; then a
// script-specific fold removes what users leave out when they type: Latin and Greek diacritics,
// Arabic harakat and letter variants, Russian ё. Marks that change a word are kept (Cyrillic й,
// Devanagari virama, Thai vowels).
#pragma once

#include <string>

#include <unicode/uscript.h>
#include <unicode/unistr.h>

namespace faqlite::analysis {

struct NormalizedWord {
  std::string cased;   // NFKC case folded, diacritics kept (what stemmers want)
  std::string folded;  // `cased` with the script's diacritic folding (the index term)
};

// The script of the first character of `s` that is not Common or Inherited (USCRIPT_COMMON when
// there is none).
UScriptCode dominant_script(const icu::UnicodeString &s);

// Normalizes one word segment. Thread-safe (uses ICU's immutable normalizer singletons).
NormalizedWord normalize_word(const icu::UnicodeString &segment, UScriptCode script);

// Convenience for short UTF-8 strings (stop lists, synonyms): the folded form.
std::string fold_utf8(const std::string &utf8);

// True for scripts written without spaces that faqlite indexes one character at a time
// (Han, Hiragana, Katakana, Hangul, Thai, Lao, Khmer, Myanmar).
bool is_unigram_script(UScriptCode script);

}  // namespace faqlite::analysis
