// Golden analysis tests: tests/data/golden/<lang>.txt hold hand-written cases (input text ->
// expected terms with the original text each term points at). The format is described in
// tests/data/golden/README.md. Every case is also checked for the offset invariants that
// highlighting relies on.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/analyzer.hpp"
#include "analysis/utf.hpp"

namespace fs = std::filesystem;
using faqlite::analysis::Analyzer;
using faqlite::analysis::kStemPrefix;
using faqlite::analysis::Token;
using faqlite::analysis::Word;

namespace {

void append_code_point(std::string &out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// \xNN (a raw byte, possibly invalid UTF-8), \u{HEX} (a code point), \t, \\ .
std::string unescape(const std::string &s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out += s[i];
      continue;
    }
    char k = s[++i];
    if (k == 'x' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoul(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else if (k == 'u' && i + 1 < s.size() && s[i + 1] == '{') {
      size_t close = s.find('}', i);
      REQUIRE(close != std::string::npos);
      append_code_point(out, std::stoul(s.substr(i + 2, close - i - 2), nullptr, 16));
      i = close;
    } else if (k == 't') {
      out += '\t';
    } else {
      out += k;
    }
  }
  return out;
}

// Makes control characters and the stem prefix visible in failure messages.
std::string visible(const std::string &s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == static_cast<unsigned char>(kStemPrefix))
      out += "~";
    else if (c < 0x20)
      out += "\\x" + std::string(1, "0123456789abcdef"[c >> 4]) + "0123456789abcdef"[c & 15];
    else
      out += static_cast<char>(c);
  }
  return out;
}

struct Case {
  std::string file;
  int line = 0;
  std::string title;
  bool query = false;
  std::string text;
  std::vector<std::string> expected;  // canonical lines, see render_*
};

struct GoldenFile {
  std::string lang;
  std::vector<Case> cases;
};

// Index mode: one line per token, "term surface", colocated terms prefixed "~" (stems) or "+".
std::string token_line(const std::string &term, const std::string &surface) {
  return term + " " + surface;
}

std::vector<std::string> render_tokens(const std::string &text, const std::vector<Token> &toks) {
  std::vector<std::string> out;
  for (const Token &t : toks) {
    std::string term = t.term;
    if (!term.empty() && term[0] == kStemPrefix)
      term = "~" + term.substr(1);
    else if (t.colocated)
      term = "+" + term;
    out.push_back(token_line(term, text.substr(t.start, t.end - t.start)));
  }
  return out;
}

// Query mode: one line per word, "[!]norm surface" ("!" marks a stop word).
std::vector<std::string> render_words(const std::string &text, const std::vector<Word> &words) {
  std::vector<std::string> out;
  for (const Word &w : words)
    out.push_back((w.stop ? "!" : "") + w.norm + " " + text.substr(w.start, w.end - w.start));
  return out;
}

GoldenFile load(const fs::path &path) {
  GoldenFile g;
  g.lang = path.stem().string();
  std::ifstream in(path);
  REQUIRE(in.good());
  std::string line;
  int n = 0;
  Case *cur = nullptr;
  std::string pending_title;
  int pending_line = 0;
  std::string last_surface;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("@lang ", 0) == 0) {
      g.lang = line.substr(6);
    } else if (line.rfind("## ", 0) == 0) {
      pending_title = line.substr(3);
      pending_line = n;
      cur = nullptr;
    } else if (line.empty() || line[0] == '#') {
      continue;
    } else if (line.rfind("> ", 0) == 0 || line.rfind("? ", 0) == 0) {
      INFO(path.string() << ":" << n);
      REQUIRE(!pending_title.empty());
      g.cases.push_back({path.filename().string(),
                         pending_line,
                         pending_title,
                         line[0] == '?',
                         unescape(line.substr(2)),
                         {}});
      cur = &g.cases.back();
      last_surface.clear();
    } else {
      INFO(path.string() << ":" << n << ": an expectation line outside a case");
      REQUIRE(cur != nullptr);
      if (line.rfind("= ", 0) == 0) {
        // "= a b c": primary terms whose surfaces equal the terms.
        std::istringstream ss(line.substr(2));
        std::string t;
        while (ss >> t) {
          t = unescape(t);
          cur->expected.push_back(token_line(t, t));
          last_surface = t;
        }
        continue;
      }
      size_t sp = line.find(' ');
      std::string term = unescape(line.substr(0, sp));
      std::string surface;
      if (sp != std::string::npos) {
        surface = unescape(line.substr(sp + 1));
      } else if (cur->query) {
        surface = term[0] == '!' ? term.substr(1) : term;
      } else if (term[0] == '~' || term[0] == '+') {
        surface = last_surface;  // colocated: the offsets of the primary term before it
      } else {
        surface = term;
      }
      if (term[0] != '~' && term[0] != '+') last_surface = surface;
      cur->expected.push_back(token_line(term, surface));
    }
  }
  return g;
}

