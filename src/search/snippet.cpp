#include "search/snippet.hpp"

#include <algorithm>
#include <set>
#include <string_view>

namespace faqlite::search {

std::string html_escape(const std::string &s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

size_t utf8_chars(const std::string &s, size_t from, size_t to) {
  size_t n = 0;
  for (size_t i = from; i < to && i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace

std::vector<SnippetToken> snippet_tokens(analysis::Analyzer &analyzer, const std::string &text) {
  std::vector<analysis::Word> words = analyzer.words(text, false);
  std::vector<SnippetToken> toks;
  toks.reserve(words.size());
  for (auto &w : words) {
    if (w.unigram) {
      for (auto &p : w.pieces) toks.push_back({{std::move(p.term)}, p.start, p.end});
    } else {
      SnippetToken t{{std::move(w.norm)}, w.start, w.end};
      t.terms.reserve(1 + w.stems.size() + w.variants.size());
      for (auto &x : w.stems) t.terms.push_back(std::move(x));
      for (auto &x : w.variants) t.terms.push_back(std::move(x));
      toks.push_back(std::move(t));
    }
  }
  return toks;
}

Snippet make_snippet(analysis::Analyzer &analyzer, const std::string &text, const Query &q,
                     size_t max_chars) {
  return make_snippet(snippet_tokens(analyzer, text), text, q, max_chars);
}

Snippet make_snippet(const std::vector<SnippetToken> &toks, const std::string &text, const Query &q,
                     size_t max_chars) {
  Snippet out;
  // Which tokens match a phrase of the query, and which group each match belongs to.
  std::vector<int> hit(toks.size(), -1);
  for (const auto &ref : q.phrases) {
    const Alternative &alt = q.groups[static_cast<size_t>(ref.group)].alts[static_cast<size_t>(ref.alt)];
    const size_t n = alt.terms.size();
    if (n == 0 || n > toks.size()) continue;
    for (size_t i = 0; i + n <= toks.size(); ++i) {
      bool ok = true;
      for (size_t k = 0; k < n && ok; ++k) {
        const auto &ts = toks[i + k].terms;
        ok = std::find(ts.begin(), ts.end(), alt.terms[k]) != ts.end();
      }
      if (ok)
        for (size_t k = 0; k < n; ++k) hit[i + k] = ref.group;
    }
  }
  for (size_t i = 0; i < toks.size(); ++i)
    if (hit[i] >= 0) out.highlights.push_back({toks[i].start, toks[i].end});

  // Window: the whole text when short, else the stretch with the most distinct groups.
  size_t from = 0, to = text.size();
  if (utf8_chars(text, 0, text.size()) > max_chars && !toks.empty()) {
    // Character positions of every token, then a sliding window over them (linear time, since an
    // entry may be long).
    std::vector<size_t> cs(toks.size()), ce(toks.size());
    size_t chars = 0, byte = 0;
    for (size_t i = 0; i < toks.size(); ++i) {
      chars += utf8_chars(text, byte, static_cast<size_t>(toks[i].start));
      cs[i] = chars;
      chars += utf8_chars(text, static_cast<size_t>(toks[i].start), static_cast<size_t>(toks[i].end));
      ce[i] = chars;
      byte = static_cast<size_t>(toks[i].end);
    }
    std::vector<int> in_window(q.groups.size() + 1, 0);
    int distinct = 0, hits = 0, best_score = -1;
    size_t best_i = 0, j = 0;
    for (size_t i = 0; i < toks.size(); ++i) {
      while (j < toks.size() && ce[j] - cs[i] <= max_chars) {
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
      if (c == '\n' || ((c == ' ') && p >= 2 && (text[p - 2] == '.' || text[p - 2] == '!' || text[p - 2] == '?'))) {
        start = p;
        break;
      }
      if (p == 1) start = 0;
    }
    from = start;
    size_t end = from;
    const size_t from_chars = cs[best_i] - utf8_chars(text, from, static_cast<size_t>(toks[best_i].start));
    for (size_t i = best_i; i < toks.size() && ce[i] - from_chars <= max_chars; ++i)
      end = static_cast<size_t>(toks[i].end);
    to = std::max(end, from);
  }
  std::string html;
  if (from > 0) html += "… ";
  size_t pos = from;
  bool open = false;
  for (size_t i = 0; i < toks.size(); ++i) {
    size_t s = static_cast<size_t>(toks[i].start), e = static_cast<size_t>(toks[i].end);
    if (s < from || e > to) continue;
    if (hit[i] >= 0) {
      if (!open) {
        html += html_escape(text.substr(pos, s - pos));
        html += "<mark>";
        open = true;
      } else {
        html += html_escape(text.substr(pos, s - pos));
      }
      html += html_escape(text.substr(s, e - s));
      pos = e;
      bool next_hit = i + 1 < toks.size() && hit[i + 1] >= 0 &&
                      static_cast<size_t>(toks[i + 1].end) <= to;
      // Adjacent matches share one mark unless punctuation separates them.
      for (size_t p = e; next_hit && p < static_cast<size_t>(toks[i + 1].start); ++p)
        if (std::string_view(".,;:!?\n").find(text[p]) != std::string_view::npos) next_hit = false;
      if (!next_hit) {
        html += "</mark>";
        open = false;
      }
    }
  }
  if (open) html += "</mark>";
  html += html_escape(text.substr(pos, to - pos));
  if (to < text.size()) html += " …";
  out.html = html;
  return out;
}

}  // namespace faqlite::search
