#include "analysis/language.hpp"

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
      "af", "am", "ar", "az", "be", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el", "en",
      "eo", "es", "et", "eu", "fa", "fi", "fil", "fr", "ga", "gl", "gu", "he", "hi", "hr", "hu",
      "hy", "id", "is", "it", "ja", "ka", "kk", "km", "kn", "ko", "ky", "lo", "lt", "lv", "mk",
      "ml", "mn", "mr", "ms", "mt", "my", "nb", "ne", "nl", "nn", "no", "pa", "pl", "ps", "pt",
      "ro", "ru", "si", "sk", "sl", "sq", "sr", "sv", "sw", "ta", "te", "th", "tl", "tr", "uk",
      "ur", "uz", "vi", "yi", "yue", "zh", "zu"};
  return known.count(p) > 0;
}

namespace {

bool has(const std::vector<std::string> &v, const char *x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// Characters that only some Latin-script languages use.
int letter_hint(std::string_view lang, UChar32 c) {
  switch (c) {
    case 0xF1: case 0xBF: case 0xA1: return lang == "es" ? 3 : 0;  // ñ ¿ ¡
    case 0xE3: case 0xF5: return lang == "pt" ? 3 : 0;             // ã õ
    case 0xDF: return lang == "de" ? 3 : 0;                        // ß
    case 0xE4: case 0xF6: case 0xFC: return lang == "de" || lang == "sv" || lang == "tr" ? 1 : 0;
    case 0xE8: case 0xEA: case 0xEB: case 0xEE: case 0xF4: case 0xF9: case 0x153:
      return lang == "fr" ? 2 : (lang == "it" || lang == "pt") ? 1 : 0;
    case 0xE7: return lang == "fr" || lang == "pt" ? 1 : 0;           // ç
    case 0xE0: return lang == "fr" || lang == "it" || lang == "pt" ? 1 : 0;
    case 0xE1: case 0xED: case 0xF3: case 0xFA: return lang == "es" || lang == "pt" ? 1 : 0;
    case 0x131: case 0x11F: case 0x15F: return lang == "tr" ? 3 : 0;  // ı ğ ş
    case 0xE5: return lang == "sv" ? 3 : 0;                            // å
    default: return 0;
  }
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
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    std::string f = fold_utf8(word);
    for (const auto &l : latin) score[l] += 2 * language_marker_weight(l, f);
    word.clear();
  };
  for (int32_t i = 0; i < u.text.length();) {
    UChar32 c = u.text.char32At(i);
    i += U16_LENGTH(c);
    if (u_isalpha(c) || c == '\'' || c == 0x2019) {
      icu::UnicodeString one(c);
      word += to_utf8(one);
    } else {
      flush();
    }
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
