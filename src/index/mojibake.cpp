#include "index/mojibake.hpp"

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <unordered_map>

namespace faqlite::index {
namespace {

constexpr uint8_t kCp1252 = 1, kCp1253 = 2, kLatin1 = 4;

struct CodeUnit {
  uint8_t byte = 0;
  uint8_t pages = 0;  // the code pages in which `byte` decodes to this character
};

// Character -> byte for the high halves of the three code pages. They never disagree (no
// character sits at two different bytes), so one table serves text decoded with any of them, or
// with a mix: some decoders fill windows-1253's holes (0x88, 0x9F, ...) from windows-1252.
const std::unordered_map<UChar32, CodeUnit> &reverse_table() {
  static const std::unordered_map<UChar32, CodeUnit> table = [] {
    std::unordered_map<UChar32, CodeUnit> m;
    const std::pair<const char *, uint8_t> pages[] = {
        {"windows-1252", kCp1252}, {"windows-1253", kCp1253}, {"ISO-8859-1", kLatin1}};
    for (const auto &[name, bit] : pages) {
      UErrorCode st = U_ZERO_ERROR;
      UConverter *cnv = ucnv_open(name, &st);
      if (U_FAILURE(st)) continue;
      ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &st);
      for (int b = 0x80; b <= 0xFF; ++b) {
        char in = static_cast<char>(b);
        UChar out[4];
        st = U_ZERO_ERROR;
        ucnv_resetToUnicode(cnv);
        int32_t n = ucnv_toUChars(cnv, out, 4, &in, 1, &st);
        if (U_FAILURE(st) || n != 1) continue;
        CodeUnit &cu = m[out[0]];
        if (cu.pages && cu.byte != b) continue;
        cu.byte = static_cast<uint8_t>(b);
        cu.pages |= bit;
      }
      ucnv_close(cnv);
    }
    return m;
  }();
  return table;
}

const CodeUnit *lookup(UChar32 c) {
  if (c < 0x80) return nullptr;
  const auto &t = reverse_table();
  auto it = t.find(c);
  return it == t.end() ? nullptr : &it->second;
}

bool in(UChar32 c, UChar32 lo, UChar32 hi) {
  return c >= lo && c <= hi;
}

// Kinds of characters that mis-decoded text plausibly stood for. A sequence that decodes to
// something else (Syriac from a German "ß“", Samaritan from a French "à »") is left alone.
bool plausible_target(UChar32 cp, int len) {
  if (!u_isdefined(cp)) return false;
  if (len == 2)
    return in(cp, 0xA0, 0x24F) || in(cp, 0x2B0, 0x2FF) || in(cp, 0x370, 0x3FF) ||
           in(cp, 0x400, 0x52F) || in(cp, 0x531, 0x58A) || in(cp, 0x5D0, 0x5EA) ||
           in(cp, 0x600, 0x6FF);
  if (len == 3)
    return in(cp, 0x900, 0xEFF) || in(cp, 0x10A0, 0x11FF) || in(cp, 0x1E00, 0x1FFF) ||
           in(cp, 0x2000, 0x2BFF) || in(cp, 0x2E00, 0x9FFF) || in(cp, 0xAC00, 0xD7A3) ||
           in(cp, 0xF900, 0xFAFF) || in(cp, 0xFE00, 0xFE0F) || in(cp, 0xFE30, 0xFE4F) ||
           cp == 0xFEFF || in(cp, 0xFF00, 0xFFEF);
  return in(cp, 0x1F000, 0x1FAFF) || in(cp, 0x1D400, 0x1D7FF) || in(cp, 0x20000, 0x3134F) ||
         in(cp, 0xE0020, 0xE007F);
}

bool is_greek_letter(UChar32 c) {
  UErrorCode st = U_ZERO_ERROR;
  return u_isalpha(c) && uscript_getScript(c, &st) == USCRIPT_GREEK;
}

// Real Greek text has runs of lower-case Greek letters; text mis-decoded through windows-1253
// never does (each of its Greek lower-case letters is a lead byte, followed by punctuation-range
// bytes). In a document with real Greek, sequences made only of windows-1253 characters could be
// genuine and are reported instead of repaired.
bool has_real_greek(const std::u32string &text) {
  int runs = 0, streak = 0;
  for (char32_t c : text) {
    streak = (in(c, 0x3AC, 0x3CE) && u_islower(c)) ? streak + 1 : 0;
    if (streak == 3 && ++runs >= 5) return true;
  }
  return false;
}

std::u32string decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  const auto *p = reinterpret_cast<const uint8_t *>(s.data());
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    out.push_back(c < 0 ? 0xFFFD : static_cast<char32_t>(c));
  }
  return out;
}

