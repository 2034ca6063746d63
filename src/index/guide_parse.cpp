#include "index/guide_parse.hpp"

#include <unicode/locid.h>
#include <unicode/regex.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <memory>
#include <optional>

namespace faqlite::index {
namespace {

using icu::UnicodeString;

UnicodeString u16(const std::string &s) {
  return UnicodeString::fromUTF8(s);
}

std::string u8(const UnicodeString &u) {
  std::string s;
  u.toUTF8String(s);
  return s;
}

bool is_blank_char(UChar32 c) {
  return u_isUWhiteSpace(c) || c == 0xA0 || c == 0x200B || c == 0xFEFF;
}

UnicodeString trim16(const UnicodeString &s) {
  int32_t a = 0, b = s.length();
  while (a < b && is_blank_char(s.char32At(a))) a = s.moveIndex32(a, 1);
  while (b > a) {
    int32_t p = s.moveIndex32(b, -1);
    if (!is_blank_char(s.char32At(p))) break;
    b = p;
  }
  return UnicodeString(s, a, b - a);
}

std::string trim(const std::string &s) {
  return u8(trim16(u16(s)));
}

bool is_blank(const std::string &s) {
  return trim16(u16(s)).isEmpty();
}

int32_t leading_spaces(const std::string &s) {
  int32_t n = 0;
  for (char c : s) {
    if (c == ' ')
      ++n;
    else if (c == '\t')
      n += 4;
    else
      break;
  }
  return n;
}

// A compiled ICU pattern, shared between threads (matchers are per call). Matching has a step
// limit, so a pathological line is left as it is instead of taking unbounded time.
class Rx {
 public:
  explicit Rx(const char *pattern, uint32_t flags = 0) {
    UErrorCode st = U_ZERO_ERROR;
    UParseError pe;
    pattern_.reset(icu::RegexPattern::compile(UnicodeString::fromUTF8(pattern), flags, pe, st));
    if (U_FAILURE(st)) pattern_.reset();
  }
  bool matches(const UnicodeString &s) const {
    auto m = matcher(s);
    UErrorCode st = U_ZERO_ERROR;
    return m && m->matches(st) && U_SUCCESS(st);
  }
  bool find(const UnicodeString &s) const {
    auto m = matcher(s);
    UErrorCode st = U_ZERO_ERROR;
    return m && m->find(0, st) && U_SUCCESS(st);
  }
  UnicodeString replace_all(const UnicodeString &s, const char *replacement) const {
    auto m = matcher(s);
    if (!m) return s;
    UErrorCode st = U_ZERO_ERROR;
    UnicodeString out = m->replaceAll(UnicodeString::fromUTF8(replacement), st);
    return U_SUCCESS(st) ? out : s;
  }

