#include "analysis/analyzer.hpp"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>
#include <unicode/uvernum.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "analysis/normalizer.hpp"
#include "analysis/stemmer.hpp"
#include "analysis/stopwords.hpp"
#include "analysis/utf.hpp"

namespace faqlite::analysis {
namespace {

// Bumped whenever a change in this folder changes the terms produced for some text.
//   2: grapheme units for unigram scripts (half-width kana composed), long-vowel mark trimmed
//      from long katakana words, digits of all scripts as ASCII, decimals with ".", Latin
//      letters without decomposition folded, Turkish casing, Cyrillic stress and Hebrew points
//      removed, apostrophe/acronym/umlaut/chain variants.
constexpr int kAnalysisVersion = 2;
// Longest term kept, in bytes; longer words are cut at a character boundary.
constexpr size_t kMaxTermBytes = 120;
// Katakana words at least this long (counting the final mark) lose a final "ー", so that
// "コンピューター" and "コンピュータ" index alike (the JIS and the common spelling).
constexpr size_t kKatakanaTrimLength = 4;
// Distinct words whose forms and stems a cache generation holds, about 200 bytes each: an analyzer
// that has seen that many distinct words (an index build) keeps about 13 MB, two generations, and
// at most about 20 MB (the current generation stops growing at twice this size within one call).
// An FAQ's vocabulary per language is usually much smaller; a bench corpus of 1 MB of English
// text has about 22,000 distinct surfaces.
constexpr size_t kFormsCacheSize = 32768;
// Longer surfaces are analyzed without being remembered (they are rare, and bound the memory).
constexpr size_t kMaxCachedSurface = 64;
// Hyphenated chains up to this many parts also get the whole joined form ("state-of-the-art").
constexpr int kMaxChainParts = 5;

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

// Integer digit groups as written with a thousands separator: western (1-3 digits, then groups
// of 3) or Indian (1-2 digits, groups of 2, a final group of 3: "1,00,000").
bool valid_grouping(const std::vector<std::string> &g, size_t n) {
  if (n < 2) return true;
  bool western = g[0].size() >= 1 && g[0].size() <= 3;
  for (size_t i = 1; i < n && western; ++i) western = g[i].size() == 3;
  if (western) return true;
  bool indian = n >= 3 && g[0].size() >= 1 && g[0].size() <= 2 && g[n - 1].size() == 3;
  for (size_t i = 1; i + 1 < n && indian; ++i) indian = g[i].size() == 2;
  return indian;
}

// Canonical form of a number so that every way of writing it gives one term: grouping
// separators removed ("100,000", "100.000", "1'000", "100 000" with the narrow no-break space
// that ICU keeps inside a number and NFKC turns into a space -> digits only) and the decimal
// separator written "." ("3,5" -> "3.5", "100.000,50" -> "100000.50"). A single separator followed
// by exactly three digits is read as grouping. Anything else (versions "1.2.3", "5g", IP addresses)
// stays as written.
std::string normalize_number(const std::string &s) {
  std::vector<std::string> groups(1);
  std::string seps;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      groups.back() += c;
    } else if (c == ',' || c == '.' || c == '\'' || c == ' ') {
      if (groups.back().empty()) return s;
      seps += c;
      groups.emplace_back();
    } else {
      return s;
    }
  }
  if (seps.empty() || groups.back().empty()) return s;
  const char last = seps.back();
  const bool last_once = std::count(seps.begin(), seps.end(), last) == 1;
  const bool mixed = seps.find_first_not_of(last) != std::string::npos;
  const bool decimal =
      last_once && last != ' ' && last != '\'' && (groups.back().size() != 3 || mixed);
  if (mixed && !decimal) return s;
  const size_t n_int = decimal ? groups.size() - 1 : groups.size();
  if (n_int > 1) {
    for (size_t i = 0; i + 1 < n_int; ++i)
      if (seps[i] != seps[0]) return s;
    if (!valid_grouping(groups, n_int)) return s;
  }
  std::string out;
  for (size_t i = 0; i < n_int; ++i) out += groups[i];
  if (decimal) out += "." + groups.back();
  return out;
}