void append_utf8(std::string &out, UChar32 c) {
  uint8_t buf[4];
  int32_t len = 0;
  UBool err = false;
  U8_APPEND(buf, len, 4, c, err);
  if (err) return;
  out.append(reinterpret_cast<const char *>(buf), static_cast<size_t>(len));
}

std::string encode(const std::u32string &s, size_t from = 0, size_t to = std::u32string::npos) {
  std::string out;
  to = std::min(to, s.size());
  for (size_t i = from; i < to; ++i) append_utf8(out, static_cast<UChar32>(s[i]));
  return out;
}

const char *page_name(uint8_t all_of, uint8_t any_only_1253) {
  if (any_only_1253) return "windows-1253";
  if (all_of & kCp1252) return "windows-1252";
  if (all_of & kLatin1) return "latin-1";
  return "windows-1252";
}

enum class Verdict { kNone, kRepair, kUncertain };

struct Candidate {
  Verdict verdict = Verdict::kNone;
  UChar32 cp = 0;
  int len = 0;
  const char *page = "";
  const char *reason = "";
};

// Tries to read a UTF-8 sequence from the code-page bytes of line[i...].
Candidate examine(const std::u32string &line, size_t i, UChar32 prev_out, bool real_greek) {
  Candidate c;
  const CodeUnit *lead = lookup(static_cast<UChar32>(line[i]));
  if (!lead || lead->byte < 0xC2 || lead->byte > 0xF4) return c;
  int len = lead->byte < 0xE0 ? 2 : lead->byte < 0xF0 ? 3 : 4;
  if (i + static_cast<size_t>(len) > line.size()) return c;
  UChar32 cp = lead->byte & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  uint8_t all_of = lead->pages, only_1253 = lead->pages == kCp1253;
  bool all_1253 = lead->pages & kCp1253, all_greek = is_greek_letter(line[i]);
  for (int k = 1; k < len; ++k) {
    const CodeUnit *cu = lookup(static_cast<UChar32>(line[i + k]));
    if (!cu || cu->byte < 0x80 || cu->byte > 0xBF) return c;
    cp = (cp << 6) | (cu->byte & 0x3F);
    all_of &= cu->pages;
    only_1253 |= cu->pages == kCp1253;
    all_1253 = all_1253 && (cu->pages & kCp1253);
    all_greek = all_greek && is_greek_letter(line[i + k]);
  }
  if ((len == 3 && (cp < 0x800 || in(cp, 0xD800, 0xDFFF))) || (len == 4 && cp < 0x10000) ||
      cp > 0x10FFFF)
    return c;  // overlong or not a scalar value: not UTF-8 at all
  c.cp = cp;
  c.len = len;
  c.page = page_name(all_of, only_1253);
  if (in(cp, 0x300, 0x328)) {
    // A combining accent (text in decomposed form) only makes sense after a letter.
    c.verdict = u_isalpha(prev_out) ? Verdict::kRepair : Verdict::kUncertain;
    c.reason = "would decode to a combining mark that follows no letter";
    return c;
  }
  if (!plausible_target(cp, len)) return c;
  if (len == 2 && all_greek) {
    c.verdict = Verdict::kUncertain;
    c.reason = "Greek letters that could be mis-decoded text or genuine Greek";
    return c;
  }
  if (real_greek && all_1253) {
    c.verdict = Verdict::kUncertain;
    c.reason = "could be mis-decoded windows-1253 text, but the document also holds real Greek";
    return c;
  }
  c.verdict = Verdict::kRepair;
  return c;
}

// Characters that begin the mis-decoded form of common UTF-8 sequences ("Ã©", "â€™", "Ð¿",
// "β€", "πŸ"). Followed by a continuation-range character and not repaired, they are reported.
bool is_typical_lead(UChar32 c) {
  switch (c) {
    case 0xC2:
    case 0xC3:
    case 0xC5:
    case 0xCE:
    case 0xCF:
    case 0xD0:
    case 0xD1:
    case 0xE2:
    case 0xEF:
    case 0xF0:
    case 0x392:
    case 0x393:
    case 0x39E:
    case 0x39F:
    case 0x3A0:
    case 0x3A1:
    case 0x3B2:
    case 0x3C0:
      return true;
    default:
      return false;
  }
}