 private:
  std::unique_ptr<icu::RegexMatcher> matcher(const UnicodeString &s) const {
    if (!pattern_) return nullptr;
    UErrorCode st = U_ZERO_ERROR;
    std::unique_ptr<icu::RegexMatcher> m(pattern_->matcher(s, st));
    if (U_FAILURE(st)) return nullptr;
    m->setTimeLimit(200, st);
    return m;
  }
  std::unique_ptr<icu::RegexPattern> pattern_;
};

int word_count(const UnicodeString &s) {
  int n = 0;
  bool in_word = false;
  for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
    bool space = is_blank_char(s.char32At(i));
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

bool is_unigram_text(const UnicodeString &s) {
  for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
    UErrorCode st = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(s.char32At(i), &st);
    if (sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA ||
        sc == USCRIPT_THAI || sc == USCRIPT_HANGUL)
      return true;
  }
  return false;
}

bool is_bullet_char(UChar32 c) {
  switch (c) {
    case 0x2022:
    case 0x25E6:
    case 0x25AA:
    case 0x2023:
    case 0x25CF:
    case 0x25CB:
    case 0x25A0:
    case 0x25A1:
    case 0x25BA:
    case 0x27A2:
    case 0x27A4:
    case 0x2713:
    case 0x2714:
    case 0x00B7:
    case 0x2043:
    case 0x30FB:
      return true;
    default:
      return false;
  }
}

// Removes list markers ("• ", "- ", "* ", "1. ", "2) ", also repeated "• • ") from the start.
bool strip_list_marker(UnicodeString &s) {
  bool item = false;
  int32_t i = 0, n = s.length();
  while (i < n && is_blank_char(s.char32At(i))) i = s.moveIndex32(i, 1);
  for (;;) {
    if (i >= n) break;
    UChar32 c = s.char32At(i);
    int32_t j = s.moveIndex32(i, 1);
    bool ascii = c == '-' || c == '*' || c == '+' || c == 0x2013;
    if (is_bullet_char(c) || (ascii && j < n && is_blank_char(s.char32At(j)))) {
      while (j < n && is_blank_char(s.char32At(j))) j = s.moveIndex32(j, 1);
      i = j;
      item = true;
      continue;
    }
    if (!item && c >= '0' && c <= '9') {
      int32_t k = i;
      while (k < n && k - i < 3 && s.charAt(k) >= '0' && s.charAt(k) <= '9') ++k;
      if (k < n && k - i <= 3 && (s.charAt(k) == '.' || s.charAt(k) == ')') && k + 1 < n &&
          is_blank_char(s.char32At(k + 1))) {
        i = k + 1;
        while (i < n && is_blank_char(s.char32At(i))) i = s.moveIndex32(i, 1);
        item = true;
      }
    }
    break;
  }
  if (item) s = UnicodeString(s, i);
  return item;
}

// Inline Markdown to plain text: links keep their text and address, emphasis and code marks go.
UnicodeString strip_inline_markdown(const UnicodeString &in) {
  static const Rx image("!\\[([^\\]]*)\\]\\([^)]*\\)");
  static const Rx anchor_link("\\[([^\\]]+)\\]\\(#[^)]*\\)");
  static const Rx link("\\[([^\\]]+)\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  static const Rx autolink("<((?:https?|mailto):[^>\\s]+)>");
  static const Rx strong("(\\*\\*|__)(?=\\S)(.+?)(?<=\\S)\\1");
  static const Rx em_star("(?<![\\w*])\\*(?=\\S)([^*]+?)(?<=\\S)\\*(?![\\w*])");
  static const Rx em_under("(?<![\\w_])_(?=\\S)([^_]+?)(?<=\\S)_(?![\\w_])");
  static const Rx strike("~~(?=\\S)(.+?)(?<=\\S)~~");
  static const Rx code("`+([^`]+)`+");
  static const Rx tag("</?[A-Za-z][A-Za-z0-9]*(?:\\s[^<>]*)?/?>");
  static const Rx escape("\\\\([\\\\`*_{}\\[\\]()#+\\-.!|>])");
  UnicodeString s = image.replace_all(in, "");
  s = anchor_link.replace_all(s, "$1");
  s = link.replace_all(s, "$1 ($2)");
  s = autolink.replace_all(s, "$1");
  s = code.replace_all(s, "$1");
  s = strong.replace_all(s, "$2");
  s = em_star.replace_all(s, "$1");
  s = em_under.replace_all(s, "$1");
  s = strike.replace_all(s, "$1");
  s = tag.replace_all(s, "");
  s = escape.replace_all(s, "$1");
  return s;
}

bool ends_sentence(UChar32 c) {
  switch (c) {
    case '.':
    case '!':
    case '?':
    case ':':
    case ';':
    case ',':
    case 0x3002:
    case 0xFF01:
    case 0xFF1F:
    case 0xFF1A:
    case 0xFF1B:
    case 0xFF0C:
    case 0x3001:
    case 0x2026:
    case 0x061F:
    case 0x06D4:
      return true;
    default:
      return false;
  }
}

bool is_question_mark(UChar32 c) {
  return c == '?' || c == 0xFF1F || c == 0x061F;
}

// "Experience: 0-2 years", "Stress Level: Moderate" are data, not headings.
bool is_key_value(const UnicodeString &s) {
  int32_t colon = s.indexOf(UnicodeString(u": "));
  if (colon < 0) colon = s.indexOf(UnicodeString(u"："));
  return colon > 0 && colon <= 40 && colon + 2 < s.length();
}

UChar32 first_letter(const UnicodeString &s) {
  for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
    UChar32 c = s.char32At(i);
    if (u_isalpha(c)) return c;
    if (u_isdigit(c)) return 0;
  }
  return 0;
}

bool has_letter(const UnicodeString &s) {
  for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1))
    if (u_isalpha(s.char32At(i))) return true;
  return false;
}