// French, Italian and Catalan elisions: the article or pronoun before the apostrophe is dropped.
bool strip_elision(std::string &w) {
  static const char *const kPrefixes[] = {"l",      "d",    "j",   "m",      "n",      "s",
                                          "t",      "c",    "qu",  "jusqu",  "lorsqu", "puisqu",
                                          "quoiqu", "dell", "all", "dall",   "nell",   "sull",
                                          "coll",   "un",   "gl",  "nessun", "quest",  "quell"};
  size_t ap = w.find('\'');
  if (ap == std::string::npos || ap == 0 || ap + 1 >= w.size()) return false;
  for (const char *p : kPrefixes) {
    if (w.compare(0, ap, p) == 0) {
      w.erase(0, ap + 1);
      return true;
    }
  }
  return false;
}

void strip_possessive(std::string &w) {
  if (w.size() > 2 && w.compare(w.size() - 2, 2, "'s") == 0)
    w.resize(w.size() - 2);
  else if (w.size() > 1 && w.back() == '\'')
    w.pop_back();
}

bool is_space_char(UChar c) {
  return c == 0x20 || c == 0xA0 || c == 0x202F || c == 0x2009;
}
bool is_hyphen_char(UChar c) {
  return c == '-' || c == 0x2010 || c == 0x2011 || c == 0xFF0D;
}

// Characters that belong to the unit of the character before them: combining marks, the
// half-width (semi-)voiced sound marks, joiners, and Hangul medial/final jamo after a jamo.
bool extends_unit(UChar32 c, UChar32 base) {
  switch (u_charType(c)) {
    case U_NON_SPACING_MARK:
    case U_COMBINING_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_FORMAT_CHAR:
      return true;
    default:
      break;
  }
  if (c == 0xFF9E || c == 0xFF9F) return true;
  const bool jamo_base = (base >= 0x1100 && base <= 0x11FF) || (base >= 0xAC00 && base <= 0xD7A3);
  return jamo_base && ((c >= 0x1160 && c <= 0x11FF) || (c >= 0xD7B0 && c <= 0xD7FF));
}

bool starts_unit(UChar32 c) {
  if (u_isalnum(c)) return true;
  switch (u_charType(c)) {
    case U_OTHER_LETTER:
    case U_MODIFIER_LETTER:
    case U_NON_SPACING_MARK:
    case U_COMBINING_SPACING_MARK:
      return true;
    default:
      return false;
  }
}

UChar32 first_code_point(const std::string &s) {
  if (s.empty()) return -1;
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(s.data(), i, static_cast<int32_t>(s.size()), c);
  return c;
}

bool is_katakana(UChar32 c) {
  return c >= 0x30A1 && c <= 0x30FA;
}
constexpr UChar32 kProlongedSoundMark = 0x30FC;

// Drops the final "ー" of every katakana run of kKatakanaTrimLength characters or more.
void trim_katakana_long_vowels(std::vector<Piece> &pieces) {
  size_t run = 0;  // katakana (or ー inside katakana) pieces seen so far in the current run
  for (size_t i = 0; i < pieces.size(); ++i) {
    UChar32 c = first_code_point(pieces[i].term);
    bool one_char = static_cast<size_t>(U8_LENGTH(c)) == pieces[i].term.size();
    if (one_char && is_katakana(c)) {
      ++run;
    } else if (one_char && c == kProlongedSoundMark && run > 0) {
      ++run;
      bool run_ends = i + 1 == pieces.size() || !is_katakana(first_code_point(pieces[i + 1].term));
      bool next_is_mark = i + 1 < pieces.size() && pieces[i + 1].term == pieces[i].term;
      if (run_ends && !next_is_mark && run >= kKatakanaTrimLength) {
        pieces.erase(pieces.begin() + static_cast<std::ptrdiff_t>(i));
        --i;
        run = 0;
      }
    } else {
      run = 0;
    }
  }
}

