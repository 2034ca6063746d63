#include "index/guide_import.hpp"

#include <unicode/brkiter.h>
#include <unicode/regex.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>

#include "analysis/language.hpp"
#include "analysis/utf.hpp"
#include "base/error.hpp"
#include "base/json_depth.hpp"
#include "index/corpus_reader.hpp"
#include "index/guide_parse.hpp"
#include "index/mojibake.hpp"

namespace faqlite::index {
namespace {

using icu::UnicodeString;
using nlohmann::json;
using ordered = nlohmann::ordered_json;

constexpr size_t kMaxInputBytes = 64u << 20;
constexpr size_t kMaxListed = 200;  // items per list in the report
constexpr size_t kMaxExamples = 20;

[[noreturn]] void bad(const std::string &msg) {
  throw Error(Status::kInvalid, msg);
}

std::string u8(const UnicodeString &u) {
  std::string s;
  u.toUTF8String(s);
  return s;
}

std::unique_ptr<icu::RegexPattern> compile_pattern(const std::string &pattern, uint32_t flags,
                                                   std::string &error) {
  UErrorCode st = U_ZERO_ERROR;
  UParseError pe;
  std::unique_ptr<icu::RegexPattern> p(
      icu::RegexPattern::compile(UnicodeString::fromUTF8(pattern), flags, pe, st));
  if (U_FAILURE(st)) {
    error = std::string(u_errorName(st)) + " at offset " + std::to_string(pe.offset);
    return nullptr;
  }
  return p;
}

// True when `p` finds a match in `s`; a match that runs out of its step budget counts as none.
bool regex_find(const icu::RegexPattern &p, const UnicodeString &s) {
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<icu::RegexMatcher> m(p.matcher(s, st));
  if (U_FAILURE(st)) return false;
  m->setTimeLimit(1000, st);
  bool found = m->find(0, st);
  return U_SUCCESS(st) && found;
}

std::string truncate(const std::string &s, size_t max_chars) {
  UnicodeString u = UnicodeString::fromUTF8(s);
  if (u.countChar32() <= static_cast<int32_t>(max_chars)) return s;
  return u8(UnicodeString(u, 0, u.moveIndex32(0, static_cast<int32_t>(max_chars)))) + "…";
}

// Word counts and sentence boundaries in the document's language (ICU break iterators, which
// also segment Chinese, Japanese and Thai).
class TextTools {
 public:
  explicit TextTools(const std::string &lang) {
    icu::Locale loc(analysis::primary_language(lang).c_str());
    UErrorCode st = U_ZERO_ERROR;
    words_.reset(icu::BreakIterator::createWordInstance(loc, st));
    if (U_FAILURE(st)) words_.reset();
    st = U_ZERO_ERROR;
    sentences_.reset(icu::BreakIterator::createSentenceInstance(loc, st));
    if (U_FAILURE(st)) sentences_.reset();
  }

  size_t words(const std::string &text) {
    UnicodeString u = UnicodeString::fromUTF8(text);
    size_t n = 0;
    if (!words_) {
      bool in_word = false;
      for (int32_t i = 0; i < u.length(); ++i) {
        bool space = u_isUWhiteSpace(u.charAt(i));
        if (!space && !in_word) ++n;
        in_word = !space;
      }
      return n;
    }
    words_->setText(u);
    for (int32_t p = words_->next(); p != icu::BreakIterator::DONE; p = words_->next())
      if (words_->getRuleStatus() >= UBRK_WORD_NUMBER) ++n;
    return n;
  }

  std::vector<std::string> sentences(const std::string &text) {
    UnicodeString u = UnicodeString::fromUTF8(text);
    std::vector<std::string> out;
    if (!sentences_) return {text};
    sentences_->setText(u);
    int32_t start = sentences_->first();
    for (int32_t end = sentences_->next(); end != icu::BreakIterator::DONE;
         start = end, end = sentences_->next()) {
      UnicodeString s(u, start, end - start);
      s.trim();
      if (!s.isEmpty()) out.push_back(u8(s));
    }
    return out;
  }

