#include "search/snippet.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <set>
#include <string_view>
#include <unordered_map>

#include "analysis/utf.hpp"

namespace faqlite::search {

std::string html_escape(const std::string &s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

// Whether any of the eight bytes at p is one of & < > " ' : a byte equal to c leaves a zero byte
// in x ^ (c * 0x01...01), and (v - 0x01...01) & ~v & 0x80...80 is nonzero exactly when v has
// a zero byte.
bool has_special(const char *p) {
  uint64_t x;
  std::memcpy(&x, p, 8);
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  auto zero_byte = [&](uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  return zero_byte(x ^ (kOnes * '&')) | zero_byte(x ^ (kOnes * '<')) |
         zero_byte(x ^ (kOnes * '>')) | zero_byte(x ^ (kOnes * '"')) |
         zero_byte(x ^ (kOnes * '\''));
}

// html_escape(text.substr(from, to - from)) appended to `out`, without the copies.
void escape_into(std::string &out, const std::string &text, size_t from, size_t to) {
  if (from >= text.size()) return;
  if (to < from) to = text.size();  // as substr() with a wrapped-around count
  to = std::min(to, text.size());
  // The bytes that need escaping, found through a table: most of an answer needs none.
  static const auto special = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : {'&', '<', '>', '"', '\''}) t[c] = true;
    return t;
  }();
  size_t run = from;
  for (size_t i = from; i < to; ++i) {
    // Eight bytes at a time while none of them is special (a snippet is mostly plain text).
    while (i + 8 <= to && !has_special(text.data() + i)) i += 8;
    if (i >= to) break;
    if (!special[static_cast<unsigned char>(text[i])]) continue;
    const char *rep = nullptr;
    switch (text[i]) {
      case '&':
        rep = "&amp;";
        break;
      case '<':
        rep = "&lt;";
        break;
      case '>':
        rep = "&gt;";
        break;
      case '"':
        rep = "&quot;";
        break;
      case '\'':
        rep = "&#39;";
        break;
      default:
        continue;
    }
    out.append(text, run, i - run);
    out += rep;
    run = i + 1;
  }
  if (to > run) out.append(text, run, to - run);
}

}  // namespace

SnippetText snippet_text(const index::AnalysisUnits &a, const std::vector<uint32_t> &id_of) {
  SnippetText st;
  st.toks.reserve(a.answer.size());
  st.ids.reserve(a.ids.size());
  for (const auto &u : a.answer) {
    st.toks.push_back(
        {u.start, u.end, u.char_start, u.char_end, static_cast<uint32_t>(st.ids.size()), u.count});
    for (uint32_t k = 0; k < u.count; ++k) st.ids.push_back(id_of[a.ids[u.begin + k]]);
  }
  st.chars = a.answer_chars;
  return st;
}

SnippetText snippet_text(analysis::Analyzer &analyzer, const std::string &text, TermTable &terms) {
  const index::AnalyzedEntry a = index::analyze_entry(analyzer, text, {});
  return snippet_text(a, index::table_ids(a, terms));
}

Snippet make_snippet(analysis::Analyzer &analyzer, const std::string &text, const Query &q,
                     size_t max_chars) {
  TermTable terms;
  SnippetText st = snippet_text(analyzer, text, terms);
  QueryTerms qt;
  query_terms(q, terms, qt);
  return make_snippet(st, qt, text, q, max_chars);
}

