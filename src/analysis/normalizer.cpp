#include "analysis/normalizer.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <vector>

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

bool is_apostrophe(UChar32 c) {
  return c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0xFF07;
}

bool has_non_ascii(const icu::UnicodeString &s) {
  const UChar *p = s.getBuffer();
  for (int32_t i = 0; i < s.length(); ++i)
    if (p[i] >= 0x80) return true;
  return false;
}

// Applies a per-code-unit rewrite `f(c, prev, rep) -> count` (writes up to two units to `rep`;
// 0 drops the unit) to `s` in place. Most words need no change, so `s` is only rebuilt when some
// unit changes: a scan instead of an allocation per word and per fold.
template <class F>
void rewrite(icu::UnicodeString &s, F f) {
  const int32_t n = s.length();
  const UChar *p = s.getBuffer();
  UChar rep[2];
  int32_t first = 0;
  for (; first < n; ++first) {
    if (f(p[first], first ? p[first - 1] : 0, rep) != 1 || rep[0] != p[first]) break;
  }
  if (first == n) return;
  icu::UnicodeString out;
  UChar *b = out.getBuffer(2 * n);
  if (!b) return;
  int32_t len = 0;
  for (int32_t i = 0; i < first; ++i) b[len++] = p[i];
  for (int32_t i = first; i < n; ++i) {
    int k = f(p[i], len ? b[len - 1] : 0, rep);
    for (int j = 0; j < k; ++j) b[len++] = rep[j];
  }
  out.releaseBuffer(len);
  s = std::move(out);
}

int keep(UChar c, UChar *rep) {
  rep[0] = c;
  return 1;
}

// After case folding: digits of every script become ASCII (so "١٠٠" matches "100"), Arabic
// number separators become their ASCII counterparts, and the combining dot that NFKC_Casefold
// leaves after "i" for a capital "İ" is dropped (stemmers and folding expect a plain "i").
void post_casefold(icu::UnicodeString &s) {
  rewrite(s, [](UChar c, UChar prev, UChar *rep) {
    if (c < 0x80) return keep(c, rep);
    if (c == 0x0307 && prev == 'i') return 0;
    if (c == 0x066B) return keep('.', rep);  // Arabic decimal separator
    if (c == 0x066C) return keep(',', rep);  // Arabic thousands separator
    if (c >= 0x0660 && !U16_IS_SURROGATE(c) && u_charType(c) == U_DECIMAL_DIGIT_NUMBER)
      return keep(static_cast<UChar>('0' + u_charDigitValue(c)), rep);
    return keep(c, rep);
  });
}

// Latin-1 and Latin Extended-A/B letters whose NFD is an ASCII letter plus combining marks,
// mapped to that letter (0 when the character is not such a letter). Built once from ICU's
// data so it is exactly what the general path (NFD, drop marks, NFC) gives.
const std::vector<UChar> &latin_base_table() {
  static const std::vector<UChar> table = [] {
    std::vector<UChar> t(0x250 - 0xC0, 0);
    for (UChar32 c = 0xC0; c < 0x250; ++c) {
      UErrorCode st = U_ZERO_ERROR;
      icu::UnicodeString d = nfd().normalize(icu::UnicodeString(c), st);
      if (U_FAILURE(st) || d.length() < 2 || d.charAt(0) >= 0x80) continue;
      bool marks = true;
      for (int32_t i = 1; i < d.length(); ++i)
        marks = marks && u_charType(d.charAt(i)) == U_NON_SPACING_MARK;
      if (marks) t[static_cast<size_t>(c - 0xC0)] = d.charAt(0);
    }
    return t;
  }();
  return table;
}