 private:
  std::unique_ptr<icu::BreakIterator> words_, sentences_;
};

// ---- ids --------------------------------------------------------------------------------------

// Lower-case letters and digits of any script joined by hyphens, cut at a hyphen when possible.
std::string slug(const std::string &text, size_t max_chars) {
  UnicodeString u = UnicodeString::fromUTF8(text);
  u.toLower(icu::Locale::getRoot());
  UnicodeString out;
  bool hyphen = false;
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) {
    UChar32 c = u.char32At(i);
    int8_t t = u_charType(c);
    if (u_isalnum(c) || t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK) {
      if (hyphen && !out.isEmpty()) out.append(UChar(u'-'));
      hyphen = false;
      out.append(c);
    } else {
      hyphen = true;
    }
  }
  if (out.countChar32() > static_cast<int32_t>(max_chars)) {
    int32_t cut = out.moveIndex32(0, static_cast<int32_t>(max_chars));
    int32_t h = out.lastIndexOf(UChar(u'-'), 0, cut + 1);
    out.truncate(h > cut / 2 ? h : cut);
  }
  while (out.endsWith(UnicodeString(u"-"))) out.truncate(out.length() - 1);
  return u8(out);
}

class IdMaker {
 public:
  explicit IdMaker(std::string prefix) : prefix_(std::move(prefix)) {}
  std::string make(const std::string &base) {
    std::string id = prefix_ + base;
    for (int k = 2; used_.count(id); ++k) id = prefix_ + base + "-" + std::to_string(k);
    used_.insert(id);
    return id;
  }

