#include "index/posting_edits.hpp"

#include <algorithm>
#include <limits>

#include "index/varint.hpp"

namespace faqlite::index {

void PostingEdits::begin_row(long long rowid, bool remove) {
  rowid_ = rowid;
  remove_ = remove;
  column_ = -1;
  size_ = 0;
  bad_ = false;
  row_.clear();
}

uint32_t PostingEdits::add(const char *term, int bytes, bool colocated) {
  const uint32_t id = terms.add(std::string_view(term, static_cast<size_t>(bytes)));
  if (column_ < 0 || column_ >= kFtsColumns) {
    bad_ = true;
    return id;
  }
  // FTS5's position rule (fts5_storage.c): a colocated token takes the previous token's
  // position, except as the first token of its column.
  if (!colocated || size_ == 0) ++size_;
  row_.push_back({id, column_, size_ - 1});
  return id;
}

bool PostingEdits::end_row() {
  if (bad_ || column_ != kFtsColumns - 1) return false;
  std::stable_sort(row_.begin(), row_.end(), [](const Occurrence &a, const Occurrence &b) {
    return a.term != b.term ? a.term < b.term : a.col != b.col ? a.col < b.col : a.pos < b.pos;
  });
  for (size_t i = 0; i < row_.size();) {
    Edit e{row_[i].term, rowid_, remove_, {0, 0, 0, 0}, 0, 0};
    e.hits_begin = e.hits_end = static_cast<uint32_t>(hits.size());
    const int position_columns =
        keeps_answer_positions(terms.term(row_[i].term)) ? kFtsColumns : kShortColumns;
    size_t j = i;
    for (; j < row_.size() && row_[j].term == row_[i].term; ++j) {
      if (remove_) continue;
      ++e.tf[row_[j].col];
      if (row_[j].col < position_columns) hits.push_back({row_[j].col, row_[j].pos});
    }
    e.hits_end = static_cast<uint32_t>(hits.size());
    edits.push_back(e);
    i = j;
  }
  row_.clear();
  return true;
}

void PostingEdits::keep_only(const std::vector<uint32_t> &kept) {
  std::vector<Edit> e;
  std::vector<PostingList::Hit> h;
  e.reserve(kept.size());
  for (uint32_t i : kept) {
    Edit x = edits[i];
    x.hits_begin = static_cast<uint32_t>(h.size());
    h.insert(h.end(), hits.begin() + edits[i].hits_begin, hits.begin() + edits[i].hits_end);
    x.hits_end = static_cast<uint32_t>(h.size());
    e.push_back(x);
  }
  edits.swap(e);
  hits.swap(h);
}

void PostingEdits::clear() {
  terms.clear();
  written.clear();
  edits.clear();
  hits.clear();
  row_.clear();
}

std::string encode_chunk(const PostingList &l, long long chunk) {
  std::string out;
  long long prev = chunk << kChunkBits;
  for (size_t i = 0; i < l.rows.size(); ++i) {
    const PostingList::Row &r = l.rows[i];
    put_varint(out, static_cast<unsigned long long>(r.rowid - prev));
    prev = r.rowid;
    // Which columns hold the term (a bit each), then their counts: most rows hold a term in one
    // column only.
    unsigned flags = 0;
    for (int c = 0; c < kFtsColumns; ++c)
      if (r.tf[c]) flags |= 1u << c;
    out += static_cast<char>(flags);
    for (int c = 0; c < kFtsColumns; ++c)
      if (r.tf[c]) put_varint(out, static_cast<unsigned long long>(r.tf[c]));
    int col = -1, last = 0;
    for (size_t h = r.hits_begin, e = l.hits_end(i); h < e; ++h) {
      if (l.hits[h].col != col) {
        col = l.hits[h].col;
        last = 0;
      }
      put_varint(out, static_cast<unsigned long long>(l.hits[h].off - last));
      last = l.hits[h].off;
    }
  }
  return out;
}

bool decode_chunk(const unsigned char *p, size_t size, long long chunk, std::string_view term,
                  bool answer_hits, PostingList &out) {
  // Columns as bit masks: a row's flags byte says which columns hold the term, and only those
  // are visited (a row of a frequent list is mostly one column, and decoding every row of such a
  // list was a third of a question at a million entries).
  const unsigned position_mask =
      (1u << (keeps_answer_positions(term) ? kFtsColumns : kShortColumns)) - 1;
  const unsigned hit_mask = answer_hits ? position_mask : (1u << kShortColumns) - 1;
  const unsigned char *end = p + size;
  long long prev = chunk << kChunkBits;
  long long last_rowid =
      out.rows.empty() ? std::numeric_limits<long long>::min() : out.rows.back().rowid;
  int max_tf[kFtsColumns];
  std::copy(out.max_tf, out.max_tf + kFtsColumns, max_tf);
  unsigned long long v = 0;
  bool ok = true;
  while (p < end) {
    PostingList::Row r{0, static_cast<uint32_t>(out.hits.size()), {0, 0, 0, 0}};
    if (!get_varint(p, end, v) ||
        v > static_cast<unsigned long long>(std::numeric_limits<long long>::max() - prev)) {
      ok = false;
      break;
    }
    r.rowid = prev + static_cast<long long>(v);
    if (r.rowid <= last_rowid || r.rowid >> kChunkBits != chunk || p >= end) {
      ok = false;
      break;
    }
    prev = last_rowid = r.rowid;
    const unsigned flags = *p++;
    if (flags == 0 || flags >> kFtsColumns) {
      ok = false;
      break;
    }
    for (unsigned f = flags; f && ok; f &= f - 1) {
      const int c = __builtin_ctz(f);
      ok = get_varint(p, end, v) && v != 0 && v <= 0x7fffffff;
      r.tf[c] = ok ? static_cast<int>(v) : 0;
      max_tf[c] = std::max(max_tf[c], r.tf[c]);
    }
    for (unsigned f = flags & position_mask; f && ok; f &= f - 1) {
      const int c = __builtin_ctz(f);
      if (!(hit_mask & (1u << c))) {
        // Skipped unread: a varint ends at its first byte below 0x80.
        ok = skip_varints(p, end, r.tf[c]);
        continue;
      }
      long long last = 0;
      for (int k = 0; k < r.tf[c]; ++k) {
        if (!get_varint(p, end, v) || v > 0x7fffffff ||
            (last += static_cast<long long>(v)) > 0x7fffffff) {
          ok = false;
          break;
        }
        out.hits.push_back({c, static_cast<int>(last)});
      }
    }
    if (!ok) break;
    out.rows.push_back(r);
  }
  std::copy(max_tf, max_tf + kFtsColumns, out.max_tf);
  return ok;
}

}  // namespace faqlite::index