// The shape of a plain-text heading. `max_words` is 10 for a line on its own, 8 for a line
// directly above a list.
bool heading_shape(const std::string &text, int max_words, bool allow_question) {
  UnicodeString s = trim16(u16(text));
  if (s.isEmpty() || !has_letter(s)) return false;
  bool unigram = is_unigram_text(s);
  if (s.countChar32() > (unigram ? 40 : 80) || word_count(s) > max_words) return false;
  UChar32 last = s.char32At(s.moveIndex32(s.length(), -1));
  if (is_question_mark(last)) {
    if (!allow_question) return false;
  } else if (ends_sentence(last)) {
    return false;
  }
  if (is_key_value(s)) return false;
  UChar32 f = first_letter(s);
  if (f == 0 && !u_isdigit(s.char32At(0))) return false;
  if (f != 0 && u_islower(f)) return false;
  return true;
}

bool is_rule_line(const std::string &t, char ch) {
  std::string s = trim(t);
  if (s.size() < 3) return false;
  for (char c : s)
    if (c != ch && c != ' ') return false;
  return true;
}

bool is_hr(const std::string &t) {
  return is_rule_line(t, '-') || is_rule_line(t, '*') || is_rule_line(t, '_');
}

int atx_level(const std::string &t, std::string &text) {
  size_t i = 0;
  while (i < t.size() && i < 3 && t[i] == ' ') ++i;
  size_t h = i;
  while (h < t.size() && t[h] == '#') ++h;
  int level = static_cast<int>(h - i);
  if (level < 1 || level > 6) return 0;
  if (h < t.size() && t[h] != ' ' && t[h] != '\t') return 0;
  std::string rest = trim(t.substr(h));
  while (!rest.empty() && rest.back() == '#') rest.pop_back();  // closing hashes
  text = trim(rest);
  return level;
}

bool is_fence(const std::string &t) {
  std::string s = trim(t);
  return s.rfind("```", 0) == 0 || s.rfind("~~~", 0) == 0;
}

bool is_table_separator(const std::string &t) {
  static const Rx sep("^\\s*\\|?\\s*:?-{3,}:?\\s*(\\|\\s*:?-{3,}:?\\s*)*\\|?\\s*$");
  return sep.matches(u16(t));
}

// One blank-line separated chunk of input before it is classified.
struct RawBlock {
  std::vector<SourceLine> lines;
  int atx = 0;  // Markdown heading level
  std::string atx_text;
  bool fence = false;
  bool setext = false;
};