icu::UnicodeString strip_marks(const icu::UnicodeString &s) {
  // Fast path: precomposed Latin letters only (no combining marks, nothing outside Latin-1 and
  // Latin Extended-A/B), folded through the table.
  const std::vector<UChar> &table = latin_base_table();
  bool simple = true;
  for (int32_t i = 0; i < s.length() && simple; ++i) simple = s.charAt(i) < 0x250;
  if (simple) {
    icu::UnicodeString out(s);
    rewrite(out, [&](UChar c, UChar, UChar *rep) {
      if (c >= 0xC0 && table[static_cast<size_t>(c - 0xC0)]) {
        return keep(table[static_cast<size_t>(c - 0xC0)], rep);
      }
      return keep(c, rep);
    });
    return out;
  }
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

// Latin letters that carry a "diacritic" without a Unicode decomposition. Users who type without
// them write the base letter(s), as Lucene's ASCII folding assumes.
icu::UnicodeString fold_latin(const icu::UnicodeString &s) {
  icu::UnicodeString out = strip_marks(s);
  rewrite(out, [](UChar c, UChar, UChar *rep) {
    switch (c) {
      case 0x0131:
        return keep('i', rep);  // ı
      case 0x00F8:
        return keep('o', rep);  // ø
      case 0x0142:
        return keep('l', rep);  // ł
      case 0x0111:              // đ
      case 0x00F0:
        return keep('d', rep);  // ð
      case 0x0127:
        return keep('h', rep);  // ħ
      case 0x00E6:
        rep[0] = 'a';
        rep[1] = 'e';
        return 2;  // æ
      case 0x0153:
        rep[0] = 'o';
        rep[1] = 'e';
        return 2;  // œ
      case 0x00FE:
        rep[0] = 't';
        rep[1] = 'h';
        return 2;  // þ
      default:
        return keep(c, rep);
    }
  });
  return out;
}

void fold_arabic(icu::UnicodeString &s) {
  rewrite(s, [](UChar c, UChar, UChar *rep) {
    if ((c >= 0x064B && c <= 0x0652) || c == 0x0670 || c == 0x0640) return 0;  // harakat, tatweel
    if (c == 0x0623 || c == 0x0625 || c == 0x0622 || c == 0x0671) return keep(0x0627, rep);  // alef
    if (c == 0x0649) return keep(0x064A, rep);  // alef maqsura -> yeh
    if (c == 0x0629) return keep(0x0647, rep);  // teh marbuta -> heh
    return keep(c, rep);
  });
}

// Stress accents (of dictionaries and learner texts) are not part of the spelling.
void strip_stress(icu::UnicodeString &s) {
  rewrite(s,
          [](UChar c, UChar, UChar *rep) { return c == 0x0300 || c == 0x0301 ? 0 : keep(c, rep); });
}

// ё -> е (Russian texts write it inconsistently); й, ї and the other letters with marks stay.
void fold_cyrillic(icu::UnicodeString &s) {
  rewrite(s, [](UChar c, UChar, UChar *rep) {
    if (c == 0x0451 || c == 0x0450) return keep(0x0435, rep);  // ё ѐ -> е
    if (c == 0x045D) return keep(0x0438, rep);                 // ѝ -> и
    return keep(c, rep);
  });
}

// Hebrew points (niqqud) and cantillation marks are absent from most typed text.
void fold_hebrew(icu::UnicodeString &s) {
  rewrite(s, [](UChar c, UChar, UChar *rep) {
    if (c >= 0x0591 && c <= 0x05C7 && u_charType(c) == U_NON_SPACING_MARK) return 0;
    return keep(c, rep);
  });
}

void append_utf8(UChar32 c, std::string &out) {
  char buf[4];
  int32_t n = 0;
  UBool err = false;
  U8_APPEND(buf, n, 4, c, err);
  if (!err) out.append(buf, static_cast<size_t>(n));
}

// Characters of the unigram scripts that NFKC_Casefold maps to themselves; checked by range so
// the common case needs no normalizer call. (Thai/Lao SARA AM decompose, so they are excluded.)
bool is_stable_unigram_char(UChar32 c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3041 && c <= 0x3096) ||
         (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC || (c >= 0xAC00 && c <= 0xD7A3) ||
         (c >= 0x0E01 && c <= 0x0E32) || (c >= 0x0E34 && c <= 0x0E5B);
}

}  // namespace

