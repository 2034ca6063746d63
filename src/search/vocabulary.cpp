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

namespace {

// The distance when it is at most one, else 2, without the table: what is left between the
// common prefix and the common suffix must be one changed, added or dropped letter, or two
// swapped ones. suggest() checks a word of up to 7 letters against a few hundred candidates,
// nearly all of them refused here (the table for each was 4 % of a question at 10k entries).
int within_one_edit(const std::u32string &a, const std::u32string &b) {
  const size_t n = a.size(), m = b.size(), shorter = std::min(n, m);
  size_t pre = 0;
  while (pre < shorter && a[pre] == b[pre]) ++pre;
  size_t suf = 0;
  while (suf < shorter - pre && a[n - 1 - suf] == b[m - 1 - suf]) ++suf;
  if (n == m) {
    const size_t rest = n - pre - suf;
    if (rest == 0) return 0;
    if (rest == 1) return 1;
    return rest == 2 && a[pre] == b[pre + 1] && a[pre + 1] == b[pre] ? 1 : 2;
  }
  return (n > m ? n - m : m - n) == 1 && pre + suf == shorter ? 1 : 2;
}

}  // namespace

int edit_distance(const std::u32string &a, const std::u32string &b, int limit) {
  const size_t n = a.size(), m = b.size();
  if (static_cast<int>(n > m ? n - m : m - n) > limit) return limit + 1;
  if (limit == 1) return within_one_edit(a, b);
  // Only the cells within `limit` of the diagonal: a path that leaves that band has made more
  // than `limit` edits already, so the band's values are exact up to `limit` (and above it, at
  // least limit + 1). The band only moves right, so a cell the next row reads beyond this row's
  // band was never written and is still `inf`. Rows reused between calls: suggest() compares a
  // word with hundreds of candidates.
  const int inf = limit + 1;
  const auto lim = static_cast<size_t>(limit);
  thread_local std::vector<int> prev2, prev, cur;
  prev2.assign(m + 1, inf);
  prev.assign(m + 1, inf);
  cur.assign(m + 1, inf);
  for (size_t j = 0; j <= std::min(m, lim); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    const size_t lo = i > lim ? i - lim : 1, hi = std::min(m, i + lim);
    cur[lo - 1] = lo == 1 && i <= lim ? static_cast<int>(i) : inf;
    int row_min = cur[lo - 1];
    for (size_t j = lo; j <= hi; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        v = std::min(v, prev2[j - 2] + 1);
      cur[j] = std::min(v, inf);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return inf;
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