std::vector<RawBlock> split_blocks(const std::vector<SourceLine> &lines, bool markdown,
                                   GuideDocument &doc) {
  std::vector<RawBlock> out;
  RawBlock cur;
  auto flush = [&] {
    if (!cur.lines.empty() || cur.atx) out.push_back(std::move(cur));
    cur = RawBlock();
  };
  size_t i = 0;
  if (markdown && !lines.empty() && trim(lines[0].text) == "---") {
    // Front matter: "title:" and "lang:" are used, the rest is skipped.
    for (size_t j = 1; j < lines.size() && j < 200; ++j) {
      std::string t = trim(lines[j].text);
      if (t == "---" || t == "...") {
        for (size_t k = 1; k < j; ++k) {
          std::string kv = trim(lines[k].text);
          auto value = [&](const char *key) -> std::optional<std::string> {
            std::string p = std::string(key) + ":";
            if (kv.rfind(p, 0) != 0) return std::nullopt;
            std::string v = trim(kv.substr(p.size()));
            if (v.size() >= 2 && (v[0] == '"' || v[0] == '\'') && v.back() == v[0])
              v = v.substr(1, v.size() - 2);
            return v;
          };
          if (auto v = value("title")) doc.title = *v;
          if (auto v = value("lang")) doc.meta_lang = *v;
        }
        i = j + 1;
        break;
      }
    }
  }
  bool in_comment = false;
  for (; i < lines.size(); ++i) {
    std::string text = lines[i].text;
    if (markdown) {
      // HTML comments, possibly over several lines, are not content.
      std::string kept;
      size_t p = 0;
      while (p < text.size()) {
        if (in_comment) {
          size_t e = text.find("-->", p);
          if (e == std::string::npos) {
            p = text.size();
            break;
          }
          in_comment = false;
          p = e + 3;
        } else {
          size_t b = text.find("<!--", p);
          if (b == std::string::npos) {
            kept += text.substr(p);
            break;
          }
          kept += text.substr(p, b - p);
          in_comment = true;
          p = b + 4;
        }
      }
      if (kept != text && is_blank(kept) && !is_blank(text)) continue;  // a comment-only line
      text = kept;
      if (is_fence(text)) {
        flush();
        cur.fence = true;
        for (++i; i < lines.size() && !is_fence(lines[i].text); ++i) cur.lines.push_back(lines[i]);
        if (cur.lines.empty()) cur.fence = false;
        flush();
        continue;
      }
      std::string htext;
      if (int level = atx_level(text, htext)) {
        flush();
        cur.atx = level;
        cur.atx_text = htext;
        cur.lines.push_back({lines[i].line, text});
        flush();
        continue;
      }
      if (is_rule_line(text, '=') && cur.lines.size() == 1) {
        cur.atx = 1;
        cur.setext = true;
        cur.atx_text = trim(cur.lines[0].text);
        flush();
        continue;
      }
      if (is_rule_line(text, '-') && cur.lines.size() == 1 && !is_blank(cur.lines[0].text)) {
        cur.atx = 2;
        cur.setext = true;
        cur.atx_text = trim(cur.lines[0].text);
        flush();
        continue;
      }
      if (is_hr(text)) {
        flush();
        continue;
      }
    } else if ((is_rule_line(text, '=') || is_rule_line(text, '-')) && cur.lines.size() == 1 &&
               heading_shape(cur.lines[0].text, 10, true)) {
      cur.setext = true;
      flush();
      continue;
    } else if (is_rule_line(text, '=') || is_rule_line(text, '-') || is_rule_line(text, '*')) {
      flush();
      continue;
    }
    if (is_blank(text)) {
      flush();
      continue;
    }
    cur.lines.push_back({lines[i].line, text});
  }
  flush();
  return out;
}

bool is_bold_only(const std::string &raw) {
  static const Rx bold("^\\s*(\\*\\*|__)[^*_].*\\1\\s*:?\\s*$");
  return bold.matches(u16(raw));
}

