#include "analysis/normalizer.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>

#include "analysis/utf.hpp"

namespace faqlite::analysis {
namespace {

const icu::Normalizer2 &nfkc_cf() {
  UErrorCode st = U_ZERO_ERROR;
  static const icu::Normalizer2 *n = icu::Normalizer2::getNFKCCasefoldInstance(st);
  return *n;
}
const icu::Normalizer2 &nfd() {
  UErrorCode st = U_ZERO_ERROR;
  static const icu::Normalizer2 *n = icu::Normalizer2::getNFDInstance(st);
  return *n;
}
const icu::Normalizer2 &nfc() {
  UErrorCode st = U_ZERO_ERROR;
  static const icu::Normalizer2 *n = icu::Normalizer2::getNFCInstance(st);
  return *n;
}

bool is_apostrophe(UChar32 c) { return c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0xFF07; }

icu::UnicodeString strip_marks(const icu::UnicodeString &s) {
  UErrorCode st = U_ZERO_ERROR;
  icu::UnicodeString d = nfd().normalize(s, st);
  icu::UnicodeString kept;
  for (int32_t i = 0; i < d.length();) {
    UChar32 c = d.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) != U_NON_SPACING_MARK) kept.append(c);
  }
  st = U_ZERO_ERROR;
  return nfc().normalize(kept, st);
}

icu::UnicodeString fold_arabic(const icu::UnicodeString &s) {
  icu::UnicodeString out;
  for (int32_t i = 0; i < s.length(); ++i) {
    UChar c = s.charAt(i);
    if ((c >= 0x064B && c <= 0x0652) || c == 0x0670 || c == 0x0640) continue;  // harakat, tatweel
    if (c == 0x0623 || c == 0x0625 || c == 0x0622 || c == 0x0671) c = 0x0627;    // alef forms
    else if (c == 0x0649) c = 0x064A;                                            // alef maqsura
    else if (c == 0x0629) c = 0x0647;                                            // teh marbuta
    out.append(c);
  }
  return out;
}

icu::UnicodeString fold_cyrillic(const icu::UnicodeString &s) {
  icu::UnicodeString out(s);
  out.findAndReplace(icu::UnicodeString(static_cast<UChar>(0x0451)),
                     icu::UnicodeString(static_cast<UChar>(0x0435)));  // ё -> е
  return out;
}

}  // namespace

UScriptCode dominant_script(const icu::UnicodeString &s) {
  for (int32_t i = 0; i < s.length();) {
    UChar32 c = s.char32At(i);
    i += U16_LENGTH(c);
    UErrorCode st = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &st);
    if (sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED && U_SUCCESS(st)) return sc;
  }
  return USCRIPT_COMMON;
}

bool is_unigram_script(UScriptCode sc) {
  switch (sc) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_HANGUL:
    case USCRIPT_THAI:
    case USCRIPT_LAO:
    case USCRIPT_KHMER:
    case USCRIPT_MYANMAR:
      return true;
    default:
      return false;
  }
}

NormalizedWord normalize_word(const icu::UnicodeString &segment, UScriptCode script) {
  icu::UnicodeString in;
  for (int32_t i = 0; i < segment.length();) {
    UChar32 c = segment.char32At(i);
    i += U16_LENGTH(c);
    in.append(is_apostrophe(c) ? UChar32('\'') : c);
  }
  UErrorCode st = U_ZERO_ERROR;
  icu::UnicodeString cased = nfkc_cf().normalize(in, st);
  if (U_FAILURE(st)) cased = in;
  icu::UnicodeString folded;
  switch (script) {
    case USCRIPT_LATIN:
    case USCRIPT_GREEK:
    case USCRIPT_COMMON:
      folded = strip_marks(cased);
      break;
    case USCRIPT_ARABIC:
      folded = fold_arabic(cased);
      break;
    case USCRIPT_CYRILLIC:
      folded = fold_cyrillic(cased);
      break;
    default:
      folded = cased;
  }
  return {to_utf8(cased), to_utf8(folded)};
}

std::string fold_utf8(const std::string &utf8) {
  Utf16Text t = decode_utf8(utf8);
  return normalize_word(t.text, dominant_script(t.text)).folded;
}

}  // namespace faqlite::analysis