bool is_continuation_char(UChar32 c) {
  const CodeUnit *cu = lookup(c);
  return cu && cu->byte >= 0x80 && cu->byte <= 0xBF;
}

std::string snippet(const std::u32string &line, size_t at, size_t len) {
  size_t from = at > 8 ? at - 8 : 0;
  size_t to = std::min(line.size(), at + len + 8);
  return encode(line, from, to);
}

// `typical` off: the line already has spots from explicit verdicts, which cover these.
void scan_line(const std::u32string &line, size_t line_no, bool real_greek, bool typical,
               std::vector<MojibakeSpot> &spots) {
  for (size_t i = 0; i < line.size(); ++i) {
    UChar32 c = static_cast<UChar32>(line[i]);
    const char *reason = nullptr;
    size_t len = 1;
    if (c == 0xFFFD) {
      reason = "replacement character U+FFFD: the original text was lost before import";
    } else if (in(c, 0x80, 0x9F)) {
      reason = "C1 control character: probably a byte of mis-decoded text";
    } else if (typical && is_typical_lead(c) && i + 1 < line.size() &&
               is_continuation_char(static_cast<UChar32>(line[i + 1])) &&
               !(real_greek && is_greek_letter(c))) {
      reason = "looks like mis-decoded UTF-8 but does not decode to a certain character";
      while (i + len < line.size() && len < 4 &&
             is_continuation_char(static_cast<UChar32>(line[i + len])))
        ++len;
    }
    if (!reason) continue;
    spots.push_back({line_no, snippet(line, i, len), reason});
    i += len - 1;
  }
}

}  // namespace

MojibakeResult repair_mojibake(std::string_view utf8, size_t first_line) {
  MojibakeResult r;
  std::u32string all = decode(utf8);
  const bool real_greek = has_real_greek(all);
  r.text.reserve(utf8.size());
  size_t line_no = first_line, pos = 0;
  while (pos <= all.size()) {
    size_t nl = all.find(U'\n', pos);
    if (nl == std::u32string::npos) nl = all.size();
    std::u32string line = all.substr(pos, nl - pos);
    std::vector<MojibakeSpot> uncertain;
    // Text mis-decoded twice needs two rounds; three is more than any real document needs.
    for (int round = 0; round < 3; ++round) {
      std::u32string out;
      out.reserve(line.size());
      bool changed = false;
      size_t last_end = std::u32string::npos;  // output index just after the previous repair
      for (size_t i = 0; i < line.size();) {
        Candidate c =
            examine(line, i, out.empty() ? 0 : static_cast<UChar32>(out.back()), real_greek);
        if (c.verdict == Verdict::kRepair) {
          std::string from = encode(line, i, i + c.len), to;
          append_utf8(to, c.cp);
          if (last_end == out.size() && !r.repairs.empty() && r.repairs.back().line == line_no &&
              r.repairs.back().encoding == c.page) {
            r.repairs.back().from += from;
            r.repairs.back().to += to;
          } else {
            r.repairs.push_back({line_no, from, to, c.page});
          }
          out.push_back(static_cast<char32_t>(c.cp));
          last_end = out.size();
          i += static_cast<size_t>(c.len);
          changed = true;
          continue;
        }
        if (c.verdict == Verdict::kUncertain && round == 0)
          uncertain.push_back({line_no, snippet(line, i, static_cast<size_t>(c.len)), c.reason});
        out.push_back(line[i++]);
      }
      line.swap(out);
      if (!changed) break;
    }
    // A byte order mark recovered from mis-decoding is noise inside a document.
    line.erase(std::remove(line.begin(), line.end(), U'\uFEFF'), line.end());
    scan_line(line, line_no, real_greek, uncertain.empty(), uncertain);
    for (auto &s : uncertain) r.uncertain.push_back(std::move(s));
    r.text += encode(line);
    if (nl == all.size()) break;
    r.text += '\n';
    pos = nl + 1;
    ++line_no;
  }
  return r;
}

std::string decode_windows_1252(std::string_view bytes) {
  UErrorCode st = U_ZERO_ERROR;
  UConverter *cnv = ucnv_open("windows-1252", &st);
  if (U_FAILURE(st)) {
    std::string out;
    for (unsigned char b : bytes) append_utf8(out, b < 0x80 ? b : 0xFFFD);
    return out;
  }
  icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()), cnv, st);
  ucnv_close(cnv);
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace faqlite::index
