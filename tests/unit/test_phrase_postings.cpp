// A CJK phrase's rows put together from its characters' stored postings (phrase_postings()) are
// those a plain reading of every row finds: the rows holding every character, and in each column
// the positions where the characters follow one another. Checked on random postings spread over
// several chunks, with a character that comes twice in the phrase, with characters whose rows lie
// far apart, and with a damaged chunk.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "index/phrase_postings.hpp"
#include "index/posting_edits.hpp"
#include "posting_text.hpp"

namespace {

using faqlite::index::encode_chunk;
using faqlite::index::EncodedPostings;
using faqlite::index::kChunkBits;
using faqlite::index::kFtsColumns;
using faqlite::index::kShortColumns;
using faqlite::index::phrase_postings;
using faqlite::index::PostingList;

// One character's occurrences: rowid -> per column, its ascending positions.
using Occurrences = std::map<long long, std::vector<std::vector<int>>>;

// Random occurrences in `rows` of the candidate rowids: one to four columns, small position
// ranges so that the characters often follow one another.
Occurrences random_occurrences(std::mt19937 &rng, const std::vector<long long> &rowids,
                               unsigned percent) {
  Occurrences o;
  for (long long rowid : rowids) {
    if (rng() % 100 >= percent) continue;
    std::vector<std::vector<int>> cols(kFtsColumns);
    bool any = false;
    for (int c = 0; c < kFtsColumns; ++c) {
      if (rng() % 3 == 0) continue;
      std::set<int> pos;
      const int n = 1 + static_cast<int>(rng() % (c == 3 ? 6 : 3));
      for (int k = 0; k < n; ++k) pos.insert(static_cast<int>(rng() % (c == 3 ? 40 : 8)));
      cols[static_cast<size_t>(c)].assign(pos.begin(), pos.end());
      any = true;
    }
    if (any) o[rowid] = cols;
  }
  return o;
}

// The stored form: one chunk blob per 2^kChunkBits rowids, every column with its positions (the
// layout of a term that keeps its answer positions).
EncodedPostings encode(const Occurrences &o) {
  std::map<long long, PostingList> chunks;
  for (const auto &[rowid, cols] : o) {
    PostingList &l = chunks[rowid >> kChunkBits];
    PostingList::Row r{rowid, static_cast<uint32_t>(l.hits.size()), {0, 0, 0, 0}};
    for (int c = 0; c < kFtsColumns; ++c) {
      r.tf[c] = static_cast<int>(cols[static_cast<size_t>(c)].size());
      for (int p : cols[static_cast<size_t>(c)]) l.hits.push_back({c, p});
    }
    l.rows.push_back(r);
  }
  EncodedPostings e;
  for (const auto &[chunk, l] : chunks) {
    const size_t begin = e.bytes.size();
    e.bytes += encode_chunk(l, chunk);
    e.chunks.push_back({chunk, begin, e.bytes.size()});
  }
  return e;
}

// The phrase's rows by reading every row: the reference.
PostingList reference(const std::vector<const Occurrences *> &terms) {
  PostingList out;
  for (const auto &[rowid, first] : *terms[0]) {
    std::vector<const std::vector<std::vector<int>> *> cols;
    for (const Occurrences *t : terms) {
      auto it = t->find(rowid);
      if (it == t->end()) break;
      cols.push_back(&it->second);
    }
    if (cols.size() != terms.size()) continue;
    PostingList::Row row{rowid, static_cast<uint32_t>(out.hits.size()), {0, 0, 0, 0}};
    int total = 0;
    for (int c = 0; c < kFtsColumns; ++c) {
      for (int p0 : (*cols[0])[static_cast<size_t>(c)]) {
        bool follows = true;
        for (size_t k = 1; k < cols.size() && follows; ++k) {
          const auto &pk = (*cols[k])[static_cast<size_t>(c)];
          follows = std::find(pk.begin(), pk.end(), p0 + static_cast<int>(k)) != pk.end();
        }
        if (!follows) continue;
        ++row.tf[c];
        ++total;
        if (c < kShortColumns) out.hits.push_back({c, p0});
      }
    }
    if (!total) {
      out.hits.resize(row.hits_begin);
      continue;
    }
    for (int c = 0; c < kFtsColumns; ++c) out.max_tf[c] = std::max(out.max_tf[c], row.tf[c]);
    out.rows.push_back(row);
  }
  return out;
}

std::string text_of(const PostingList &l) {
  return faqlite::test::posting_text(l);
}

// Rowids spread over `chunks` chunks, `per_chunk` in each.
std::vector<long long> spread(std::mt19937 &rng, int chunks, int per_chunk) {
  std::set<long long> ids;
  for (int c = 0; c < chunks; ++c)
    for (int i = 0; i < per_chunk; ++i)
      ids.insert((static_cast<long long>(c) << kChunkBits) +
                 static_cast<long long>(rng() % (1u << kChunkBits)));
  return {ids.begin(), ids.end()};
}

}  // namespace