Snippet make_snippet(const SnippetText &st, const QueryTerms &terms, const std::string &text,
                     const Query &q, size_t max_chars) {
  Snippet out;
  const std::vector<SnippetText::Tok> &toks = st.toks;
  // Which tokens match a phrase of the query, and which group each match belongs to: when several
  // phrases cover a token, the last one in query order. Single-term phrases (nearly all) are
  // looked up by term id rather than compared with every token.
  auto has = [&](const SnippetText::Tok &t, uint32_t id) {
    for (uint32_t k = 0; k < t.count; ++k)
      if (st.ids[t.begin + k] == id) return true;
    return false;
  };
  // Buffers reused between calls: a question makes a snippet for each of its answers.
  struct Buffers {
    std::vector<int> last, hit;
    std::vector<std::pair<uint32_t, int>> single;
    std::vector<size_t> multi, matched;
    std::vector<int> in_window;
  };
  thread_local Buffers B;
  // Term id -> the last single-term phrase with it; a question has a handful, so a list.
  std::vector<std::pair<uint32_t, int>> &single = B.single;
  single.clear();
  uint64_t single_bits = 0;  // the low bits of their ids: most tokens match none and stop there
  auto single_of = [&](uint32_t id) -> int {
    if (!(single_bits & (uint64_t{1} << (id & 63)))) return -1;
    for (const auto &e : single)
      if (e.first == id) return e.second;
    return -1;
  };
  std::vector<size_t> &multi = B.multi;  // the phrases of several terms (CJK words, mostly)
  multi.clear();
  for (size_t p = 0; p < q.phrases.size(); ++p) {
    const PhraseRef &ref = q.phrases[p];
    const size_t k = terms.alt_index(static_cast<size_t>(ref.group), static_cast<size_t>(ref.alt));
    const size_t n = terms.size(k);
    if (n == 0 || n > toks.size()) continue;
    if (n > 1) {
      multi.push_back(p);
      continue;
    }
    const uint32_t id = terms.terms(k)[0];
    auto it = std::find_if(single.begin(), single.end(),
                           [&](const std::pair<uint32_t, int> &e) { return e.first == id; });
    if (it != single.end())
      it->second = static_cast<int>(p);
    else
      single.emplace_back(id, static_cast<int>(p));
    single_bits |= uint64_t{1} << (id & 63);
  }
  std::vector<int> &last = B.last;  // per token: the last phrase of several terms covering it
  if (!multi.empty()) {
    last.assign(toks.size(), -1);
    for (size_t p : multi) {
      const PhraseRef &ref = q.phrases[p];
      const size_t k =
          terms.alt_index(static_cast<size_t>(ref.group), static_cast<size_t>(ref.alt));
      const size_t n = terms.size(k);
      const uint32_t *ids = terms.terms(k);
      for (size_t i = 0; i + n <= toks.size(); ++i) {
        bool ok = true;
        for (size_t j = 0; j < n && ok; ++j) ok = has(toks[i + j], ids[j]);
        if (ok)
          for (size_t j = 0; j < n; ++j) last[i + j] = std::max(last[i + j], static_cast<int>(p));
      }
    }
  }
  // One pass over the tokens: each one's phrase (the last in query order), and the matches.
  std::vector<int> &hit = B.hit;  // per token: the group it matches, or -1
  hit.assign(toks.size(), -1);
  std::vector<size_t> &matched = B.matched;  // the matching tokens, in order
  matched.clear();
  if (!single.empty() || !multi.empty())
    for (size_t i = 0; i < toks.size(); ++i) {
      int p = multi.empty() ? -1 : last[i];
      const uint32_t *id = st.ids.data() + toks[i].begin, *id_end = id + toks[i].count;
      for (; id < id_end; ++id)
        if ((single_bits >> (*id & 63)) & 1) p = std::max(p, single_of(*id));
      if (p < 0) continue;
      hit[i] = q.phrases[static_cast<size_t>(p)].group;
      matched.push_back(i);
    }
  out.highlights.reserve(matched.size());
  for (size_t i : matched) out.highlights.push_back({toks[i].start, toks[i].end});

  // Window: the whole text when short, else the stretch with the most distinct groups.
  size_t from = 0, to = text.size();
  if (st.chars > max_chars && !toks.empty()) {
    // A sliding window over the tokens' character positions (linear time, since an entry may be
    // long).
    auto cs = [&](size_t i) { return static_cast<size_t>(toks[i].char_start); };
    auto ce = [&](size_t i) { return static_cast<size_t>(toks[i].char_end); };
    std::vector<int> &in_window = B.in_window;
    in_window.assign(q.groups.size() + 1, 0);
    int distinct = 0, hits = 0, best_score = -1;
    size_t best_i = 0, j = 0;
    for (size_t i = 0; i < toks.size(); ++i) {
      while (j < toks.size() && ce(j) - cs(i) <= max_chars) {
        if (hit[j] >= 0) {
          if (in_window[static_cast<size_t>(hit[j])]++ == 0) ++distinct;
          ++hits;
        }
        ++j;
      }
      int score = distinct * 1000 + hits;
      if (score > best_score) {
        best_score = score;
        best_i = i;
      }
      if (j > i && hit[i] >= 0) {
        if (--in_window[static_cast<size_t>(hit[i])] == 0) --distinct;
        --hits;
      }
      if (j == i) ++j;
    }
    // Step back to the start of the sentence if it is close.
    size_t start = static_cast<size_t>(toks[best_i].start);
    size_t limit = start > 60 ? start - 60 : 0;
    for (size_t p = start; p > limit; --p) {
      char c = text[p - 1];
      if (c == '\n' || ((c == ' ') && p >= 2 &&
                        (text[p - 2] == '.' || text[p - 2] == '!' || text[p - 2] == '?'))) {
        start = p;
        break;
      }
      if (p == 1) start = 0;
    }
    from = start;
    size_t end = from;
    const size_t from_chars = cs(best_i) - analysis::count_code_points(
                                               text, from, static_cast<size_t>(toks[best_i].start));
    for (size_t i = best_i; i < toks.size() && ce(i) - from_chars <= max_chars; ++i)
      end = static_cast<size_t>(toks[i].end);
    to = std::max(end, from);
  }
  std::string html;
  html.reserve(to - std::min(from, to) + 64);
  if (from > 0) html += "… ";
  size_t pos = from;
  bool open = false;
  // Only the matches change the text: what lies between them is copied as it is.
  for (size_t i : matched) {
    size_t s = static_cast<size_t>(toks[i].start), e = static_cast<size_t>(toks[i].end);
    if (s < from || e > to) continue;
    if (!open) {
      escape_into(html, text, pos, s);
      html += "<mark>";
      open = true;
      escape_into(html, text, s, e);
    } else {
      escape_into(html, text, pos, e);
    }
    pos = e;
    bool next_hit =
        i + 1 < toks.size() && hit[i + 1] >= 0 && static_cast<size_t>(toks[i + 1].end) <= to;
    // Adjacent matches share one mark unless punctuation separates them.
    for (size_t p = e; next_hit && p < static_cast<size_t>(toks[i + 1].start); ++p)
      if (std::string_view(".,;:!?\n").find(text[p]) != std::string_view::npos) next_hit = false;
    if (!next_hit) {
      html += "</mark>";
      open = false;
    }
  }
  if (open) html += "</mark>";
  escape_into(html, text, pos, to);
  if (to < text.size()) html += " …";
  out.html = std::move(html);
  return out;
}

}  // namespace faqlite::search