void add_unique(std::vector<std::string> &v, std::string s) {
  if (s.empty()) return;
  cut_term(s);
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

// "u.s.a" -> "usa": single letters or digits separated by dots.
bool is_dotted_acronym(const std::string &s) {
  if (s.size() < 3 || s.size() % 2 == 0) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (i % 2 == 1 ? c != '.' : !std::isalnum(c)) return false;
  }
  return true;
}

// German spelled without umlauts: ä/ö/ü -> ae/oe/ue ("Größe" is also typed "Groesse").
std::string expand_umlauts(const std::string &cased) {
  std::string out;
  bool changed = false;
  for (size_t i = 0; i < cased.size(); ++i) {
    if (static_cast<unsigned char>(cased[i]) == 0xC3 && i + 1 < cased.size()) {
      const unsigned char n = static_cast<unsigned char>(cased[i + 1]);
      const char *rep = n == 0xA4 ? "ae" : n == 0xB6 ? "oe" : n == 0xBC ? "ue" : nullptr;
      if (rep) {
        out += rep;
        ++i;
        changed = true;
        continue;
      }
    }
    out += cased[i];
  }
  return changed ? fold_utf8(out) : std::string();
}

bool is_single_hiragana(const Word &w) {
  if (!w.unigram || w.pieces.size() != 1) return false;
  UChar32 c = first_code_point(w.pieces[0].term);
  return c >= 0x3041 && c <= 0x309F;
}

}  // namespace

// A word's norm: a cached word analyzed for tokens() leaves it in its forms (a word's own norm is
// never empty otherwise).
const std::string &Analyzer::norm_of(const Word &w, const Forms *f) {
  return w.norm.empty() && f ? f->norm : w.norm;
}

Analyzer::Analyzer(std::string lang) : lang_(std::move(lang)) {
  breaker_.reset(prototype_breaker().clone());
  if (!breaker_) throw std::bad_alloc();
  stemmer_ = std::make_unique<Stemmer>(lang_);
  turkic_ = uses_turkic_casing(lang_);
}

Analyzer::~Analyzer() = default;

bool Analyzer::stems() const {
  return stemmer_->active();
}

const std::string &Analyzer::fingerprint() {
  static const std::string fp = [] {
    std::string s = "faqlite-analysis/" + std::to_string(kAnalysisVersion);
    s += " icu/" U_ICU_VERSION " unicode/" U_UNICODE_VERSION " snowball/libstemmer0d-2";
    s += " cjk=unigram-grapheme kana-trim=" + std::to_string(kKatakanaTrimLength);
    s += " fold=latin+letters,greek,arabic,hebrew,cyrillic-yo-stress digits=ascii turkic=tr,az";
    s += " numbers=grouped,decimal-dot elision=fr,it,ca";
    s += " variants=hyphen-pair,hyphen-chain" + std::to_string(kMaxChainParts);
    s += ",apostrophe,acronym,de-umlaut stems=cased+folded";
    s += " maxterm=" + std::to_string(kMaxTermBytes);
    return s;
  }();
  return fp;
}

void Analyzer::add_extras(Forms &f) const {
  if (stemmer_->active()) {
    std::vector<std::string> stems;
    auto add_stem = [&](const std::string &src) {
      std::string st = fold_utf8(stemmer_->stem(src));
      if (st.empty()) return;
      st.insert(st.begin(), kStemPrefix);
      add_unique(stems, std::move(st));
    };
    add_stem(f.cased);
    if (f.cased != f.norm) add_stem(f.norm);
    f.n_stems = static_cast<int>(stems.size());
    for (int i = 0; i < f.n_stems; ++i) f.stems[i] = std::move(stems[static_cast<size_t>(i)]);
  }
  if (f.norm.find('\'') != std::string::npos) {
    std::string bare;
    for (char c : f.norm)
      if (c != '\'') bare += c;
    if (bare != f.norm) add_unique(f.variants, bare);
  }
  if (is_dotted_acronym(f.norm)) {
    std::string bare;
    for (char c : f.norm)
      if (c != '.') bare += c;
    add_unique(f.variants, bare);
  }
  if (lang_ == "de") {
    std::string v = expand_umlauts(f.cased);
    if (v != f.norm) add_unique(f.variants, v);
  }
}

