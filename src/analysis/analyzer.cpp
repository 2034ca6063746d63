#include "analysis/analyzer.hpp"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/uvernum.h>

#include <mutex>
#include <stdexcept>

#include "analysis/normalizer.hpp"
#include "analysis/stemmer.hpp"
#include "analysis/stopwords.hpp"
#include "analysis/utf.hpp"

namespace faqlite::analysis {
namespace {

// Bumped whenever a change in this folder changes the terms produced for some text.
constexpr int kAnalysisVersion = 1;
// Longest term kept, in bytes; longer words are cut at a character boundary.
constexpr size_t kMaxTermBytes = 120;

const icu::BreakIterator &prototype_breaker() {
  static std::unique_ptr<icu::BreakIterator> proto = [] {
    UErrorCode st = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> bi(
        icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), st));
    if (U_FAILURE(st) || !bi) throw std::runtime_error("ICU word break iterator unavailable");
    return bi;
  }();
  return *proto;
}

void cut_term(std::string &t) {
  if (t.size() <= kMaxTermBytes) return;
  size_t n = kMaxTermBytes;
  while (n > 0 && (static_cast<unsigned char>(t[n]) & 0xC0) == 0x80) --n;
  t.resize(n);
}

bool is_digit_string(const std::string &s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// "100,000" / "100.000" / "1'000'000" -> "100000"; decimals ("3.14") keep their point.
std::string normalize_number(const std::string &s) {
  std::string digits, group;
  bool grouped = true;
  int groups = 0;
  size_t first_len = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    char c = i < s.size() ? s[i] : '\0';
    if (c >= '0' && c <= '9') {
      group += c;
      continue;
    }
    if (c == '\0' || c == ',' || c == '.' || c == '\'' || c == ' ') {
      if (groups == 0) first_len = group.size();
      else if (group.size() != 3) grouped = false;
      digits += group;
      group.clear();
      ++groups;
      if (c == '\0') break;
      continue;
    }
    return s;  // letters inside ("5g", "iphone15"): not a plain number
  }
  if (groups > 1 && grouped && first_len >= 1 && first_len <= 3) return digits;
  return s;
}

// French, Italian and Catalan elisions: the article or pronoun before the apostrophe is dropped.
bool strip_elision(std::string &w) {
  static const char *const kPrefixes[] = {"l",   "d",     "j",      "m",      "n",      "s",
                                          "t",   "c",     "qu",     "jusqu",  "lorsqu", "puisqu",
                                          "quoiqu", "dell", "all", "dall", "nell", "sull", "dall",
                                          "un",  "po",    "gl",     "nessun"};
  size_t ap = w.find('\'');
  if (ap == std::string::npos || ap == 0 || ap + 1 >= w.size()) return false;
  std::string head = w.substr(0, ap);
  for (const char *p : kPrefixes) {
    if (head == p) {
      w.erase(0, ap + 1);
      return true;
    }
  }
  return false;
}

void strip_possessive(std::string &w) {
  if (w.size() > 2 && w.compare(w.size() - 2, 2, "'s") == 0) w.resize(w.size() - 2);
  else if (w.size() > 1 && w.back() == '\'') w.pop_back();
}

bool is_space_char(UChar c) { return c == 0x20 || c == 0xA0 || c == 0x202F || c == 0x2009; }
bool is_hyphen_char(UChar c) { return c == '-' || c == 0x2010 || c == 0x2011; }

}  // namespace

Analyzer::Analyzer(std::string lang) : lang_(std::move(lang)) {
  breaker_.reset(prototype_breaker().clone());
  if (!breaker_) throw std::bad_alloc();
  stemmer_ = std::make_unique<Stemmer>(lang_);
}

Analyzer::~Analyzer() = default;

bool Analyzer::stems() const { return stemmer_->active(); }

const std::string &Analyzer::fingerprint() {
  static const std::string fp = [] {
    std::string s = "faqlite-analysis/" + std::to_string(kAnalysisVersion);
    s += " icu/" U_ICU_VERSION " unicode/" U_UNICODE_VERSION " snowball/libstemmer0d-2";
    s += " cjk=unigram fold=latin,greek,arabic,cyrillic-yo numbers=grouped elision=fr,it,ca";
    s += " compounds=joined stems=cased+folded maxterm=" + std::to_string(kMaxTermBytes);
    return s;
  }();
  return fp;
}