UScriptCode dominant_script(const icu::UnicodeString &s) {
  for (int32_t i = 0; i < s.length();) {
    UChar32 c = s.char32At(i);
    i += U16_LENGTH(c);
    if (c < 0x80) {
      if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return USCRIPT_LATIN;
      continue;
    }
    UErrorCode st = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &st);
    if (sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED && U_SUCCESS(st)) return sc;
  }
  return USCRIPT_COMMON;
}

bool uses_turkic_casing(std::string_view lang) {
  return lang == "tr" || lang == "az";
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

NormalizedWord normalize_word(const icu::UnicodeString &segment, UScriptCode script, bool turkic) {
  // Fast path: plain ASCII needs only lower-casing (NFKC_Casefold and every fold below leave
  // ASCII letters, digits and the apostrophe unchanged).
  bool ascii = true;
  for (int32_t i = 0; i < segment.length() && ascii; ++i) {
    UChar c = segment.charAt(i);
    ascii = c < 0x80 && !(turkic && c == 'I');
  }
  if (ascii) {
    NormalizedWord w;
    w.cased.resize(static_cast<size_t>(segment.length()));
    for (int32_t i = 0; i < segment.length(); ++i) {
      char c = static_cast<char>(segment.charAt(i));
      w.cased[static_cast<size_t>(i)] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    }
    w.folded = w.cased;
    return w;
  }

  icu::UnicodeString cased;
  UErrorCode st = U_ZERO_ERROR;
  bool remap = false;
  for (int32_t i = 0; i < segment.length() && !remap; ++i) {
    UChar c = segment.charAt(i);
    remap = is_apostrophe(c) || (turkic && (c == 'I' || c == 0x0130));
  }
  if (remap) {
    icu::UnicodeString in(segment);
    rewrite(in, [turkic](UChar c, UChar, UChar *rep) {
      if (is_apostrophe(c)) return keep('\'', rep);
      if (turkic && c == 'I') return keep(0x0131, rep);  // I -> ı
      if (turkic && c == 0x0130) return keep('i', rep);  // İ -> i
      return keep(c, rep);
    });
    cased = nfkc_cf().normalize(in, st);
  } else {
    cased = nfkc_cf().normalize(segment, st);
  }
  if (U_FAILURE(st)) cased = segment;
  post_casefold(cased);
  icu::UnicodeString folded;
  if (!has_non_ascii(cased)) {
    folded = cased;
  } else {
    switch (script) {
      case USCRIPT_LATIN:
      case USCRIPT_COMMON:
        folded = fold_latin(cased);
        break;
      case USCRIPT_GREEK:
        folded = strip_marks(cased);
        break;
      case USCRIPT_ARABIC:
        folded = cased;
        fold_arabic(folded);
        break;
      case USCRIPT_CYRILLIC:
        strip_stress(cased);  // not part of the spelling, so stemmers should not see it
        folded = cased;
        fold_cyrillic(folded);
        break;
      case USCRIPT_HEBREW:
        folded = cased;
        fold_hebrew(folded);
        break;
      default:
        folded = cased;
    }
  }
  NormalizedWord w;
  w.cased = to_utf8(cased);
  w.folded = folded == cased ? w.cased : to_utf8(folded);
  return w;
}

void normalize_unit(const icu::UnicodeString &text, int32_t start, int32_t end, std::string &out) {
  UChar32 c = text.char32At(start);
  if (start + U16_LENGTH(c) == end) {
    if (is_stable_unigram_char(c)) {
      append_utf8(c, out);
      return;
    }
    icu::UnicodeString mapped;
    if (!nfkc_cf().getDecomposition(c, mapped)) {
      append_utf8(c, out);
      return;
    }
  }
  UErrorCode st = U_ZERO_ERROR;
  icu::UnicodeString n = nfkc_cf().normalize(text.tempSubStringBetween(start, end), st);
  if (U_FAILURE(st)) return;
  n.toUTF8String(out);
}

std::string fold_utf8(const std::string &utf8) {
  bool ascii = true;
  for (char c : utf8) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    std::string s = utf8;
    for (char &c : s)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return s;
  }
  Utf16Text t = decode_utf8(utf8);
  return normalize_word(t.text, dominant_script(t.text)).folded;
}

}  // namespace faqlite::analysis