TEST_CASE("a phrase's rows from its characters' postings equal a reading of every row",
          "[postings]") {
  std::mt19937 rng(20261128);
  for (int round = 0; round < 40; ++round) {
    const std::vector<long long> ids = spread(rng, 1 + round % 6, 200);
    const size_t n_terms = 2 + static_cast<size_t>(round % 3);
    std::vector<Occurrences> occ;
    for (size_t k = 0; k < n_terms; ++k)
      occ.push_back(random_occurrences(rng, ids, k == 0 ? 15 + round % 50 : 70));
    std::vector<EncodedPostings> enc;
    for (const auto &o : occ) enc.push_back(encode(o));
    std::vector<const Occurrences *> terms;
    std::vector<const EncodedPostings *> parts;
    for (size_t k = 0; k < n_terms; ++k) {
      terms.push_back(&occ[k]);
      parts.push_back(&enc[k]);
    }
    // The same character twice ("日日"): one cursor each on the same postings.
    if (round % 4 == 3) {
      terms.push_back(&occ[0]);
      parts.push_back(&enc[0]);
    }
    PostingList out;
    INFO("round " << round);
    REQUIRE(phrase_postings(parts, out));
    CHECK(text_of(out) == text_of(reference(terms)));
    for (size_t i = 1; i < out.rows.size(); ++i) CHECK(out.rows[i - 1].rowid < out.rows[i].rowid);
  }
}

TEST_CASE("a rare character's rows in late chunks are found past the others' early chunks",
          "[postings]") {
  // The first character only in the last of six chunks, the second in all of them: the
  // second's cursor goes through five chunks before it meets the first character's rows.
  std::mt19937 rng(7);
  std::vector<long long> last_chunk, all = spread(rng, 6, 300);
  for (long long id : all)
    if (id >> kChunkBits == 5) last_chunk.push_back(id);
  REQUIRE(!last_chunk.empty());
  Occurrences a, b;
  for (long long id : all) b[id] = {{1}, {}, {}, {3, 9}};
  for (long long id : last_chunk) a[id] = {{0}, {}, {}, {2, 8, 20}};
  const EncodedPostings ea = encode(a), eb = encode(b);
  PostingList out;
  REQUIRE(phrase_postings({&ea, &eb}, out));
  CHECK(text_of(out) == text_of(reference({&a, &b})));
  CHECK(out.rows.size() == last_chunk.size());
  // And the other way round: the frequent character first.
  b[last_chunk[0]] = {{1}, {}, {}, {1, 7}};  // one row where a follows b: 7, 8
  const EncodedPostings eb2 = encode(b);
  REQUIRE(phrase_postings({&eb2, &ea}, out));
  CHECK(text_of(out) == text_of(reference({&b, &a})));
  CHECK(out.rows.size() == 1);
}

TEST_CASE("a damaged chunk in a character's postings is refused", "[postings]") {
  std::mt19937 rng(11);
  const std::vector<long long> ids = spread(rng, 3, 100);
  Occurrences a, b;
  for (long long id : ids) {
    a[id] = {{0}, {}, {}, {5}};
    b[id] = {{1}, {}, {}, {6}};
  }
  const EncodedPostings ea = encode(a);
  EncodedPostings eb = encode(b);
  PostingList out;
  REQUIRE(phrase_postings({&ea, &eb}, out));
  CHECK(out.rows.size() == ids.size());
  // A row's flags byte that names no column, in the middle chunk of the second character.
  EncodedPostings bad = eb;
  size_t flags = bad.chunks[1].begin;  // the first row's flags byte, after its rowid gap
  while (static_cast<unsigned char>(bad.bytes[flags]) & 0x80) ++flags;
  bad.bytes[flags + 1] = 0;
  CHECK_FALSE(phrase_postings({&ea, &bad}, out));
  // Chunks out of order, in the postings that drive the walk.
  EncodedPostings swapped = eb;
  std::swap(swapped.chunks[0], swapped.chunks[2]);
  CHECK_FALSE(phrase_postings({&swapped, &ea}, out));
}