// Turns raw lines into content lines: list markers recognized, wrapped lines joined.
GuideBlock make_block(const RawBlock &raw, bool markdown) {
  GuideBlock b;
  if (raw.fence) {
    b.verbatim = true;
    for (const auto &l : raw.lines) b.lines.push_back({l.line, l.text, false});
    // Blank lines at either end of a code block carry nothing; an all-blank block is no block.
    while (!b.lines.empty() && is_blank(b.lines.back().text)) b.lines.pop_back();
    while (!b.lines.empty() && is_blank(b.lines.front().text)) b.lines.erase(b.lines.begin());
    return b;
  }
  bool table = true;
  for (const auto &l : raw.lines) table = table && trim(l.text).rfind("|", 0) == 0;
  if (markdown && table) {
    b.verbatim = true;
    for (const auto &l : raw.lines)
      if (!is_table_separator(l.text))
        b.lines.push_back({l.line, u8(strip_inline_markdown(trim16(u16(l.text)))), false});
    return b;
  }
  bool prev_hard_break = false, prev_bold = false;
  for (const auto &l : raw.lines) {
    // "**Question?**" on its own line, the answer below it: two lines, not one paragraph.
    bool bold = markdown && is_bold_only(l.text);
    UnicodeString s = u16(l.text);
    if (markdown && trim16(s).startsWith(UnicodeString(u">"))) {
      s = trim16(s);
      s.remove(0, 1);
    }
    int32_t indent = leading_spaces(l.text);
    bool item = strip_list_marker(s);
    if (markdown) s = strip_inline_markdown(s);
    UnicodeString t = trim16(s);
    if (t.isEmpty()) continue;
    std::string text = u8(t);
    bool hard_break = l.text.size() >= 2 &&
                      (l.text.compare(l.text.size() - 2, 2, "  ") == 0 || l.text.back() == '\\');
    if (!item && !b.lines.empty()) {
      GuideLine &prev = b.lines.back();
      UnicodeString p = u16(prev.text);
      UChar32 last = p.char32At(p.moveIndex32(p.length(), -1));
      UChar32 first = t.char32At(0);
      bool join;
      if (prev.item)
        join = indent >= 2;  // a list item's continuation line is indented
      else if (markdown)
        join = !prev_hard_break && !prev_bold;
      else
        join = (p.countChar32() >= 40 && !ends_sentence(last)) || u_islower(first);
      if (join) {
        bool cjk = is_unigram_text(UnicodeString(last)) && is_unigram_text(UnicodeString(first));
        if (markdown && text.back() == '\\') text.pop_back();
        if (!bold) {
          prev.text += (cjk ? "" : " ") + text;
          prev_hard_break = hard_break;
          continue;
        }
      }
    }
    if (markdown && !text.empty() && text.back() == '\\') text.pop_back();
    text = trim(text);
    if (text.empty()) continue;
    b.lines.push_back({l.line, text, item});
    prev_hard_break = hard_break;
    prev_bold = bold;
  }
  return b;
}

struct Node {
  bool heading = false;
  int level = 0;  // Markdown level; 7 for a bold line used as a heading
  size_t line = 0;
  std::string text;
  GuideBlock block;
};

std::vector<Node> classify(const std::vector<RawBlock> &raws, bool markdown) {
  std::vector<Node> nodes;
  for (const auto &raw : raws) {
    if (raw.lines.empty()) continue;
    size_t line = raw.lines.front().line;
    if (markdown) {
      if (raw.atx) {
        std::string text = clean_heading(u8(strip_inline_markdown(u16(raw.atx_text))));
        if (!text.empty()) nodes.push_back({true, raw.atx, line, text, {}});
        continue;
      }
      if (!raw.fence && raw.lines.size() == 1 && is_bold_only(raw.lines[0].text)) {
        std::string text = clean_heading(u8(strip_inline_markdown(u16(trim(raw.lines[0].text)))));
        if (!text.empty() && text.back() == ':') text.pop_back();
        if (is_question_line(text)) {
          nodes.push_back({true, 7, line, text, {}});
          continue;
        }
      }
      GuideBlock b = make_block(raw, true);
      if (!b.lines.empty()) nodes.push_back({false, 0, line, "", std::move(b)});
      continue;
    }
    if (raw.setext) {
      std::string text = clean_heading(trim(raw.lines[0].text));
      if (!text.empty()) nodes.push_back({true, 1, line, text, {}});
      continue;
    }
    GuideBlock b = make_block(raw, false);
    if (b.lines.empty()) continue;
    if (b.lines.size() == 1 && !b.lines[0].item && heading_shape(b.lines[0].text, 10, true)) {
      std::string text = clean_heading(b.lines[0].text);
      if (!text.empty()) {
        nodes.push_back({true, 1, line, text, {}});
        continue;
      }
    }
    bool rest_items = b.lines.size() >= 2;
    for (size_t k = 1; k < b.lines.size(); ++k) rest_items = rest_items && b.lines[k].item;
    if (rest_items && !b.lines[0].item && heading_shape(b.lines[0].text, 8, false)) {
      std::string text = clean_heading(b.lines[0].text);
      if (!text.empty()) {
        nodes.push_back({true, 1, line, text, {}});
        b.lines.erase(b.lines.begin());
        nodes.push_back({false, 0, b.lines.front().line, "", std::move(b)});
        continue;
      }
    }
    nodes.push_back({false, 0, line, "", std::move(b)});
  }
  return nodes;
}

