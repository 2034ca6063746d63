#include "search/vocabulary.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>

#include "index/sqlite_util.hpp"

namespace faqlite::search {

void to_u32(std::string_view s, std::u32string &out) {
  out.clear();
  const auto *p = reinterpret_cast<const uint8_t *>(s.data());
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT_OR_FFFD(p, i, n, c);
    out.push_back(static_cast<char32_t>(c));
  }
}

std::u32string to_u32(std::string_view s) {
  std::u32string out;
  to_u32(s, out);
  return out;
}

int edit_distance(const std::u32string &a, const std::u32string &b, int limit) {
  const size_t n = a.size(), m = b.size();
  if (static_cast<int>(n > m ? n - m : m - n) > limit) return limit + 1;
  // Rows reused between calls: suggest() compares a word with thousands of candidates.
  thread_local std::vector<int> prev2, prev, cur;
  prev2.assign(m + 1, 0);
  prev.resize(m + 1);
  cur.assign(m + 1, 0);
  for (size_t j = 0; j <= m; ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = static_cast<int>(i);
    int row_min = cur[0];
    for (size_t j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        v = std::min(v, prev2[j - 2] + 1);
      cur[j] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

std::shared_ptr<const Vocabulary> Vocabulary::load(sqlite3 *db, const std::string &lang) {
  auto v = std::make_shared<Vocabulary>();
  // The store keeps every term's document frequency as it writes (index/term_sink.hpp);
  // counting them with fts5vocab walked every posting list, seconds at 100k entries. The table's
  // key is (lang, term), so the terms come in byte order, ready for binary search.
  index::Stmt q(db, "SELECT term, df FROM terms WHERE lang = ?1 ORDER BY term");
  q.bind(1, lang);
  while (q.step()) {
    const auto *t = reinterpret_cast<const char *>(sqlite3_column_text(q.get(), 0));
    const int n = sqlite3_column_bytes(q.get(), 0);
    v->start_.push_back(static_cast<uint32_t>(v->text_.size()));
    v->text_.append(t ? t : "", static_cast<size_t>(n));
    v->df_.push_back(static_cast<int32_t>(q.int64(1)));
  }
  v->start_.push_back(static_cast<uint32_t>(v->text_.size()));
  v->letters_.assign(v->df_.size(), 0);
  std::u32string u;
  for (size_t i = 0; i < v->df_.size(); ++i) {
    const std::string_view t = v->term(i);
    if (t.empty() || t[0] == '\x01') continue;
    to_u32(t, u);
    if (u.size() < 3) continue;
    bool letters = std::all_of(u.begin(), u.end(), [](char32_t c) {
      return u_isalpha(static_cast<UChar32>(c)) || c == U'\'';
    });
    if (!letters) continue;
    v->by_first_[key(u.size(), u[0])].push_back(static_cast<uint32_t>(i));
    v->by_second_[key(u.size(), u[1])].push_back(static_cast<uint32_t>(i));
    v->letters_[i] = letter_bits(u);
  }
  return v;
}

uint64_t Vocabulary::letter_bits(const std::u32string &w) {
  uint64_t bits = 0;
  for (char32_t c : w)
    bits |= uint64_t{1} << ((static_cast<uint64_t>(c) * 0x9E3779B97F4A7C15ull) >> 58);
  return bits;
}

long Vocabulary::find(std::string_view t) const {
  size_t lo = 0, hi = df_.size();
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (term(mid) < t)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < df_.size() && term(lo) == t ? static_cast<long>(lo) : -1;
}

int Vocabulary::doc_frequency(std::string_view t) const {
  const long i = find(t);
  return i < 0 ? 0 : df_[static_cast<size_t>(i)];
}

std::vector<Vocabulary::Suggestion> Vocabulary::suggest(const std::string &word, size_t max) const {
  std::vector<Suggestion> out;
  std::u32string w = to_u32(word);
  if (w.size() < 3) return out;
  // Two edits only for long words: "pasta" is two edits from "data" and from "path".
  const int limit = w.size() < 8 ? 1 : 2;
  const uint64_t bits = letter_bits(w);
  thread_local std::u32string cand;
  for (size_t len = w.size() - static_cast<size_t>(limit);
       len <= w.size() + static_cast<size_t>(limit); ++len) {
    // Most typos keep the first letter (or, failing that, the second); requiring it keeps the
    // scan cheap and precise. Words sharing both are in both groups and read once.
    for (int pos = 0; pos < 2; ++pos) {
      const auto &groups = pos == 0 ? by_first_ : by_second_;
      auto it = groups.find(key(len, w[static_cast<size_t>(pos)]));
      if (it == groups.end()) continue;
      for (uint32_t i : it->second) {
        if (__builtin_popcountll(letters_[i] ^ bits) > 2 * limit) continue;
        to_u32(term(i), cand);
        if (pos == 1 && cand[0] == w[0]) continue;
        int d = edit_distance(w, cand, limit);
        if (d <= limit && d > 0) out.push_back({std::string(term(i)), d, df_[i]});
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const Suggestion &a, const Suggestion &b) {
    if (a.distance != b.distance) return a.distance < b.distance;
    if (a.df != b.df) return a.df > b.df;
    return a.term < b.term;
  });
  if (out.size() > max) out.resize(max);
  return out;
}

}  // namespace faqlite::search