const Analyzer::Forms *Analyzer::cached_forms(std::string_view surface, uint64_t hash) {
  if (surface.size() > kMaxCachedSurface) return nullptr;
  if (const Forms *f = forms_.find(surface, hash)) return f;
  const Forms *old = old_forms_.find(surface, hash);
  if (!old || forms_.size() >= 2 * kFormsCacheSize) return old;  // valid until the next call
  Forms &f = forms_.insert(surface, hash);
  f = *old;
  return &f;
}

Analyzer::Forms &Analyzer::new_forms(std::string_view surface, uint64_t hash) {
  if (surface.size() > kMaxCachedSurface || forms_.size() >= 2 * kFormsCacheSize)
    return spill_.emplace_back();
  return forms_.insert(surface, hash);
}

void Analyzer::add_stop_flags(std::vector<Word> &words, std::string_view lang) {
  std::vector<char> stop(words.size(), 0), by_span(words.size(), 0);
  for (size_t i = 0; i < words.size(); ++i) {
    const Word &w = words[i];
    stop[i] = !w.norm.empty() &&
              (w.unigram ? is_stop_compound(lang, w.norm) : is_stop_word(lang, w.norm));
  }
  // Question words that the dictionary splits ("เท่า|ไหร่", "どの|くらい") are matched as
  // sequences of adjacent unigram words.
  for (size_t i = 0; i < words.size(); ++i) {
    if (!words[i].unigram) continue;
    std::string joined = words[i].norm;
    for (size_t j = i + 1; j < words.size() && j < i + 4; ++j) {
      if (!words[j].unigram || words[j].u16_start != words[j - 1].u16_end) break;
      joined += words[j].norm;
      if (is_stop_word(lang, joined)) {
        for (size_t k = i; k <= j; ++k) {
          stop[k] = 1;
          by_span[k] = 1;
        }
      }
    }
  }
  // A run of single kana that the dictionary could not segment is an unknown word ("ひ|ら|が|な"),
  // not a string of particles: a one-kana stop word right after a one-kana content word is
  // content too. (を is only ever a particle.)
  for (size_t i = 1; i < words.size(); ++i) {
    const Word &w = words[i];
    const Word &prev = words[i - 1];
    if (stop[i] && !by_span[i] && is_single_hiragana(w) && w.norm != "を" &&
        is_single_hiragana(prev) && !stop[i - 1] && prev.u16_end == w.u16_start)
      stop[i] = 0;
  }
  for (size_t i = 0; i < words.size(); ++i)
    if (stop[i]) words[i].stop = true;
}

std::vector<Word> Analyzer::words(std::string_view text, bool for_query) {
  std::vector<Word> out;
  split_words(text, false, out, forms_buf_);
  for (size_t i = 0; i < out.size(); ++i) {
    Word &w = out[i];
    const Forms *f = forms_buf_[i];
    if (!f) continue;
    w.stems.assign(f->stems, f->stems + f->n_stems);
    for (const auto &v : f->variants) add_unique(w.variants, v);
  }
  if (for_query) add_stop_flags(out, lang_);
  return out;
}