std::string join(const std::vector<std::string> &lines) {
  std::string s;
  for (const auto &l : lines) s += "  " + visible(l) + "\n";
  return s;
}

bool is_continuation_byte(const std::string &s, int at) {
  return at < static_cast<int>(s.size()) && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80;
}

// The invariants every token stream keeps, whatever the text.
void check_invariants(const std::string &text, const std::vector<Token> &toks) {
  const bool valid = faqlite::analysis::is_valid_utf8(text);
  int last_start = 0, primary_start = -1, primary_end = -1;
  for (const Token &t : toks) {
    INFO("term " << visible(t.term) << " [" << t.start << "," << t.end << ")");
    CHECK(!t.term.empty());
    CHECK(t.start >= 0);
    CHECK(t.start < t.end);
    CHECK(t.end <= static_cast<int>(text.size()));
    CHECK(t.start >= last_start);
    if (valid) {
      CHECK_FALSE(is_continuation_byte(text, t.start));
      CHECK_FALSE(is_continuation_byte(text, t.end));
    }
    CHECK(t.term.find(' ') == std::string::npos);
    if (t.colocated) {
      CHECK(t.start == primary_start);
      CHECK(t.end == primary_end);
    } else {
      primary_start = t.start;
      primary_end = t.end;
    }
    last_start = t.start;
  }
}

std::vector<fs::path> golden_files() {
  std::vector<fs::path> files;
  for (const auto &e : fs::directory_iterator(fs::path(FAQLITE_TEST_DATA) / "golden"))
    if (e.path().extension() == ".txt") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("golden analysis files cover the required languages", "[analysis][golden]") {
  std::vector<std::string> langs;
  for (const auto &f : golden_files()) {
    GoldenFile g = load(f);
    INFO(f.string());
    CHECK(g.cases.size() >= 4);
    langs.push_back(g.lang);
  }
  for (const char *need :
       {"en", "es", "de", "fr", "pt", "ru", "ar", "zh", "ja", "th", "ko", "tr"}) {
    INFO("missing golden file for " << need);
    CHECK(std::find(langs.begin(), langs.end(), need) != langs.end());
  }
}

TEST_CASE("golden analysis", "[analysis][golden]") {
  int checked = 0;
  for (const auto &f : golden_files()) {
    GoldenFile g = load(f);
    Analyzer a(g.lang);
    for (const Case &c : g.cases) {
      INFO(c.file << ":" << c.line << " [" << g.lang << "] " << c.title
                  << "\ntext: " << visible(c.text));
      std::vector<std::string> actual;
      if (c.query) {
        actual = render_words(c.text, a.words(c.text, true));
      } else {
        std::vector<Token> toks;
        a.tokens(c.text, toks);
        check_invariants(c.text, toks);
        actual = render_tokens(c.text, toks);
      }
      INFO("expected:\n" << join(c.expected) << "actual:\n" << join(actual));
      CHECK(actual == c.expected);
      // Query analysis only adds stop flags: its terms are the index terms.
      std::vector<Word> q = a.words(c.text, true), d = a.words(c.text, false);
      REQUIRE(q.size() == d.size());
      for (size_t i = 0; i < q.size(); ++i) {
        CHECK(q[i].norm == d[i].norm);
        CHECK(q[i].stems == d[i].stems);
        CHECK(q[i].variants == d[i].variants);
      }
      ++checked;
    }
  }
  CHECK(checked >= 100);
}