 private:
  std::string prefix_;
  std::set<std::string> used_;
};

std::string section_slug(const GuideSection &s, const std::string &fallback) {
  if (s.faq) return "faq";
  std::string t = slug(s.title.empty() ? fallback : s.title, 40);
  return t.empty() ? "section" : t;
}

// ---- passages ---------------------------------------------------------------------------------

bool is_blank(const std::string &s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

std::string render(const GuideLine &l) {
  return l.item ? "- " + l.text : l.text;
}

struct Unit {
  std::string text;
  size_t words = 0;
  bool same_paragraph = false;  // a later sentence of the previous unit's paragraph
};

// A "sentence" longer than a passage (a run-on list, text without punctuation) is cut between
// words, so that no passage exceeds the limit.
std::vector<std::string> split_words(const std::string &sentence, TextTools &tools, size_t max) {
  if (tools.words(sentence) <= max) return {sentence};
  std::vector<std::string> out;
  std::string cur;
  size_t cur_words = 0, pos = 0;
  while (pos < sentence.size()) {
    size_t end = sentence.find(' ', pos);
    if (end == std::string::npos) end = sentence.size();
    std::string token = sentence.substr(pos, end - pos);
    pos = end + 1;
    if (token.empty()) continue;
    size_t w = tools.words(token);
    if (cur_words > 0 && cur_words + w > max) {
      out.push_back(std::move(cur));
      cur.clear();
      cur_words = 0;
    }
    cur += (cur.empty() ? "" : " ") + token;
    cur_words += w;
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::vector<Unit> units_of(const GuideBlock &b, TextTools &tools, size_t max_words) {
  std::vector<Unit> units;
  std::string whole;
  for (const auto &l : b.lines) whole += (whole.empty() ? "" : "\n") + render(l);
  size_t total = tools.words(whole);
  if (total <= max_words) return {{whole, total, false}};
  for (const auto &l : b.lines) {
    std::string line = render(l);
    size_t w = tools.words(line);
    if (w <= max_words || b.verbatim) {
      units.push_back({line, w, false});
      continue;
    }
    bool first = true;
    for (auto &s : tools.sentences(l.text)) {
      for (auto &piece : split_words(s, tools, max_words)) {
        std::string t = first && l.item ? "- " + piece : piece;
        units.push_back({t, tools.words(t), !first});
        first = false;
      }
    }
  }
  return units;
}

struct Passage {
  std::string text;
  size_t words = 0;
};

// Packs the units into passages of at most `max` words where possible, evened out so that the
// last one is not a stub.
std::vector<Passage> pack(const std::vector<Unit> &units, size_t max, size_t min) {
  size_t total = 0;
  for (const auto &u : units) total += u.words;
  std::vector<Passage> out;
  if (units.empty()) return out;
  double n = std::ceil(static_cast<double>(total) / static_cast<double>(std::max<size_t>(max, 1)));
  double target = n > 0 ? static_cast<double>(total) / n : static_cast<double>(max);
  Passage cur;
  bool empty = true;
  for (const auto &u : units) {
    if (!empty && (cur.words + u.words > max || static_cast<double>(cur.words) >= target)) {
      out.push_back(std::move(cur));
      cur = Passage();
      empty = true;
    }
    if (!empty) cur.text += u.same_paragraph ? " " : "\n";
    cur.text += u.text;
    cur.words += u.words;
    empty = false;
  }
  if (!empty) out.push_back(std::move(cur));
  if (out.size() >= 2 && out.back().words < min &&
      out[out.size() - 2].words + out.back().words <= max + max / 4) {
    out[out.size() - 2].text += "\n" + out.back().text;
    out[out.size() - 2].words += out.back().words;
    out.pop_back();
  }
  return out;
}

// ---- page boilerplate -------------------------------------------------------------------------

struct MarkerKind {
  const char *name;
  const char *pattern;
};

const MarkerKind kMarkers[] = {
    {"share", "^\\s*(share|compartir|partager|teilen|compartilhar|condividi)\\b"},
    {"subscription",
     "\\b(subscri(be|bers?|ptions?)|suscri(bir|be|pción|pciones)|abonn(ement|ez|ieren)|"
     "assinaturas?|assine)\\b"},
    {"newsletter", "\\bnewsletters?\\b"},
    {"copyright",
     "©|\\bcopyright\\b|all rights reserved|derechos reservados|droits réservés|"
     "alle rechte vorbehalten"},
    {"price per period",
     "(?:[$€£]|\\b(?:usd|eur|gbp)\\b)\\s*[$€£]?\\s*\\d[\\d.,]*\\s*(?:/|per\\s+)\\s*"
     "(?:mo|month|year|yr|week|user)\\b"},
    {"account links", "\\b(go to account|sign (up|in)|log ?in|create (an )?account)\\b"},
};

const std::vector<std::unique_ptr<icu::RegexPattern>> &marker_patterns() {
  static const auto patterns = [] {
    std::vector<std::unique_ptr<icu::RegexPattern>> v;
    for (const auto &m : kMarkers) {
      std::string err;
      v.push_back(compile_pattern(m.pattern, UREGEX_CASE_INSENSITIVE, err));
    }
    return v;
  }();
  return patterns;
}

std::vector<std::string> section_texts(const GuideSection &s) {
  std::vector<std::string> t{s.title};
  for (const auto &b : s.blocks)
    for (const auto &l : b.lines) t.push_back(l.text);
  for (const auto &qa : s.qas) {
    t.push_back(qa.question);
    for (const auto &b : qa.answer)
      for (const auto &l : b.lines) t.push_back(l.text);
  }
  return t;
}

size_t section_last_line(const GuideSection &s) {
  size_t last = s.line;
  for (const auto &b : s.blocks)
    for (const auto &l : b.lines) last = std::max(last, l.line);
  for (const auto &qa : s.qas)
    for (const auto &b : qa.answer)
      for (const auto &l : b.lines) last = std::max(last, l.line);
  return last;
}

struct Boilerplate {
  size_t from = 0;  // first section index of the tail; == sections.size() when there is none
  std::set<std::string> kinds;
  std::vector<std::string> examples;
};

// Web pages saved as text end with share buttons, plan tables and account links. Such a tail is
// recognized only when it is made of short sections, shows at least two kinds of marker and is a
// small part of the document.
Boilerplate find_boilerplate(const std::vector<GuideSection> &sections, TextTools &tools) {
  Boilerplate bp;
  bp.from = sections.size();
  auto light = [&](const GuideSection &s) {
    if (!s.qas.empty()) return false;
    size_t words = 0;
    for (const auto &b : s.blocks)
      for (const auto &l : b.lines) {
        size_t w = tools.words(l.text);
        if (w > 30) return false;
        words += w;
      }
    return words <= 150;
  };
  size_t first_light = sections.size();
  while (first_light > 1 && light(sections[first_light - 1])) --first_light;
  if (first_light <= 1 || first_light == sections.size()) return bp;
  const auto &patterns = marker_patterns();
  size_t start = sections.size();
  std::set<std::string> kinds;
  std::vector<std::string> examples;
  for (size_t i = first_light; i < sections.size(); ++i) {
    for (const auto &t : section_texts(sections[i])) {
      UnicodeString u = UnicodeString::fromUTF8(t);
      for (size_t k = 0; k < patterns.size(); ++k) {
        if (!patterns[k] || !regex_find(*patterns[k], u)) continue;
        if (start == sections.size()) start = i;
        if (kinds.insert(kMarkers[k].name).second) examples.push_back(truncate(t, 60));
      }
    }
  }
  if (start == sections.size() || kinds.size() < 2) return bp;
  while (start > first_light && sections[start - 1].empty()) --start;
  size_t tail_words = 0, all_words = 0;
  for (size_t i = 0; i < sections.size(); ++i)
    for (const auto &t : section_texts(sections[i])) {
      size_t w = tools.words(t);
      all_words += w;
      if (i >= start) tail_words += w;
    }
  if (tail_words * 4 > all_words) return bp;
  bp.from = start;
  bp.kinds = std::move(kinds);
  bp.examples = std::move(examples);
  return bp;
}

// ---- input ------------------------------------------------------------------------------------

struct Decoded {
  std::string text;
  std::string encoding = "utf-8";
  size_t controls_removed = 0;
};

bool has_multibyte_utf8(std::string_view s) {
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    auto b = static_cast<unsigned char>(s[i]);
    auto n = static_cast<unsigned char>(s[i + 1]);
    if (b >= 0xC2 && b <= 0xF4 && n >= 0x80 && n <= 0xBF) return true;
  }
  return false;
}

Decoded decode_input(std::string_view raw) {
  Decoded d;
  if (raw.size() >= 3 && raw.substr(0, 3) == "\xEF\xBB\xBF") raw.remove_prefix(3);
  std::string text;
  if (analysis::is_valid_utf8(raw)) {
    text = std::string(raw);
  } else if (!has_multibyte_utf8(raw)) {
    // No UTF-8 at all: a legacy single-byte file, most often windows-1252.
    text = decode_windows_1252(raw);
    d.encoding = "windows-1252 (the input was not UTF-8)";
  } else {
    text = analysis::to_utf8(analysis::decode_utf8(raw).text);
    d.encoding = "utf-8 with invalid bytes (replaced by U+FFFD)";
  }
  d.text.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') continue;
      c = '\n';
    }
    auto uc = static_cast<unsigned char>(c);
    if ((uc < 0x20 && c != '\n' && c != '\t') || uc == 0x7F) {
      ++d.controls_removed;
      continue;
    }
    d.text += c;
  }
  return d;
}

std::vector<SourceLine> split_lines(const std::string &text) {
  std::vector<SourceLine> lines;
  size_t pos = 0, no = 1;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(pos, nl - pos);
    for (auto &c : line)
      if (c == '\t') c = ' ';
    lines.push_back({no++, std::move(line)});
    if (nl == text.size()) break;
    pos = nl + 1;
  }
  return lines;
}