void Analyzer::split_words(std::string_view text, bool tokens_only, std::vector<Word> &out,
                           std::vector<const Forms *> &forms) {
  out.clear();
  forms.clear();
  // The caches only change generation between calls, so Forms pointers stay valid during one.
  spill_.clear();
  if (forms_.size() >= kFormsCacheSize) {
    old_forms_.swap(forms_);
    forms_.clear();
  }
  if (text.empty()) return;
  out.reserve(text.size() / 6 + 4);
  forms.reserve(text.size() / 6 + 4);
  decode_utf8(text, u16_);
  const Utf16Text &u = u16_;
  const icu::UnicodeString &s = u.text;
  breaker_->setText(s);
  int32_t start = breaker_->first();
  int merged_into = -1;  // index of the last number that absorbed a space-separated group
  int chain_start = -1;  // first word of the current hyphenated chain
  int chain_parts = 0;
  std::string chain_joined;
  auto close_chain = [&] {
    if (chain_start >= 0 && chain_parts >= 3 && chain_parts <= kMaxChainParts)
      add_unique(out[static_cast<size_t>(chain_start)].variants, chain_joined);
    chain_start = -1;
    chain_parts = 0;
    chain_joined.clear();
  };
  for (int32_t end = breaker_->next(); end != icu::BreakIterator::DONE;
       start = end, end = breaker_->next()) {
    const int status = breaker_->getRuleStatus();
    if (status < UBRK_WORD_NONE_LIMIT) continue;
    // Built in place (a Word is large to move); dropped again when the segment yields nothing.
    Word &w = out.emplace_back();
    w.start = u.byte_at[start];
    w.end = u.byte_at[end];
    w.u16_start = start;
    w.u16_end = end;
    const bool number_status = status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT;
    // A word written exactly as before normalizes exactly as before.
    const std::string_view surface =
        text.substr(static_cast<size_t>(w.start), static_cast<size_t>(w.end - w.start));
    // Kana and ideograph segments are always unigram words, which the cache does not hold.
    const bool cacheable = !number_status && status < UBRK_WORD_KANA;
    const uint64_t hash = cacheable ? hash_surface(surface) : 0;
    const Forms *f = cacheable ? cached_forms(surface, hash) : nullptr;
    if (f) {
      if (f->norm.empty()) {
        out.pop_back();
        continue;
      }
      // tokens() reads a cached word's norm from `forms` (see norm_of below): no copy here.
      if (!tokens_only) {
        w.cased = f->cased;
        w.norm = f->norm;
      }
    } else {
      icu::UnicodeString seg = s.tempSubStringBetween(start, end);
      const UScriptCode script = dominant_script(seg);
      // Numbers in Thai or other unigram-script digits ("๑๐๐") are numbers like any other.
      if (is_unigram_script(script) && !number_status) {
        w.unigram = true;
        w.pieces.reserve(static_cast<size_t>(end - start));
        for (int32_t i = start; i < end;) {
          UChar32 c = s.char32At(i);
          int32_t next = i + U16_LENGTH(c);
          while (next < end) {
            UChar32 d = s.char32At(next);
            if (!extends_unit(d, c)) break;
            next += U16_LENGTH(d);
          }
          if (starts_unit(c)) {
            Piece p;
            normalize_unit(s, i, next, p.term);
            p.start = u.byte_at[i];
            p.end = u.byte_at[next];
            if (!p.term.empty()) w.pieces.push_back(std::move(p));
          }
          i = next;
        }
        trim_katakana_long_vowels(w.pieces);
        if (w.pieces.empty()) {
          out.pop_back();
          continue;
        }
        for (const Piece &p : w.pieces) w.norm += p.term;
        close_chain();
        forms.push_back(nullptr);
        continue;
      }

      NormalizedWord n = normalize_word(seg, script, turkic_);
      if (n.folded.empty()) {
        out.pop_back();
        continue;
      }
      w.number = number_status;
      if (w.number) {
        w.norm = normalize_number(n.folded);
        w.norm.erase(std::remove(w.norm.begin(), w.norm.end(), ' '), w.norm.end());
        w.cased = w.norm;
        // "100 000": a 1-3 digit group, one space, then 3-digit groups are one number.
        Word *last = out.size() >= 2 ? &out[out.size() - 2] : nullptr;
        if (last && last->number && is_digit_string(w.norm) && w.norm.size() == 3 &&
            start - last->u16_end == 1 && is_space_char(s.charAt(start - 1)) &&
            is_digit_string(last->norm) &&
            (last->norm.size() <= 3 || merged_into == static_cast<int>(out.size()) - 2)) {
          last->norm += w.norm;
          last->cased = last->norm;
          last->end = w.end;
          last->u16_end = w.u16_end;
          merged_into = static_cast<int>(out.size()) - 2;
          out.pop_back();
          continue;
        }
      } else {
        w.cased = std::move(n.cased);
        w.norm = std::move(n.folded);
        // ICU keeps U+202F (a word joiner for Mongolian) inside words; NFKC makes it a space,
        // which a term must never contain.
        w.cased.erase(std::remove(w.cased.begin(), w.cased.end(), ' '), w.cased.end());
        w.norm.erase(std::remove(w.norm.begin(), w.norm.end(), ' '), w.norm.end());
        if (strip_elision(w.norm)) strip_elision(w.cased);
        strip_possessive(w.norm);
        strip_possessive(w.cased);
        cut_term(w.norm);
        cut_term(w.cased);
        Forms made;
        made.cased = w.cased;
        made.norm = w.norm;
        if (!made.norm.empty()) {
          // A capitalized word ("Account") usually has its lower-case form cached already; stems
          // and variants depend only on the two forms, so they are copied, not recomputed.
          const Forms *same = nullptr;
          if (surface != made.cased && made.cased.size() <= kMaxCachedSurface) {
            const uint64_t h = hash_surface(made.cased);
            same = forms_.find(made.cased, h);
            if (!same) same = old_forms_.find(made.cased, h);
          }
          if (same && same->cased == made.cased && same->norm == made.norm) {
            made.stems[0] = same->stems[0];
            made.stems[1] = same->stems[1];
            made.n_stems = same->n_stems;
            made.variants = same->variants;
          } else {
            add_extras(made);
          }
        }
        // Remembered only once complete: an exception (out of memory) leaves no partial entry.
        Forms &nf = new_forms(surface, cacheable ? hash : hash_surface(surface));
        nf = std::move(made);
        if (nf.norm.empty()) {  // a lone elided article
          out.pop_back();
          continue;
        }
        f = &nf;
      }
    }

    // Hyphenated compounds: the joined form of each pair rides along with its first part, and
    // the whole chain with the chain's first word. Two numbers ("2024-01") are not a compound.
    Word *prev = out.size() >= 2 ? &out[out.size() - 2] : nullptr;
    const bool hyphenated = prev && !prev->unigram && prev->u16_end + 1 == start &&
                            is_hyphen_char(s.charAt(start - 1)) && !(prev->number && w.number);
    if (hyphenated) {
      const std::string &prev_norm = norm_of(*prev, forms.back());
      const std::string &norm = norm_of(w, f);
      add_unique(prev->variants, prev_norm + norm);
      if (chain_start < 0) {
        chain_start = static_cast<int>(out.size()) - 2;
        chain_parts = 1;
        chain_joined = prev_norm;
      }
      ++chain_parts;
      chain_joined += norm;
    } else {
      close_chain();
    }
    forms.push_back(f);
  }
  close_chain();
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
  // Same order as word_tokens(), but the words are ours to move from, stems and variants come
  // straight from the cache, and the Token objects already in `out` are overwritten (their
  // strings keep their storage) rather than destroyed and built again.
  std::vector<Word> &words = words_buf_;
  split_words(text, true, words, forms_buf_);
  size_t n = 0;
  auto slot = [&](int start, int end, bool colocated) -> std::string & {
    if (n == out.size()) out.emplace_back();
    Token &t = out[n++];
    t.start = start;
    t.end = end;
    t.colocated = colocated;
    return t.term;
  };
  for (size_t i = 0; i < words.size(); ++i) {
    Word &w = words[i];
    if (w.unigram) {
      for (Piece &p : w.pieces) slot(p.start, p.end, false).swap(p.term);
      continue;
    }
    const Forms *x = forms_buf_[i];
    if (w.norm.empty() && x)
      slot(w.start, w.end, false).assign(x->norm);
    else
      slot(w.start, w.end, false).swap(w.norm);
    if (!x) {
      for (const auto &v : w.variants) slot(w.start, w.end, true).assign(v);
      continue;
    }
    for (int k = 0; k < x->n_stems; ++k) slot(w.start, w.end, true).assign(x->stems[k]);
    for (const auto &v : w.variants) slot(w.start, w.end, true).assign(v);
    for (const auto &v : x->variants)
      if (std::find(w.variants.begin(), w.variants.end(), v) == w.variants.end())
        slot(w.start, w.end, true).assign(v);
  }
  out.resize(n);
}

}  // namespace faqlite::analysis
