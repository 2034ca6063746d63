// Per-token normalization.
//
// Applied to one segment at a time (never to the whole text), so offsets stay those of the
// original segment. NFKC case folding unifies width, compatibility forms, ß/ss and case; digits
// of every script become ASCII; then a script-specific fold removes what users leave out when
// they type: Latin and Greek diacritics (plus the Latin letters that have no decomposition, such
// as ı ø ł œ), Arabic harakat and letter variants, Hebrew points, Russian ё and stress marks.
// Marks that change a word are kept (Cyrillic й, Devanagari virama, Thai vowels).
#pragma once

#include <string>
#include <string_view>

#include <unicode/unistr.h>
#include <unicode/uscript.h>

namespace faqlite::analysis {

struct NormalizedWord {
  std::string cased;   // NFKC case folded, diacritics kept (what stemmers want)
  std::string folded;  // `cased` with the script's diacritic folding (the index term)
};

// The script of the first character of `s` that is not Common or Inherited (USCRIPT_COMMON when
// there is none).
UScriptCode dominant_script(const icu::UnicodeString &s);

// True for languages whose dotted and dotless i are distinct letters (Turkish, Azerbaijani):
// there "I" lowercases to "ı" and "İ" to "i".
bool uses_turkic_casing(std::string_view primary_lang);

// Normalizes one word segment. Thread-safe (uses ICU's immutable normalizer singletons).
NormalizedWord normalize_word(const icu::UnicodeString &segment, UScriptCode script,
                              bool turkic = false);

// Normalizes one character of a unigram script together with the marks that follow it (a
// "unit": "ﾊﾟ", "ที่", "か"+U+3099). Appends the NFKC case folded form to `out`.
void normalize_unit(const icu::UnicodeString &text, int32_t start, int32_t end, std::string &out);

// Convenience for short UTF-8 strings (stop lists, synonyms, stems): the folded form.
std::string fold_utf8(const std::string &utf8);

// True for scripts written without spaces that faqlite indexes one character at a time
// (Han, Hiragana, Katakana, Hangul, Thai, Lao, Khmer, Myanmar).
bool is_unigram_script(UScriptCode script);

}  // namespace faqlite::analysis