void Analyzer::finish_word(Word &w, bool for_query) {
  if (w.unigram) {
    w.norm.clear();
    for (const auto &p : w.pieces) w.norm += p.term;
  } else if (!w.number) {
    std::string cased = w.cased, folded = w.norm;
    if (strip_elision(folded)) strip_elision(cased);
    strip_possessive(folded);
    strip_possessive(cased);
    cut_term(folded);
    cut_term(cased);
    w.norm = folded;
    w.cased = cased;
    if (stemmer_->active() && !w.norm.empty()) {
      auto add_stem = [&](const std::string &src) {
        std::string st = fold_utf8(stemmer_->stem(src));
        if (st.empty()) return;
        st.insert(st.begin(), kStemPrefix);
        for (const auto &have : w.stems)
          if (have == st) return;
        w.stems.push_back(st);
      };
      add_stem(w.cased);
      if (w.cased != w.norm) add_stem(w.norm);
    }
  }
  if (for_query) w.stop = !w.norm.empty() && is_stop_word(lang_, w.norm);
}

std::vector<Word> Analyzer::words(std::string_view text, bool for_query) {
  std::vector<Word> out;
  if (text.empty()) return out;
  Utf16Text u = decode_utf8(text);
  const icu::UnicodeString &s = u.text;
  breaker_->setText(s);
  int32_t start = breaker_->first();
  int merged_into = -1;  // index of the last number that absorbed a space-separated group
  for (int32_t end = breaker_->next(); end != icu::BreakIterator::DONE;
       start = end, end = breaker_->next()) {
    if (breaker_->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
    icu::UnicodeString seg = s.tempSubStringBetween(start, end);
    UScriptCode script = dominant_script(seg);
    Word w;
    w.start = u.byte_at[start];
    w.end = u.byte_at[end];
    w.u16_start = start;
    w.u16_end = end;
    if (is_unigram_script(script)) {
      w.unigram = true;
      for (int32_t i = start; i < end;) {
        UChar32 c = s.char32At(i);
        int32_t next = i + U16_LENGTH(c);
        if (u_isalnum(c) || u_charType(c) == U_OTHER_LETTER ||
            u_charType(c) == U_NON_SPACING_MARK || u_charType(c) == U_COMBINING_SPACING_MARK ||
            u_charType(c) == U_MODIFIER_LETTER) {
          NormalizedWord n = normalize_word(icu::UnicodeString(c), dominant_script(icu::UnicodeString(c)));
          if (!n.folded.empty()) w.pieces.push_back({n.folded, u.byte_at[i], u.byte_at[next]});
        }
        i = next;
      }
      if (w.pieces.empty()) continue;
    } else {
      NormalizedWord n = normalize_word(seg, script);
      if (n.folded.empty()) continue;
      int st = breaker_->getRuleStatus();
      w.number = st >= UBRK_WORD_NUMBER && st < UBRK_WORD_NUMBER_LIMIT;
      w.cased = n.cased;
      w.norm = w.number ? normalize_number(n.folded) : n.folded;
      if (w.number) {
        // "100 000": a 1-3 digit group, one space, then 3-digit groups are one number.
        if (!out.empty() && out.back().number && is_digit_string(w.norm) && w.norm.size() == 3 &&
            start - out.back().u16_end == 1 && is_space_char(s.charAt(start - 1)) &&
            is_digit_string(out.back().norm) &&
            (out.back().norm.size() <= 3 || merged_into == static_cast<int>(out.size()) - 1)) {
          Word &prev = out.back();
          prev.norm += w.norm;
          prev.cased = prev.norm;
          prev.end = w.end;
          prev.u16_end = w.u16_end;
          merged_into = static_cast<int>(out.size()) - 1;
          continue;
        }
      }
    }
    // Hyphenated compounds: the joined form rides along with the first part.
    if (!w.unigram && !w.number && !out.empty() && !out.back().unigram &&
        out.back().u16_end + 1 == start && is_hyphen_char(s.charAt(start - 1))) {
      Word &prev = out.back();
      std::string joined = prev.norm + w.norm;
      cut_term(joined);
      prev.variants.push_back(joined);
    }
    out.push_back(std::move(w));
  }
  for (Word &w : out) finish_word(w, for_query);
  // Words that normalized to nothing (e.g. a lone elided article) are dropped.
  std::vector<Word> kept;
  kept.reserve(out.size());
  for (Word &w : out)
    if (w.unigram ? !w.pieces.empty() : !w.norm.empty()) kept.push_back(std::move(w));
  return kept;
}

void Analyzer::word_tokens(const Word &w, std::vector<Token> &out) {
  if (w.unigram) {
    for (const Piece &p : w.pieces) out.push_back({p.term, p.start, p.end, false});
    return;
  }
  out.push_back({w.norm, w.start, w.end, false});
  for (const auto &st : w.stems) out.push_back({st, w.start, w.end, true});
  for (const auto &v : w.variants) out.push_back({v, w.start, w.end, true});
}

void Analyzer::tokens(std::string_view text, std::vector<Token> &out) {
  out.clear();
  for (const Word &w : words(text, false)) word_tokens(w, out);
}

}  // namespace faqlite::analysis