std::string check_lang_option(const std::string &lang, const char *what) {
  if (!analysis::is_valid_language_tag(lang))
    bad(std::string(what) + ": \"" + lang + "\" is not a BCP 47 language tag");
  if (!analysis::is_known_language(analysis::primary_language(lang)))
    bad(std::string(what) + ": unknown language code \"" + analysis::primary_language(lang) + "\"");
  return lang;
}

std::string detect_lang(const GuideDocument &doc) {
  std::string sample;
  for (const auto &s : doc.sections) {
    for (const auto &t : section_texts(s)) {
      sample += t;
      sample += '\n';
    }
    if (sample.size() > 60000) break;
  }
  static const std::vector<std::string> kLatin = {"en", "es", "pt", "de", "fr",
                                                  "it", "nl", "sv", "tr"};
  return analysis::detect_language(sample, kLatin, "en");
}

}  // namespace

ImportOptions parse_import_options(const char *text) {
  ImportOptions o;
  if (!text || !*text) return o;
  std::string_view sv(text);
  if (!analysis::is_valid_utf8(sv)) bad("import options are not valid UTF-8");
  if (json_too_deep_at(sv, 32)) bad("import options are nested more than 32 levels deep");
  json j = json::parse(sv.begin(), sv.end(), nullptr, false);
  if (j.is_discarded()) bad("import options are not valid JSON");
  if (!j.is_object()) bad("import options must be a JSON object");
  auto str = [](const json &v, const std::string &k) {
    if (!v.is_string()) bad("import option \"" + k + "\" must be a string");
    return v.get<std::string>();
  };
  auto words = [](const json &v, const std::string &k) {
    if (!v.is_number_integer() || v.get<long long>() < 0 || v.get<long long>() > 100000)
      bad("import option \"" + k + "\" must be an integer between 0 and 100000");
    return static_cast<size_t>(v.get<long long>());
  };
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string &k = it.key();
    const json &v = it.value();
    if (k == "lang") {
      if (!v.is_null() && !(v.is_string() && v.get<std::string>().empty()))
        o.lang = check_lang_option(str(v, k), "import option \"lang\"");
    } else if (k == "source") {
      o.source = str(v, k);
    } else if (k == "name") {
      o.name = str(v, k);
    } else if (k == "max_passage_words") {
      o.max_passage_words = words(v, k);
      if (o.max_passage_words < 10) bad("import option \"max_passage_words\" must be at least 10");
    } else if (k == "min_passage_words") {
      o.min_passage_words = words(v, k);
    } else if (k == "drop") {
      json list = v.is_string() ? json::array({v}) : v;
      if (!list.is_array()) bad("import option \"drop\" must be an array of regular expressions");
      for (const auto &p : list) {
        std::string pattern = str(p, "drop");
        std::string err;
        if (!compile_pattern(pattern, 0, err))
          bad("import option \"drop\": the regular expression \"" + pattern +
              "\" does not compile: " + err);
        o.drop.push_back(pattern);
      }
    } else if (k == "id_prefix") {
      o.id_prefix = str(v, k);
      if (o.id_prefix.size() > 100) bad("import option \"id_prefix\" is longer than 100 bytes");
      for (unsigned char c : o.id_prefix)
        if (c < 0x20 || c == 0x7F) bad("import option \"id_prefix\" holds a control character");
    } else if (k == "format") {
      o.format = str(v, k);
      if (o.format != "auto" && o.format != "text" && o.format != "markdown")
        bad("import option \"format\" must be \"auto\", \"text\" or \"markdown\"");
    } else if (k == "keep_boilerplate") {
      if (!v.is_boolean()) bad("import option \"keep_boilerplate\" must be true or false");
      o.keep_boilerplate = v.get<bool>();
    } else {
      bad("unknown import option \"" + k + "\"");
    }
  }
  if (o.min_passage_words > o.max_passage_words)
    bad("import option \"min_passage_words\" is larger than \"max_passage_words\"");
  return o;
}

