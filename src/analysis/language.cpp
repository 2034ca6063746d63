#include "analysis/language.hpp"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "analysis/normalizer.hpp"
#include "analysis/stopwords.hpp"
#include "analysis/utf.hpp"

namespace faqlite::analysis {

std::string primary_language(std::string_view tag) {
  std::string p;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    if (!std::isalpha(static_cast<unsigned char>(c))) return "";
    p += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (p.size() < 2 || p.size() > 3) return "";
  return p;
}

bool is_valid_language_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > 35) return false;
  size_t i = 0, part = 0;
  while (i <= tag.size()) {
    size_t j = i;
    while (j < tag.size() && tag[j] != '-' && tag[j] != '_') ++j;
    size_t len = j - i;
    if (part == 0) {
      if (len < 2 || len > 3) return false;
      for (size_t k = i; k < j; ++k)
        if (!std::isalpha(static_cast<unsigned char>(tag[k]))) return false;
    } else {
      if (len < 1 || len > 8) return false;
      for (size_t k = i; k < j; ++k)
        if (!std::isalnum(static_cast<unsigned char>(tag[k]))) return false;
    }
    ++part;
    i = j + 1;
  }
  return true;
}

bool is_known_language(std::string_view p) {
  static const std::set<std::string, std::less<>> known = {
      "af", "am", "ar", "az", "be", "bg", "bn", "bs",  "ca", "cs",  "cy", "da", "de", "el",
      "en", "eo", "es", "et", "eu", "fa", "fi", "fil", "fr", "ga",  "gl", "gu", "he", "hi",
      "hr", "hu", "hy", "id", "is", "it", "ja", "ka",  "kk", "km",  "kn", "ko", "ky", "lo",
      "lt", "lv", "mk", "ml", "mn", "mr", "ms", "mt",  "my", "nb",  "ne", "nl", "nn", "no",
      "pa", "pl", "ps", "pt", "ro", "ru", "si", "sk",  "sl", "sq",  "sr", "sv", "sw", "ta",
      "te", "th", "tl", "tr", "uk", "ur", "uz", "vi",  "yi", "yue", "zh", "zu"};
  return known.count(p) > 0;
}