std::string strip_prefix(const std::string &text, std::initializer_list<const char *> prefixes) {
  for (const char *p : prefixes) {
    std::string ps(p);
    if (text.size() > ps.size() && text.compare(0, ps.size(), ps) == 0)
      return trim(text.substr(ps.size()));
  }
  return text;
}

std::string question_text(const std::string &line) {
  return strip_prefix(line, {"Q:", "Q.", "Question:", "QUESTION:"});
}

GuideBlock answer_block(GuideBlock b) {
  if (!b.lines.empty() && !b.lines[0].item)
    b.lines[0].text = strip_prefix(b.lines[0].text, {"A:", "A.", "Answer:", "ANSWER:"});
  return b;
}

// A block whose first line is a question: the pair's question and the start of its answer.
bool take_question(const Node &n, GuideSection &s, std::string group, int &open) {
  if (n.heading) {
    if (!is_question_line(n.text)) return false;
    s.qas.push_back({n.line, question_text(n.text), group, {}});
    open = static_cast<int>(s.qas.size()) - 1;
    return true;
  }
  if (n.block.verbatim || n.block.lines.empty() || n.block.lines[0].item ||
      !is_question_line(n.block.lines[0].text))
    return false;
  GuideQA qa{n.line, question_text(n.block.lines[0].text), group, {}};
  if (n.block.lines.size() > 1) {
    GuideBlock rest = n.block;
    rest.lines.erase(rest.lines.begin());
    qa.answer.push_back(answer_block(std::move(rest)));
  }
  s.qas.push_back(std::move(qa));
  open = static_cast<int>(s.qas.size()) - 1;
  return true;
}

void add_content(GuideSection &s, int open, GuideBlock b) {
  if (open >= 0) {
    GuideQA &qa = s.qas[static_cast<size_t>(open)];
    qa.answer.push_back(qa.answer.empty() ? answer_block(std::move(b)) : std::move(b));
  } else {
    s.blocks.push_back(std::move(b));
  }
}

void walk_plain(std::vector<Node> &nodes, GuideDocument &doc) {
  int open = -1;
  std::string group;
  for (size_t i = 0; i < nodes.size(); ++i) {
    Node &n = nodes[i];
    GuideSection &s = doc.sections.back();
    if (s.faq) {
      if (take_question(n, s, group, open)) continue;
      if (n.heading) {
        if (open >= 0 && s.qas[static_cast<size_t>(open)].answer.empty()) {
          // A short answer ("Yes, always") has the shape of a heading.
          add_content(s, open, GuideBlock{{{n.line, n.text, false}}, false});
          continue;
        }
        GuideSection probe;
        int ignored = -1;
        if (i + 1 < nodes.size() && take_question(nodes[i + 1], probe, "", ignored)) {
          group = n.text;  // a group of questions inside the FAQ ("Billing")
          open = -1;
          continue;
        }
      } else {
        add_content(s, open, std::move(n.block));
        continue;
      }
    }
    if (n.heading) {
      doc.sections.push_back({n.line, n.text, n.text, is_faq_heading(n.text), {}, {}});
      open = -1;
      group.clear();
    } else {
      s.blocks.push_back(std::move(n.block));
    }
  }
}

