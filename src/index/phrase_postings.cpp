#include "index/phrase_postings.hpp"

#include <algorithm>

#include "index/posting_edits.hpp"
#include "index/varint.hpp"

namespace faqlite::index {
namespace {

// Walks one term's stored rows (the layout of encode_chunk, every column with positions), with
// the checks of decode_chunk.
class RowCursor {
 public:
  explicit RowCursor(const EncodedPostings &e) : e_(e) {}
  // The next row, or false at the end (bad() tells a damaged blob from the end).
  bool next() {
    if (!skip_positions()) return false;
    while (p_ == end_) {
      if (chunk_ == e_.chunks.size()) return false;
      const EncodedPostings::Chunk &c = e_.chunks[chunk_++];
      if (c.begin > c.end || c.end > e_.bytes.size()) return fail();
      p_ = reinterpret_cast<const unsigned char *>(e_.bytes.data()) + c.begin;
      end_ = reinterpret_cast<const unsigned char *>(e_.bytes.data()) + c.end;
      chunk_id_ = c.chunk;
      prev_ = c.chunk << kChunkBits;
    }
    unsigned long long v = 0;
    if (!get_varint(p_, end_, v) || v > static_cast<unsigned long long>(kMaxRowid - prev_))
      return fail();
    const long long rowid = prev_ + static_cast<long long>(v);
    if ((started_ && rowid <= rowid_) || rowid >> kChunkBits != chunk_id_) return fail();
    rowid_ = prev_ = rowid;
    started_ = true;
    if (p_ >= end_) return fail();
    const unsigned flags = *p_++;
    if (flags == 0 || flags >> kFtsColumns) return fail();
    std::fill(tf_, tf_ + kFtsColumns, 0);
    for (unsigned f = flags; f; f &= f - 1) {
      if (!get_varint(p_, end_, v) || v == 0 || v > 0x7fffffff) return fail();
      tf_[__builtin_ctz(f)] = static_cast<int>(v);
    }
    positions_ = p_;
    pending_ = true;
    return true;
  }
  // Moves to the first row at or after `target`; false at the end.
  bool seek(long long target) {
    while (!started_ || rowid_ < target)
      if (!next()) return false;
    return true;
  }
  long long rowid() const { return rowid_; }
  int tf(int c) const { return tf_[c]; }
  // The current row's positions in column `c`, ascending, into `out`.
  bool positions(int c, std::vector<int> &out) {
    out.clear();
    const unsigned char *p = positions_;
    unsigned long long v = 0;
    for (int col = 0; col <= c; ++col) {
      long long last = 0;
      for (int k = 0; k < tf_[col]; ++k) {
        if (!get_varint(p, end_, v) || v > 0x7fffffff) return fail();
        last += static_cast<long long>(v);
        if (last > 0x7fffffff) return fail();
        if (col == c) out.push_back(static_cast<int>(last));
      }
    }
    return true;
  }
  bool bad() const { return bad_; }

 private:
  static constexpr long long kMaxRowid = (1LL << 62);
  bool fail() {
    bad_ = true;
    return false;
  }
  // Past the current row's positions: a varint ends at a byte below 0x80.
  bool skip_positions() {
    if (!pending_) return !bad_;
    pending_ = false;
    p_ = positions_;
    long long n = 0;
    for (int c = 0; c < kFtsColumns; ++c) n += tf_[c];
    if (!skip_varints(p_, end_, n)) return fail();
    return true;
  }
  const EncodedPostings &e_;
  size_t chunk_ = 0;
  const unsigned char *p_ = nullptr, *end_ = nullptr, *positions_ = nullptr;
  long long chunk_id_ = 0, prev_ = 0, rowid_ = 0;
  int tf_[kFtsColumns] = {0, 0, 0, 0};
  bool started_ = false, pending_ = false, bad_ = false;
};

}  // namespace

bool phrase_postings(const std::vector<const EncodedPostings *> &terms, PostingList &out) {
  out.rows.clear();
  out.hits.clear();
  std::fill(std::begin(out.max_tf), std::end(out.max_tf), 0);
  const size_t n = terms.size();
  if (n == 0) return true;
  // Driven by the term with the fewest stored bytes (about the fewest rows).
  size_t driver = 0;
  for (size_t k = 1; k < n; ++k)
    if (terms[k]->bytes.size() < terms[driver]->bytes.size()) driver = k;
  std::vector<RowCursor> cur;
  cur.reserve(n);
  for (size_t k = 0; k < n; ++k) cur.emplace_back(*terms[k]);
  std::vector<std::vector<int>> pos(n);
  RowCursor &d = cur[driver];
  while (d.next()) {
    const long long rowid = d.rowid();
    bool all = true;
    for (size_t k = 0; k < n && all; ++k) {
      if (k == driver) continue;
      if (!cur[k].seek(rowid)) {
        if (cur[k].bad()) return false;
        return !d.bad();  // a term has no more rows: no more phrase rows
      }
      all = cur[k].rowid() == rowid;
    }
    if (!all) continue;
    PostingList::Row row{rowid, static_cast<uint32_t>(out.hits.size()), {0, 0, 0, 0}};
    bool any = false;
    for (int c = 0; c < kFtsColumns; ++c) {
      bool present = true;
      for (size_t k = 0; k < n && present; ++k) present = cur[k].tf(c) > 0;
      if (!present) continue;
      for (size_t k = 0; k < n; ++k)
        if (!cur[k].positions(c, pos[k])) return false;
      // Every position of the first term that the others follow, in order.
      for (int p0 : pos[0]) {
        bool follows = true;
        for (size_t k = 1; k < n && follows; ++k)
          follows = std::binary_search(pos[k].begin(), pos[k].end(),
                                       static_cast<long long>(p0) + static_cast<long long>(k));
        if (!follows) continue;
        ++row.tf[c];
        any = true;
        if (c < kShortColumns) out.hits.push_back({c, p0});
      }
    }
    if (!any) continue;
    for (int c = 0; c < kFtsColumns; ++c) out.max_tf[c] = std::max(out.max_tf[c], row.tf[c]);
    out.rows.push_back(row);
  }
  if (d.bad()) return false;
  // The other cursors' remaining rows are never read: a damaged tail of a longer list goes
  // unnoticed here, and is reported when that term's list is read for itself.
  return true;
}

}  // namespace faqlite::index