namespace {

bool has(const std::vector<std::string> &v, const char *x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// Characters that only some Latin-script languages use.
int letter_hint(std::string_view lang, UChar32 c) {
  switch (c) {
    case 0xF1:
    case 0xBF:
    case 0xA1:
      return lang == "es" ? 3 : 0;  // ñ ¿ ¡
    case 0xE3:
    case 0xF5:
      return lang == "pt" ? 3 : 0;  // ã õ
    case 0xDF:
      return lang == "de" ? 3 : 0;  // ß
    case 0xE4:
    case 0xF6:
    case 0xFC:
      return lang == "de" || lang == "sv" || lang == "tr" ? 1 : 0;
    case 0xE9:
      return lang == "fr" || lang == "es" || lang == "pt" || lang == "it" ? 1 : 0;
    case 0xE8:
    case 0xEA:
    case 0xEB:
    case 0xEE:
    case 0xF4:
    case 0xF9:
    case 0x153:
      return lang == "fr" ? 2 : (lang == "it" || lang == "pt") ? 1 : 0;
    case 0xE7:
      return lang == "fr" || lang == "pt" ? 1 : 0;  // ç
    case 0xE0:
      return lang == "fr" || lang == "it" || lang == "pt" ? 1 : 0;
    case 0xE1:
    case 0xED:
    case 0xF3:
    case 0xFA:
      return lang == "es" || lang == "pt" ? 1 : 0;
    case 0x131:
    case 0x11F:
    case 0x15F:
      return lang == "tr" ? 3 : 0;  // ı ğ ş
    case 0xE5:
      return lang == "sv" ? 3 : 0;  // å
    default:
      return 0;
  }
}

// Spellings typical of one language, for words that are not stop words ("trabajo", "salário",
// "télétravail"). Matched in the lower-cased word wrapped as "^word$", so "^" and "$" anchor a
// pattern to the word's start or end. Patterns shared by two candidate languages are left out
// (Spanish and Portuguese share most of their spelling).
struct SpellingHint {
  const char *lang;
  const char *pattern;
  int weight;
};

const SpellingHint kSpellingHints[] = {
    {"en", "th", 1},      {"en", "ing$", 2},     {"en", "wh", 2},      {"en", "ght", 2},
    {"en", "ness$", 2},   {"en", "ee", 1},       {"en", "oo", 1},      {"en", "ly$", 1},
    {"en", "sh", 1},      {"es", "ción$", 3},    {"es", "ciones$", 3}, {"es", "cion$", 2},
    {"es", "dad$", 2},    {"es", "ajo$", 2},     {"es", "ario$", 1},   {"es", "aje$", 2},
    {"es", "ue", 1},      {"pt", "ção$", 3},     {"pt", "ções$", 3},   {"pt", "ão$", 3},
    {"pt", "lh", 2},      {"pt", "nh", 2},       {"pt", "gem$", 2},    {"pt", "eiro$", 2},
    {"pt", "ário$", 2},   {"pt", "ência$", 2},   {"es", "encia$", 2},  {"pt", "um$", 1},
    {"pt", "em$", 1},     {"de", "sch", 3},      {"de", "ich$", 2},    {"de", "cht", 2},
    {"de", "ung$", 2},    {"de", "heit$", 2},    {"de", "keit$", 2},   {"de", "lich$", 2},
    {"de", "tz", 2},      {"de", "ei", 1},       {"de", "^ge", 1},     {"de", "chaft", 3},
    {"fr", "eau", 3},     {"fr", "aux$", 2},     {"fr", "eux$", 2},    {"fr", "oi", 1},
    {"fr", "ique$", 2},   {"fr", "aire$", 2},    {"fr", "eur$", 2},    {"fr", "ement$", 2},
    {"fr", "^l'", 3},     {"fr", "^d'", 3},      {"fr", "^qu'", 3},    {"fr", "^j'", 3},
    {"fr", "^c'", 3},     {"fr", "^n'", 3},      {"it", "zione$", 3},  {"it", "^dell'", 3},
    {"it", "gli", 2},     {"it", "cch", 2},      {"fr", "^dé", 2},     {"fr", "^ré", 2},
    {"fr", "^té", 2},     {"fr", "ée$", 2},      {"pt", "ss", 1},      {"pt", "^boa$", 3},
    {"pt", "^bom$", 3},   {"pt", "^obrigad", 3}, {"es", "^buen", 3},   {"es", "^gracias$", 3},
    {"de", "^guten$", 3}, {"de", "^danke$", 3},  {"fr", "^merci$", 3}, {"fr", "^bonsoir$", 3},
    {"en", "^thank", 3},  {"en", "^thx$", 3},    {"nl", "ij", 2},      {"nl", "oe", 1},
    {"nl", "aa", 2},      {"sv", "^och$", 3},
};

int spelling_hint(std::string_view lang, const std::string &word) {
  int score = 0;
  for (const auto &h : kSpellingHints) {
    if (lang != h.lang) continue;
    std::string_view p(h.pattern);
    if (word.find(p) != std::string::npos) score += h.weight;
  }
  return score;
}

}  // namespace

std::string detect_language(std::string_view text, const std::vector<std::string> &candidates,
                            const std::string &fallback) {
  Utf16Text u = decode_utf8(text);
  std::map<UScriptCode, int> scripts;
  std::map<std::string, int> hints;
  static const char *const kLatin[] = {"en", "es", "pt", "de", "fr", "it", "nl", "sv", "tr"};
  for (int32_t i = 0; i < u.text.length();) {
    UChar32 c = u.text.char32At(i);
    i += U16_LENGTH(c);
    UErrorCode st = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &st);
    if (sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED) continue;
    scripts[sc]++;
    if (sc == USCRIPT_LATIN || c == 0xBF || c == 0xA1) {
      UChar32 lc = u_tolower(c);
      for (const char *l : kLatin) hints[l] += letter_hint(l, lc);
    }
  }
  if (scripts[USCRIPT_HIRAGANA] + scripts[USCRIPT_KATAKANA] > 0) return "ja";
  if (scripts[USCRIPT_HANGUL] > 0) return "ko";
  if (scripts[USCRIPT_HAN] > 0) {
    if (!has(candidates, "zh") && has(candidates, "ja")) return "ja";
    return "zh";
  }
  if (scripts[USCRIPT_THAI] > 0) return "th";
  if (scripts[USCRIPT_ARABIC] > 0) {
    for (const char *l : {"fa", "ur"})
      if (has(candidates, l) && !has(candidates, "ar")) return l;
    return "ar";
  }
  if (scripts[USCRIPT_CYRILLIC] > 0) {
    for (const char *l : {"uk", "bg", "sr", "mk", "kk"})
      if (has(candidates, l) && !has(candidates, "ru")) return l;
    return "ru";
  }
  if (scripts[USCRIPT_GREEK] > 0) return "el";
  if (scripts[USCRIPT_HEBREW] > 0) return "he";
  if (scripts[USCRIPT_DEVANAGARI] > 0) return "hi";
  if (scripts[USCRIPT_LATIN] == 0) return fallback;

  // Latin script: vote among the Latin languages of the index with stop words and letters.
  std::vector<std::string> latin;
  for (const auto &c : candidates)
    for (const char *l : kLatin)
      if (c == l) latin.push_back(c);
  if (latin.empty()) return fallback;
  if (latin.size() == 1) return latin[0];
  std::map<std::string, int> score;
  icu::UnicodeString word;
  auto flush = [&] {
    if (word.isEmpty()) return;
    std::string f = fold_utf8(to_utf8(word));
    std::string lower =
        "^" + to_utf8(icu::UnicodeString(word).toLower(icu::Locale::getRoot())) + "$";
    for (const auto &l : latin)
      score[l] += 2 * language_marker_weight(l, f) + spelling_hint(l, lower);
    word.remove();
  };
  for (int32_t i = 0; i < u.text.length();) {
    UChar32 c = u.text.char32At(i);
    i += U16_LENGTH(c);
    if (u_isalpha(c) || c == '\'' || c == 0x2019)
      word.append(c == 0x2019 ? UChar32('\'') : c);
    else
      flush();
  }
  flush();
  std::string best = has(latin, fallback.c_str()) ? fallback : latin[0];
  int best_score = score[best] + hints[best];
  for (const auto &l : latin) {
    int sc = score[l] + hints[l];
    if (sc > best_score) {
      best = l;
      best_score = sc;
    }
  }
  return best;
}

}  // namespace faqlite::analysis