void walk_markdown(std::vector<Node> &nodes, GuideDocument &doc) {
  struct Open {
    int level;
    std::string title;
    size_t section;
  };
  std::vector<Open> stack;
  int open = -1, faq_level = 0;
  std::string group;
  for (auto &n : nodes) {
    GuideSection &s = doc.sections.back();
    if (n.heading) {
      if (faq_level && n.level > faq_level) {
        if (!take_question(n, s, group, open)) {
          group = n.text;
          open = -1;
        }
        continue;
      }
      if (is_question_line(n.text)) {
        // A question heading outside an FAQ section: a pair in the enclosing section.
        while (!stack.empty() && stack.back().level >= n.level) stack.pop_back();
        std::string parent = stack.empty() ? doc.title : stack.back().title;
        std::string top = stack.empty() ? doc.title : stack.front().title;
        if (doc.sections.back().title != parent || doc.sections.back().faq)
          doc.sections.push_back({n.line, parent, top, false, {}, {}});
        take_question(n, doc.sections.back(), "", open);
        faq_level = 0;
        continue;
      }
      if (n.level == 7) {
        add_content(s, open, GuideBlock{{{n.line, n.text, false}}, false});
        continue;
      }
      while (!stack.empty() && stack.back().level >= n.level) stack.pop_back();
      if (!stack.empty()) doc.sections[stack.back().section].parent = true;
      stack.push_back({n.level, n.text, doc.sections.size()});
      bool faq = is_faq_heading(n.text);
      doc.sections.push_back({n.line, n.text, stack.front().title, faq, {}, {}});
      faq_level = faq ? n.level : 0;
      open = -1;
      group.clear();
      continue;
    }
    if (s.faq && take_question(n, s, group, open)) continue;
    add_content(s, open, std::move(n.block));
  }
}

}  // namespace

bool looks_like_markdown(const std::vector<SourceLine> &lines) {
  int signs = 0;
  for (const auto &l : lines) {
    std::string text;
    if (atx_level(l.text, text) && !text.empty())
      ++signs;
    else if (is_fence(l.text))
      ++signs;
    else if (trim(l.text).rfind("<!--", 0) == 0)
      ++signs;  // an HTML comment is Markdown's way to hide text; plain text has none
  }
  return signs > 0;
}

bool is_question_line(const std::string &text) {
  UnicodeString s = trim16(u16(text));
  if (s.isEmpty()) return false;
  if (word_count(s) > 40 || s.countChar32() > 300) return false;
  if (s.startsWith(UnicodeString(u"Q:")) || s.startsWith(UnicodeString(u"Question:")))
    return s.length() > 3;
  if (s.char32At(0) == 0xBF) return true;  // ¿
  // Allow closing quotes or brackets after the question mark.
  int32_t i = s.length();
  while (i > 0) {
    int32_t p = s.moveIndex32(i, -1);
    UChar32 c = s.char32At(p);
    if (is_question_mark(c)) return true;
    if (!(c == '"' || c == '\'' || c == ')' || c == 0x201D || c == 0x2019 || c == 0xBB ||
          c == 0x300D || c == 0xFF09))
      return false;
    i = p;
  }
  return false;
}

