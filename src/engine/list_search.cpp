#include "engine/list_search.hpp"

#include <algorithm>
#include <map>
#include <memory>

#include "base/error.hpp"
#include "index/phrase_postings.hpp"
#include "search/list_matcher.hpp"
#include "search/query_builder.hpp"

namespace faqlite::engine {
namespace {

// SQLite's variable-length integer (what FTS5 writes its docsize records with).
bool get_varint(const unsigned char *&p, const unsigned char *end, unsigned long long &v) {
  v = 0;
  for (int i = 0; i < 9; ++i) {
    if (p >= end) return false;
    const unsigned char b = *p++;
    if (i == 8) {
      v = (v << 8) | b;
      return true;
    }
    v = (v << 7) | (b & 0x7f);
    if (!(b & 0x80)) return true;
  }
  return true;
}

struct LengthReader {
  search::RankContext *ctx;
  index::Stmt *docsize;
};

// A row's column lengths: from the engine's length cache (shared with faqlite_collect()), else
// from the row's record in the FTS5 table's docsize table, one varint per column.
int row_lengths(void *user, long long rowid, int lens[search::kColumns]) {
  auto *r = static_cast<LengthReader *>(user);
  search::LengthCache *cache = r->ctx->lengths.get();
  if (cache && cache->get(rowid, lens)) return SQLITE_OK;
  index::Stmt &st = *r->docsize;
  st.reset();
  st.bind(1, rowid);
  if (!st.step()) return SQLITE_CORRUPT;
  const auto *p = static_cast<const unsigned char *>(sqlite3_column_blob(st.get(), 0));
  const unsigned char *end = p + sqlite3_column_bytes(st.get(), 0);
  for (int c = 0; c < search::kColumns; ++c) {
    unsigned long long v = 0;
    if (!p || !get_varint(p, end, v) || v > 0x7fffffff) {
      st.reset();
      return SQLITE_CORRUPT;
    }
    lens[c] = static_cast<int>(v);
  }
  st.reset();
  if (cache) cache->put(rowid, lens);
  return SQLITE_OK;
}

// What a list takes once its vectors are cut to size.
size_t exact_bytes(const search::PhraseList &l) {
  return sizeof l + l.rows.size() * sizeof(search::PhraseList::Row) +
         l.hits.size() * sizeof(search::PhraseList::Hit);
}

bool by_rowid(const search::PhraseList &l) {
  for (size_t i = 1; i < l.rows.size(); ++i)
    if (l.rows[i - 1].rowid >= l.rows[i].rowid) return false;
  return true;
}

}  // namespace

bool search_with_lists(Session &s, long long generation, const std::string &table,
                       const search::Query &q, const std::vector<long long> &known_df, size_t keep,
                       const std::vector<long long> *allowed,
                       std::vector<search::RankedRow> &rows) {
  rows.clear();
  const std::string lang = table.substr(table.find('_') + 1);  // "fts_<lang>"
  search::RankContext &rc = s.rank_context();
  Session::TableStats &ts = s.table_stats(generation, table);
  const size_t n = q.phrases.size();
  std::vector<std::shared_ptr<const search::PhraseList>> held(n);
  std::vector<long long> df(n, 0);
  // Each phrase's list from the cache; the others are read together, with one statement.
  std::vector<std::string> keys(n);
  std::vector<size_t> missing;
  std::string match;
  // The characters' lists read for this question's phrases (a character is often in several).
  std::map<std::string, std::unique_ptr<index::EncodedPostings>> term_lists;
  for (size_t i = 0; i < n; ++i) {
    const auto &alt = q.groups[static_cast<size_t>(q.phrases[i].group)]
                          .alts[static_cast<size_t>(q.phrases[i].alt)];
    if (alt.terms.empty() || (i < known_df.size() && known_df[i] == 0)) continue;
    std::string &key = keys[i];
    key = table;
    for (const auto &term : alt.terms) (key += '\x1f') += term;
    held[i] = s.lists().find(generation, key);
    if (held[i]) continue;
    // A single term: its postings, kept by the store. A term in no row has none.
    if (alt.terms.size() == 1) {
      auto list = std::make_shared<search::PhraseList>();
      // Sized once: a frequent word's list grown by doubling left its memory in pieces.
      // The hits too, one a row to begin with (most rows hold a word once in a short field, or
      // only in the answer): grown by doubling from nothing they were a tenth of the
      // allocations of a question and copied their bytes again at each step.
      if (i < known_df.size() && known_df[i] > 0) {
        list->rows.reserve(static_cast<size_t>(known_df[i]));
        list->hits.reserve(static_cast<size_t>(known_df[i]));
      }
      const bool found = s.store().read_postings(lang, alt.terms[0], *list);  // ascending
      // Only a list the cache will keep is worth copying to its exact size.
      if (s.lists().would_keep(exact_bytes(*list))) list->hits.shrink_to_fit();
      if (!found && i < known_df.size() && known_df[i] > 0) return false;  // cannot happen
      held[i] = list;
      s.lists().keep(generation, key, std::move(list));
      continue;
    }
    // Characters of a unigram script: the phrase from their postings, with the answer's
    // positions (index/phrase_postings.hpp). Other phrases of several terms go to FTS5, and so
    // does one with a character the postings do not hold: FTS5 then says whether the table has
    // none, which the postings alone cannot tell from a lost record.
    bool stored = std::all_of(alt.terms.begin(), alt.terms.end(), [](const std::string &t) {
      return index::keeps_answer_positions(t);
    });
    std::vector<const index::EncodedPostings *> parts;
    for (size_t k = 0; k < alt.terms.size() && stored; ++k) {
      auto &part = term_lists[alt.terms[k]];
      if (!part) {
        part = std::make_unique<index::EncodedPostings>();
        s.store().read_encoded_postings(lang, alt.terms[k], *part);
      }
      stored = !part->chunks.empty();
      parts.push_back(part.get());
    }
    if (stored) {
      auto list = std::make_shared<search::PhraseList>();
      if (!index::phrase_postings(parts, *list))
        throw Error(Status::kCorrupt, "damaged index: the postings of a character of \"" +
                                          alt.display + "\" cannot be read; rebuild the index");
      if (s.lists().would_keep(exact_bytes(*list))) {
        list->rows.shrink_to_fit();
        list->hits.shrink_to_fit();
      }
      held[i] = list;
      s.lists().keep(generation, key, std::move(list));
      continue;
    }
    // The same phrase may come twice (a synonym that is also a stem): read once.
    bool dup = false;
    for (size_t j : missing) dup = dup || keys[j] == key;
    if (dup) continue;
    missing.push_back(i);
    if (!match.empty()) match += " OR ";
    match += search::phrase_literal(alt.terms);
  }
  // The table's statistics come from FTS5 (once per generation): with the phrases to match,
  // or, when every list came from the postings, with one of them and no list asked for.
  if (missing.empty() && ts.rows < 0) {
    for (size_t i = 0; i < n && match.empty(); ++i)
      if (held[i] && !held[i]->rows.empty()) {
        const auto &alt = q.groups[static_cast<size_t>(q.phrases[i].group)]
                              .alts[static_cast<size_t>(q.phrases[i].alt)];
        match = search::phrase_literal(alt.terms);
      }
  }
  std::vector<std::shared_ptr<search::PhraseList>> fresh(missing.size());
  if (!match.empty()) {
    rc.phrase_outs.clear();
    for (size_t k = 0; k < missing.size(); ++k) {
      fresh[k] = std::make_shared<search::PhraseList>();
      rc.phrase_outs.push_back(fresh[k].get());
    }
    if (missing.empty()) rc.phrase_outs.push_back(nullptr);  // statistics only
    rc.table_rows = ts.rows;
    index::Stmt &st = s.statement("SELECT faqlite_phrase_rows(" + table + ") FROM " + table +
                                  " WHERE " + table + " MATCH ?1 LIMIT 1");
    st.bind(1, match);
    try {
      while (st.step()) {
      }
    } catch (...) {
      st.reset();
      rc.phrase_outs.clear();
      throw;
    }
    st.reset();
    rc.phrase_outs.clear();
    if (ts.rows < 0 && rc.table_rows >= 0) {
      ts.rows = rc.table_rows;
      for (int c = 0; c < search::kColumns; ++c) ts.totals[c] = rc.table_totals[c];
    }
    for (size_t k = 0; k < missing.size(); ++k) {
      if (!by_rowid(*fresh[k])) return false;  // FTS5 hands rows in rowid order; never assume
      held[missing[k]] = fresh[k];
      s.lists().keep(generation, keys[missing[k]], fresh[k]);
    }
  }
  bool any_rows = false;
  for (size_t i = 0; i < n; ++i) {
    for (size_t k = 0; k < missing.size() && !held[i] && !keys[i].empty(); ++k)
      if (keys[missing[k]] == keys[i]) held[i] = fresh[k];
    if (!held[i]) continue;
    df[i] = i < known_df.size() && known_df[i] >= 0 ? known_df[i]
                                                    : static_cast<long long>(held[i]->rows.size());
    any_rows = any_rows || !held[i]->rows.empty();
  }
  if (!any_rows) return true;  // no row holds any phrase: nothing to rank
  if (ts.rows < 0) return false;
  std::shared_ptr<search::QueryStats> stats = search::make_query_stats(q, ts.rows, ts.totals, df);
  search::ListMatch m;
  m.stats = stats.get();
  m.params = rc.params;
  m.lists.resize(n);
  for (size_t i = 0; i < n; ++i) m.lists[i] = held[i].get();
  m.keep = keep;
  m.allowed = allowed;
  LengthReader reader{&rc, &s.statement("SELECT sz FROM " + table + "_docsize WHERE id = ?1")};
  m.lengths = row_lengths;
  m.user = &reader;
  const int code = search::match_lists(m, rows);
  if (code != SQLITE_OK)
    throw Error(index::status_of(code),
                "the full-text table " + table + " has a damaged size record; rebuild the index");
  return true;
}

}  // namespace faqlite::engine
