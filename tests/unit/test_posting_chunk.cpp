// One postings chunk's blob: what encode_chunk() writes, decode_chunk() reads back exactly, with
// and without the answer's positions, and a damaged blob is refused rather than read as rows.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "index/posting_edits.hpp"
#include "posting_text.hpp"

namespace {

using faqlite::index::decode_chunk;
using faqlite::index::encode_chunk;
using faqlite::index::kChunkBits;
using faqlite::index::kFtsColumns;
using faqlite::index::PostingList;

// Random rows of one chunk: gaps of 1 to 300 rowids (some over a byte as varints), one to four
// columns each, counts over 127 now and then, and positions for every occurrence in the columns
// that keep them.
PostingList random_chunk(std::mt19937 &rng, long long chunk, bool answer_positions) {
  PostingList l;
  long long rowid = (chunk << kChunkBits) + static_cast<long long>(rng() % 50);
  const int n = 1 + static_cast<int>(rng() % 400);
  for (int i = 0; i < n && rowid >> kChunkBits == chunk; ++i) {
    PostingList::Row r{rowid, static_cast<uint32_t>(l.hits.size()), {0, 0, 0, 0}};
    unsigned flags = 0;
    while (!flags) flags = rng() % 16;
    for (int c = 0; c < kFtsColumns; ++c) {
      if (!(flags & (1u << c))) continue;
      r.tf[c] =
          rng() % 20 == 0 ? 128 + static_cast<int>(rng() % 200) : 1 + static_cast<int>(rng() % 3);
      l.max_tf[c] = std::max(l.max_tf[c], r.tf[c]);
      if (c == 3 && !answer_positions) continue;
      int off = 0;
      for (int k = 0; k < r.tf[c]; ++k) {
        off += static_cast<int>(rng() % 300);
        l.hits.push_back({c, off});
      }
    }
    l.rows.push_back(r);
    rowid += 1 + static_cast<long long>(rng() % 300);
  }
  return l;
}

std::string text_of(const PostingList &l) {
  return faqlite::test::posting_text(l);
}

// The list without the answer's positions (what a reader asking for the short columns gets).
PostingList short_only(const PostingList &l) {
  PostingList out;
  for (size_t i = 0; i < l.rows.size(); ++i) {
    PostingList::Row r = l.rows[i];
    r.hits_begin = static_cast<uint32_t>(out.hits.size());
    for (size_t h = l.rows[i].hits_begin; h < l.hits_end(i); ++h)
      if (l.hits[h].col < 3) out.hits.push_back(l.hits[h]);
    out.rows.push_back(r);
  }
  std::copy(l.max_tf, l.max_tf + kFtsColumns, out.max_tf);
  return out;
}

bool decode(const std::string &blob, long long chunk, const std::string &term, bool answer_hits,
            PostingList &out) {
  return decode_chunk(reinterpret_cast<const unsigned char *>(blob.data()), blob.size(), chunk,
                      term, answer_hits, out);
}

TEST_CASE("a postings chunk decodes to what was encoded; a damaged one is refused", "[postings]") {
  std::mt19937 rng(20261128);
  const std::string latin = "account", cjk = "\xe8\x96\xaa";  // 薪: keeps the answer's positions
  for (int round = 0; round < 300; ++round) {
    const bool is_cjk = round % 2 == 1;
    const std::string &term = is_cjk ? cjk : latin;
    const long long chunk = static_cast<long long>(rng() % 40);
    const PostingList l = random_chunk(rng, chunk, is_cjk);
    const std::string blob = encode_chunk(l, chunk);
    INFO("round " << round);

    PostingList all;
    REQUIRE(decode(blob, chunk, term, true, all));
    CHECK(text_of(all) == text_of(l));
    PostingList shorts;
    REQUIRE(decode(blob, chunk, term, false, shorts));
    CHECK(text_of(shorts) == text_of(short_only(l)));

    // The same chunk twice: its rows would not come after those already read.
    PostingList twice;
    REQUIRE(decode(blob, chunk, term, true, twice));
    CHECK_FALSE(decode(blob, chunk, term, true, twice));

    // Cut short anywhere but at a row's end: refused. (A cut at a row's end reads as fewer rows,
    // which the store's own checks of the record, not the blob, have to catch.)
    for (size_t cut = 1; cut < blob.size(); cut += 1 + rng() % 7) {
      PostingList part;
      if (decode(std::string(blob, 0, cut), chunk, term, true, part)) {
        REQUIRE(part.rows.size() < l.rows.size());
        PostingList prefix = l;
        prefix.rows.resize(part.rows.size());
        prefix.hits.resize(part.rows.size() < l.rows.size() ? l.rows[part.rows.size()].hits_begin
                                                            : l.hits.size());
        // The decoder bounds counts by the rows it returned, so the prefix is bounded the same way.
        std::fill(prefix.max_tf, prefix.max_tf + kFtsColumns, 0);
        for (const auto &r : prefix.rows)
          for (int c = 0; c < kFtsColumns; ++c)
            prefix.max_tf[c] = std::max(prefix.max_tf[c], r.tf[c]);
        CHECK(text_of(part) == text_of(prefix));
      }
    }
  }

  // The first row's flags byte: no column, or a column past the fourth.
  PostingList one;
  one.rows.push_back({5, 0, {1, 0, 0, 0}});
  one.hits.push_back({0, 2});
  one.max_tf[0] = 1;
  std::string blob = encode_chunk(one, 0);
  REQUIRE(blob.size() == 4);  // gap 5, flags 1, count 1, position 2
  PostingList out;
  REQUIRE(decode(blob, 0, latin, true, out));
  for (char bad : {'\x00', '\x10', '\x80'}) {
    std::string damaged = blob;
    damaged[1] = bad;
    PostingList d;
    CHECK_FALSE(decode(damaged, 0, latin, true, d));
  }
  // A row past the chunk's last rowid.
  {
    PostingList two;
    two.rows.push_back({(1 << kChunkBits) - 1, 0, {1, 0, 0, 0}});
    two.rows.push_back({1 << kChunkBits, 1, {1, 0, 0, 0}});
    two.hits = {{0, 1}, {0, 1}};
    PostingList d;
    CHECK_FALSE(decode(encode_chunk(two, 0), 0, latin, true, d));
    two.rows.pop_back();
    two.hits.pop_back();
    PostingList e;
    CHECK(decode(encode_chunk(two, 0), 0, latin, true, e));
  }
  // A count of zero, and a count or position over 2^31 - 1.
  {
    // Row 5 in the question column zero times, then row 6 once at position 2: well formed but
    // for the zero.
    const std::string damaged("\x05\x01\x00\x01\x01\x01\x02", 7);
    PostingList d;
    CHECK_FALSE(decode(damaged, 0, latin, true, d));
    std::string mended = damaged;
    mended[2] = 1;
    mended.insert(3, 1, '\x04');  // row 5's position
    PostingList e;
    CHECK(decode(mended, 0, latin, true, e));
    CHECK(e.rows.size() == 2);
  }
  for (int at : {2, 3}) {
    std::string damaged = blob.substr(0, static_cast<size_t>(at)) + "\xff\xff\xff\xff\x0f" +
                          blob.substr(static_cast<size_t>(at) + 1);
    PostingList d;
    CHECK_FALSE(decode(damaged, 0, latin, true, d));
  }
  // Positions adding up past 2^31 - 1.
  {
    PostingList two;
    two.rows.push_back({5, 0, {2, 0, 0, 0}});
    two.hits.push_back({0, 0x7ffffff0});
    two.hits.push_back({0, 0x7fffffff});
    std::string ok = encode_chunk(two, 0);
    PostingList d;
    REQUIRE(decode(ok, 0, latin, true, d));
    CHECK(d.hits.back().off == 0x7fffffff);
    two.hits.back().off = 0x7ffffff0;  // a gap of 0: the last position repeated
    std::string bump = encode_chunk(two, 0);
    bump[bump.size() - 1] = 0x7f;  // that gap made 127: the sum passes 2^31 - 1
    PostingList e;
    CHECK_FALSE(decode(bump, 0, latin, true, e));
  }
  // A skipped position (the answer's, of a term that keeps them, read without them) is stepped
  // over unread, but one longer than 9 bytes is refused: no position is.
  {
    const std::string head("\x05\x08\x01", 3);  // row 5, the answer column, once
    const std::string nine = head + std::string(8, '\x80') + "\x01";
    const std::string ten = head + std::string(9, '\x80') + "\x01";
    PostingList a, b, c;
    CHECK(decode(nine, 0, cjk, false, a));
    CHECK(a.rows.size() == 1);
    CHECK_FALSE(decode(nine, 0, cjk, true, b));  // read, it is past 2^31 - 1
    CHECK_FALSE(decode(ten, 0, cjk, false, c));
    PostingList d;
    CHECK_FALSE(decode(head + "\x80", 0, cjk, false, d));  // and cut short
  }
  // A varint running past the end of the blob.
  {
    std::string damaged = blob;
    damaged[3] = '\x82';
    PostingList d;
    CHECK_FALSE(decode(damaged, 0, latin, true, d));
  }
}

}  // namespace