bool is_faq_heading(const std::string &heading) {
  UnicodeString h = u16(heading);
  h.toLower(icu::Locale::getRoot());
  std::string lower = u8(h);
  static const char *const kPhrases[] = {"frequently asked",
                                         "questions and answers",
                                         "common questions",
                                         "preguntas frecuentes",
                                         "preguntas y respuestas",
                                         "häufige fragen",
                                         "häufig gestellte fragen",
                                         "fragen und antworten",
                                         "questions fréquentes",
                                         "foire aux questions",
                                         "questions-réponses",
                                         "perguntas frequentes",
                                         "perguntas e respostas",
                                         "domande frequenti",
                                         "veelgestelde vragen",
                                         "vanliga frågor",
                                         "sıkça sorulan sorular",
                                         "часто задаваемые вопросы",
                                         "вопросы и ответы",
                                         "частые вопросы",
                                         "الأسئلة الشائعة",
                                         "الأسئلة المتكررة",
                                         "常见问题",
                                         "常見問題",
                                         "よくある質問",
                                         "자주 묻는 질문",
                                         "συχνές ερωτήσεις"};
  for (const char *p : kPhrases)
    if (lower.find(p) != std::string::npos) return true;
  // "FAQ", "FAQs", "Q&A" as words.
  std::string word;
  for (size_t i = 0; i <= lower.size(); ++i) {
    char c = i < lower.size() ? lower[i] : ' ';
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '&') {
      word += c;
      continue;
    }
    if (word == "faq" || word == "faqs" || word == "q&a") return true;
    word.clear();
  }
  return false;
}

std::string clean_heading(const std::string &heading) {
  UnicodeString s = trim16(u16(heading));
  auto decoration = [](UChar32 c, bool leading) {
    int8_t t = u_charType(c);
    if (t == U_OTHER_SYMBOL || t == U_MODIFIER_SYMBOL || t == U_FORMAT_CHAR ||
        t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || is_blank_char(c) || is_bullet_char(c))
      return true;
    if (c == '#' || c == '*' || c == '=' || c == '_' || c == '|' || c == '>') return true;
    return leading && (c == '-' || c == 0x2013 || c == 0x2014 || c == ':');
  };
  int32_t a = 0, b = s.length();
  while (a < b && decoration(s.char32At(a), true)) a = s.moveIndex32(a, 1);
  while (b > a) {
    int32_t p = s.moveIndex32(b, -1);
    if (!decoration(s.char32At(p), false)) break;
    b = p;
  }
  return u8(UnicodeString(s, a, b - a));
}

GuideDocument parse_guide(const std::vector<SourceLine> &lines, bool markdown) {
  GuideDocument doc;
  doc.markdown = markdown;
  std::vector<RawBlock> raws = split_blocks(lines, markdown, doc);
  std::vector<Node> nodes = classify(raws, markdown);

  // The document title: a sole H1 that comes first (Markdown), or a heading on the first line.
  if (!nodes.empty() && nodes.front().heading) {
    size_t first_text_line = 0;
    for (const auto &l : lines)
      if (!is_blank(l.text)) {
        first_text_line = l.line;
        break;
      }
    bool sole_h1 = true;
    for (size_t k = 1; k < nodes.size(); ++k)
      sole_h1 = sole_h1 && !(nodes[k].heading && nodes[k].level == 1);
    bool take = markdown ? nodes.front().level == 1 && sole_h1
                         : nodes.front().line == first_text_line && doc.title.empty();
    if (take && !is_question_line(nodes.front().text) && !is_faq_heading(nodes.front().text)) {
      if (doc.title.empty()) doc.title = nodes.front().text;  // front matter wins
      nodes.erase(nodes.begin());
    }
  }
  doc.sections.push_back({0, doc.title, doc.title, false, {}, {}});
  if (markdown)
    walk_markdown(nodes, doc);
  else
    walk_plain(nodes, doc);

  for (auto &s : doc.sections) {
    std::vector<GuideQA> kept;
    for (auto &qa : s.qas) {
      if (qa.answer.empty()) {
        doc.notes.push_back(
            {qa.line, "question without an answer, not imported: \"" + qa.question + "\""});
        continue;
      }
      kept.push_back(std::move(qa));
    }
    s.qas = std::move(kept);
  }
  return doc;
}

}  // namespace faqlite::index