ImportResult import_guide(std::string_view input, const ImportOptions &opt) {
  if (input.size() > kMaxInputBytes)
    throw Error(Status::kLimit, opt.source + ": document is larger than 64 MiB");
  ordered report = ordered::object();
  report["source"] = opt.source;

  Decoded dec = decode_input(input);
  MojibakeResult moji = repair_mojibake(dec.text);
  std::vector<SourceLine> lines = split_lines(moji.text);

  // Lines the user's patterns match are dropped before anything else sees them.
  std::vector<std::unique_ptr<icu::RegexPattern>> drops;
  for (const auto &p : opt.drop) {
    std::string err;
    auto c = compile_pattern(p, 0, err);
    if (!c) bad("the regular expression \"" + p + "\" does not compile: " + err);
    drops.push_back(std::move(c));
  }
  ordered dropped = ordered::array();
  size_t dropped_count = 0;
  if (!drops.empty()) {
    std::vector<SourceLine> kept;
    for (auto &l : lines) {
      UnicodeString u = UnicodeString::fromUTF8(l.text);
      size_t hit = drops.size();
      for (size_t k = 0; k < drops.size() && hit == drops.size(); ++k)
        if (!u.trim().isEmpty() && regex_find(*drops[k], UnicodeString::fromUTF8(l.text))) hit = k;
      if (hit == drops.size()) {
        kept.push_back(std::move(l));
        continue;
      }
      ++dropped_count;
      if (dropped.size() < kMaxListed)
        dropped.push_back(
            {{"line", l.line}, {"text", truncate(l.text, 100)}, {"pattern", opt.drop[hit]}});
    }
    lines = std::move(kept);
  }

  bool markdown = opt.format == "markdown" || (opt.format == "auto" && looks_like_markdown(lines));
  GuideDocument doc = parse_guide(lines, markdown);

  std::string lang = opt.lang;
  bool detected = false;
  ordered notes = ordered::array();
  if (lang.empty() && !doc.meta_lang.empty()) {
    if (analysis::is_valid_language_tag(doc.meta_lang) &&
        analysis::is_known_language(analysis::primary_language(doc.meta_lang)))
      lang = doc.meta_lang;
    else
      notes.push_back({{"line", 1},
                       {"text", "front matter lang \"" + doc.meta_lang +
                                    "\" is not a known language; detecting instead"}});
  }
  if (lang.empty()) {
    lang = detect_lang(doc);
    detected = true;
  }
  TextTools tools(lang);

  std::string name = !opt.name.empty() ? opt.name : !doc.title.empty() ? doc.title : opt.source;

  Boilerplate bp = find_boilerplate(doc.sections, tools);
  size_t end = opt.keep_boilerplate ? doc.sections.size() : bp.from;

  IdMaker ids(opt.id_prefix);
  ordered entries = ordered::array();
  ordered sections = ordered::array(), empty_headings = ordered::array();
  size_t n_faq = 0, n_passages = 0;
  for (size_t si = 0; si < end; ++si) {
    const GuideSection &s = doc.sections[si];
    std::string title = s.title.empty() ? name : s.title;
    std::string top = s.top.empty() ? name : s.top;
    if (s.empty()) {
      if (s.line > 0 && !s.parent)
        empty_headings.push_back({{"line", s.line}, {"heading", s.title}});
      continue;
    }
    std::string base = section_slug(s, name);
    size_t sec_passages = 0, sec_faq = 0;

    std::vector<Unit> units;
    for (const auto &b : s.blocks) {
      auto u = units_of(b, tools, opt.max_passage_words);
      units.insert(units.end(), u.begin(), u.end());
    }
    std::vector<Passage> passages = pack(units, opt.max_passage_words, opt.min_passage_words);
    passages.erase(std::remove_if(passages.begin(), passages.end(),
                                  [](const Passage &p) { return is_blank(p.text); }),
                   passages.end());
    for (size_t k = 0; k < passages.size(); ++k) {
      ordered e;
      e["id"] = ids.make(k == 0 ? base : base + "-" + std::to_string(k + 1));
      e["kind"] = "passage";
      e["answer"] = passages[k].text;
      e["title"] = title;
      e["section"] = top;
      entries.push_back(std::move(e));
      ++sec_passages;
    }
    for (const auto &qa : s.qas) {
      std::string answer;
      for (const auto &b : qa.answer)
        for (const auto &l : b.lines) answer += (answer.empty() ? "" : "\n") + render(l);
      if (is_blank(answer)) continue;
      std::string q = slug(qa.question, 48);
      ordered e;
      e["id"] = ids.make(q.empty() ? base : base + "-" + q);
      e["kind"] = "faq";
      e["question"] = qa.question;
      e["answer"] = answer;
      if (!qa.group.empty()) e["title"] = qa.group;
      e["section"] = s.faq ? title : top;
      entries.push_back(std::move(e));
      ++sec_faq;
    }
    n_faq += sec_faq;
    n_passages += sec_passages;
    sections.push_back(
        {{"title", title}, {"line", s.line}, {"passages", sec_passages}, {"faq", sec_faq}});
  }

  ordered corpus;
  corpus["faqlite"] = 1;
  corpus["name"] = name;
  corpus["lang"] = lang;
  corpus["source"] = opt.source;
  corpus["entries"] = std::move(entries);
  ImportResult out;
  out.corpus_json = corpus.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  // The output must be a corpus faqlite reads; anything else is a bug here, not bad input.
  ReadOptions ro;
  ro.default_lang = lang;
  read_corpus_text(out.corpus_json, opt.source + " (imported).json", ro);

  // ---- the report ----
  report["format"] = markdown ? "markdown" : "text";
  report["encoding"] = dec.encoding;
  report["lang"] = lang;
  report["lang_detected"] = detected;
  report["title"] = doc.title;
  size_t repaired_chars = 0;
  std::map<std::string, size_t> by_encoding;
  ordered examples = ordered::array();
  std::set<std::string> seen_examples;
  for (const auto &r : moji.repairs) {
    size_t chars = static_cast<size_t>(UnicodeString::fromUTF8(r.to).countChar32());
    repaired_chars += chars;
    by_encoding[r.encoding] += chars;
    if (examples.size() < kMaxExamples && seen_examples.insert(r.from).second)
      examples.push_back(
          {{"line", r.line}, {"from", r.from}, {"to", r.to}, {"encoding", r.encoding}});
  }
  ordered repairs;
  repairs["characters"] = repaired_chars;
  repairs["places"] = moji.repairs.size();
  repairs["by_encoding"] = by_encoding;
  repairs["examples"] = std::move(examples);
  ordered uncertain = ordered::array();
  for (const auto &s : moji.uncertain) {
    if (uncertain.size() >= kMaxListed) break;
    uncertain.push_back({{"line", s.line}, {"text", s.text}, {"reason", s.reason}});
  }
  for (const auto &n : doc.notes) notes.push_back({{"line", n.line}, {"text", n.text}});
  if (dec.controls_removed)
    notes.push_back(
        {{"line", 0},
         {"text", std::to_string(dec.controls_removed) + " control characters removed"}});
  ordered boiler = nullptr;
  if (bp.from < doc.sections.size()) {
    boiler = ordered::object();
    boiler["dropped"] = !opt.keep_boilerplate;
    boiler["from_line"] = doc.sections[bp.from].line;
    boiler["to_line"] = section_last_line(doc.sections.back());
    ordered heads = ordered::array();
    for (size_t i = bp.from; i < doc.sections.size(); ++i) heads.push_back(doc.sections[i].title);
    boiler["headings"] = std::move(heads);
    boiler["markers"] = bp.kinds;
    boiler["examples"] = bp.examples;
  }
  ordered counts;
  counts["lines"] = lines.size() + dropped_count;
  counts["sections"] = sections.size();
  counts["faq"] = n_faq;
  counts["passages"] = n_passages;
  counts["entries"] = n_faq + n_passages;
  counts["repaired_characters"] = repaired_chars;
  counts["uncertain"] = moji.uncertain.size();
  counts["dropped_lines"] = dropped_count;
  report["counts"] = std::move(counts);
  report["repairs"] = std::move(repairs);
  report["uncertain"] = std::move(uncertain);
  report["dropped"] = std::move(dropped);
  report["boilerplate"] = std::move(boiler);
  report["empty_headings"] = std::move(empty_headings);
  report["sections"] = std::move(sections);
  report["notes"] = std::move(notes);
  out.report_json = report.dump(-1, ' ', false, json::error_handler_t::replace);
  return out;
}

}  // namespace faqlite::index
