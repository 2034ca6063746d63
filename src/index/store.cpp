#include "index/store.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <set>
#include <system_error>
#include <thread>

#include "analysis/analyzer.hpp"
#include "analysis/language.hpp"
#include "index/ahead_analysis.hpp"
#include "index/sqlite_util.hpp"

namespace faqlite::index {
using nlohmann::json;

namespace {

constexpr int kApplicationId = 0x46415131;  // "FAQ1": lets file(1) and tools recognise the index
constexpr int kColumnsVersion = 1;          // bump when fts_values() changes
constexpr int kTermsVersion = 1;            // bump when the `terms` table changes
constexpr int kPostingsVersion = 3;         // bump when the `postings` table or its blobs change
constexpr int kAnalysesVersion = 2;         // bump when the `analyses` table or its blobs change

struct FtsValues {
  std::string question, alternates, title, answer;
};

FtsValues fts_values(const Entry &e) {
  FtsValues v;
  v.question = e.question;
  for (size_t i = 0; i < e.alternates.size(); ++i) {
    if (i) v.alternates += '\n';
    v.alternates += e.alternates[i];
  }
  v.title = e.title;
  if (!e.section.empty()) v.title += (v.title.empty() ? "" : "\n") + e.section;
  for (const auto &t : e.tags) v.title += (v.title.empty() ? "" : "\n") + t;
  v.answer = e.answer;
  return v;
}

std::string primary(const std::string &lang) {
  std::string p = analysis::primary_language(lang);
  if (p.empty()) throw Error(Status::kInvalid, "invalid language tag \"" + lang + "\"");
  return p;
}

std::vector<std::string> json_strings(const std::string &text) {
  std::vector<std::string> out;
  // Most entries have no tags or follow-ups: answering loads a few entries per question, and
  // parsing "[]" cost a dozen allocations each time.
  if (text.empty() || text == "[]") return out;
  json j = json::parse(text, nullptr, false);
  if (j.is_array())
    for (const auto &v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace

std::string Store::fingerprint() {
  return analysis::Analyzer::fingerprint() + " columns/" + std::to_string(kColumnsVersion) +
         " terms/" + std::to_string(kTermsVersion) + " postings/" +
         std::to_string(kPostingsVersion) + " analyses/" + std::to_string(kAnalysesVersion);
}

void Store::create_schema() {
  exec(db_,
       "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
       "CREATE TABLE IF NOT EXISTS entries("
       "  rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, lang TEXT NOT NULL, plang TEXT NOT NULL,"
       "  kind TEXT NOT NULL, question TEXT NOT NULL, alternates TEXT NOT NULL,"
       "  answer TEXT NOT NULL, title TEXT NOT NULL, section TEXT NOT NULL, tags TEXT NOT NULL,"
       "  follow_ups TEXT NOT NULL, meta TEXT NOT NULL, source TEXT NOT NULL,"
       "  UNIQUE(id, lang));"
       "CREATE INDEX IF NOT EXISTS entries_plang ON entries(plang);"
       "CREATE TABLE IF NOT EXISTS settings(lang TEXT PRIMARY KEY, fallback TEXT NOT NULL,"
       "  synonyms TEXT NOT NULL);"
       "CREATE TABLE IF NOT EXISTS unanswered(query TEXT NOT NULL, lang TEXT NOT NULL,"
       "  outcome TEXT NOT NULL, count INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
       "  PRIMARY KEY(query, lang));");
  ensure_terms_table();
  ensure_postings_table();
  ensure_analyses_table();
  exec(db_, ("PRAGMA application_id=" + std::to_string(kApplicationId)).c_str());
  StmtUse put(cached("INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)"));
  put.bind(1, "application").bind(2, "faqlite");
  put.step();
  put.reset();
  put.bind(1, "format").bind(2, std::to_string(kFormatVersion));
  put.step();
  put.reset();
  put.bind(1, "analyzer").bind(2, fingerprint());
  put.step();
  put.reset();
  put.bind(1, "generation").bind(2, "0");
  put.step();
}

OpenState Store::check(bool create) {
  sqlite3_stmt *probe = nullptr;
  int rc = sqlite3_prepare_v2(db_, "SELECT count(*) FROM sqlite_master", -1, &probe, nullptr);
  long long tables = 0;
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(probe);
    if (rc == SQLITE_ROW) {
      tables = sqlite3_column_int64(probe, 0);
      rc = SQLITE_OK;
    }
  }
  sqlite3_finalize(probe);
  if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
    throw Error(Status::kCorrupt,
                "not a faqlite index: the file is not an SQLite database, or it "
                "is damaged");
  index::check(db_, rc, "reading the index");
  if (tables == 0) {
    if (!create) throw Error(Status::kNotFound, "the index is empty (no faqlite schema)");
    return OpenState::kFresh;
  }
  std::string app, format, analyzer;
  try {
    StmtUse q(cached("SELECT key, value FROM meta"));
    while (q.step()) {
      std::string k = q.text(0);
      if (k == "application")
        app = q.text(1);
      else if (k == "format")
        format = q.text(1);
      else if (k == "analyzer")
        analyzer = q.text(1);
    }
  } catch (const Error &e) {
    if (e.status() == Status::kCorrupt || e.status() == Status::kBusy) throw;
    throw Error(Status::kCorrupt, "not a faqlite index: no faqlite metadata in this database");
  }
  if (app != "faqlite")
    throw Error(Status::kCorrupt, "not a faqlite index: no faqlite metadata in this database");
  int version = 0;
  try {
    version = std::stoi(format);
  } catch (...) {
    throw Error(Status::kCorrupt, "damaged index: format version \"" + format + "\" unreadable");
  }
  if (version > kFormatVersion)
    throw Error(Status::kVersion, "the index has format version " + std::to_string(version) +
                                      ", written by a newer faqlite; this one reads up to " +
                                      std::to_string(kFormatVersion));
  if (version < 1)
    throw Error(Status::kCorrupt, "damaged index: format version " + std::to_string(version));
  return analyzer == fingerprint() ? OpenState::kCurrent : OpenState::kNeedsRebuild;
}

void Store::ensure_fts(const std::string &p) {
  // `p` is a validated primary subtag (2-3 ASCII letters), so it is safe inside the DDL.
  std::string sql = "CREATE VIRTUAL TABLE IF NOT EXISTS " + fts_table(p) +
                    " USING fts5(question, alternates, title, answer, content='', "
                    "tokenize='faqlite " +
                    p + "')";
  exec(db_, sql.c_str());
}

void Store::ensure_terms_table() {
  exec(db_,
       "CREATE TABLE IF NOT EXISTS terms(lang TEXT NOT NULL, term TEXT NOT NULL,"
       "  df INTEGER NOT NULL, PRIMARY KEY(lang, term)) WITHOUT ROWID");
}

void Store::ensure_analyses_table() {
  exec(db_,
       "CREATE TABLE IF NOT EXISTS analyses(rowid INTEGER PRIMARY KEY, data BLOB NOT NULL);"
       "CREATE TABLE IF NOT EXISTS lexicon(term TEXT PRIMARY KEY, id INTEGER NOT NULL)"
       "  WITHOUT ROWID");
}

uint32_t Store::lexicon_id(std::string_view term) {
  const uint32_t local = lexicon_terms_.add(term);
  if (local < lexicon_ids_.size()) return lexicon_ids_[local];
  if (lexicon_next_ < 0) {
    // The next id, kept in `meta`: the table is ordered by term, so its largest id is a scan
    // away, made only when `meta` lacks it (an empty lexicon; or a damaged file, whose new terms
    // must still not reuse an id). 1 means an empty lexicon, where no term needs a lookup.
    StmtUse q(cached("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'lexicon_next'"));
    lexicon_next_ = q.step() ? q.int64(0) : 0;
    if (lexicon_next_ < 1) {
      StmtUse scan(cached("SELECT coalesce(max(id), 0) + 1 FROM lexicon"));
      lexicon_next_ = scan.step() ? std::max(1LL, scan.int64(0)) : 1;
    }
  }
  long long id = lexicon_next_ > 1 ? lexicon_find(term) : -1;
  if (id < 0) {
    id = lexicon_next_;
    if (id >= static_cast<long long>(kLexiconLimit))
      throw Error(Status::kLimit, "the index's lexicon is full (" + std::to_string(id) +
                                      " terms since it was last rebuilt); rebuild the index");
    // Written at the end of the write, in term order: inserted as they came (in no order) they
    // cost a bulk build a fifth more time.
    lexicon_new_.push_back(local);
    ++lexicon_next_;
  } else if (id == 0 || id >= static_cast<long long>(kLexiconLimit)) {
    throw Error(Status::kCorrupt, "damaged index: the lexicon id of \"" + std::string(term) +
                                      "\" is " + std::to_string(id) + "; rebuild the index");
  }
  lexicon_ids_.push_back(static_cast<uint32_t>(id));
  return static_cast<uint32_t>(id);
}

long long Store::lexicon_find(std::string_view term) {
  StmtUse q(cached("SELECT id FROM lexicon WHERE term = ?1"));
  q.bind(1, term);
  return q.step() ? q.int64(0) : -1;
}

void Store::ensure_postings_table() {
  exec(db_,
       "CREATE TABLE IF NOT EXISTS postings(lang TEXT NOT NULL, term TEXT NOT NULL,"
       "  chunk INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY(lang, term, chunk))"
       "  WITHOUT ROWID");
}

namespace {
// Collects the postings of one row from the tokens the tokenizer emits while it lives (and
// stops also when the statement throws).
struct Recording {
  // `answer`, when given, receives the row's answer tokens.
  Recording(TermSink *s, PostingEdits &edits, long long rowid, bool remove,
            AnalysisBuilder *answer = nullptr, const PreparedEntry *ahead = nullptr)
      : sink(s) {
    if (!sink) return;
    sink->postings = &edits;
    sink->answer = answer;
    sink->ahead = ahead;
    sink->column = -1;
    edits.begin_row(rowid, remove);
    sink->recording = true;
  }
  ~Recording() {
    if (sink) {
      sink->recording = false;
      sink->postings = nullptr;
      sink->answer = nullptr;
      sink->ahead = nullptr;
    }
  }
  // After the statement: the row's postings become edits.
  void finish(PostingEdits &edits) {
    if (sink && !edits.end_row())
      throw Error(Status::kError,
                  "internal error: FTS5 did not tokenize a row as the four columns faqlite "
                  "indexes; the write was not made");
  }
  TermSink *sink;
};

using Chunk = std::pair<uint32_t, long long>;  // term id, chunk
}  // namespace

void Store::begin_write(bool postings_emptied) {
  lexicon_terms_.clear();
  lexicon_ids_.clear();
  lexicon_next_ = -1;
  lexicon_new_.clear();
  lexicon_by_write_id_.clear();
  for (auto &[lang, pe] : pending_postings_) pe.clear();  // a failed write's edits died with it
  pending_postings_.clear();
  next_flush_at_ = max_pending_edits_;
  max_rowid_before_ = -1;
  if (postings_emptied) return;
  StmtUse q(cached("SELECT coalesce(max(rowid), -1) FROM entries"));
  if (q.step()) max_rowid_before_ = q.int64(0);
}

void Store::flush_postings(bool everything) {
  if (!sink_) return;
  StmtUse get(cached("SELECT data FROM postings WHERE lang = ?1 AND term = ?2 AND chunk = ?3"));
  StmtUse put(
      cached("INSERT OR REPLACE INTO postings(lang, term, chunk, data) VALUES(?1, ?2, ?3, ?4)"));
  StmtUse del(cached("DELETE FROM postings WHERE lang = ?1 AND term = ?2 AND chunk = ?3"));
  StmtUse up(cached(
      "INSERT INTO terms(lang, term, df) VALUES(?1, ?2, ?3) ON CONFLICT(lang, term) DO UPDATE "
      "SET df = df + excluded.df"));
  StmtUse drop(cached("DELETE FROM terms WHERE lang = ?1 AND term = ?2 AND df <= 0"));
  for (auto &[lang, pe] : pending_postings_) {
    const auto &edits = pe.edits;
    // During a long write, the newest chunk stays pending: a bulk write adds rows in rowid
    // order, so every chunk is then written once, complete, and never read back.
    long long keep_from = std::numeric_limits<long long>::max(), newest = -1;
    for (const auto &e : edits) newest = std::max(newest, e.rowid >> kChunkBits);
    if (!everything && newest >= 0) keep_from = newest;
    // The edits by (term, chunk), each chunk's in the write's order.
    std::vector<std::pair<uint64_t, uint32_t>> order;
    std::vector<uint32_t> kept;
    order.reserve(edits.size());
    for (uint32_t i = 0; i < edits.size(); ++i) {
      const long long chunk = edits[i].rowid >> kChunkBits;
      if (chunk >> 32)
        throw Error(Status::kLimit, "rowid " + std::to_string(edits[i].rowid) +
                                        " is beyond what the postings can address (2^48)");
      if (chunk >= keep_from)
        kept.push_back(i);
      else
        order.push_back(
            {static_cast<uint64_t>(edits[i].term) << 32 | static_cast<uint32_t>(chunk), i});
    }
    if (order.empty()) continue;  // all in the newest chunk: nothing to write yet
    std::sort(order.begin(), order.end());
    // Document frequencies: an edit is one row gaining or losing one term.
    std::vector<long long> df(pe.terms.size(), 0);
    for (const auto &o : order) df[edits[o.second].term] += edits[o.second].remove ? -1 : 1;
    for (size_t t = 0; t < df.size(); ++t) {
      if (df[t] == 0) continue;
      up.reset();
      up.bind(1, lang).bind(2, pe.terms.term(static_cast<uint32_t>(t))).bind(3, df[t]);
      up.step();
      if (df[t] < 0) {
        drop.reset();
        drop.bind(1, lang).bind(2, pe.terms.term(static_cast<uint32_t>(t)));
        drop.step();
      }
    }
    PostingList cur, next;
    std::map<long long, std::pair<size_t, size_t>> rows;  // rowid -> edit or old row (general case)
    for (size_t i = 0; i < order.size();) {
      const uint64_t packed = order[i].first;
      const Chunk key{static_cast<uint32_t>(packed >> 32),
                      static_cast<long long>(static_cast<uint32_t>(packed))};
      size_t j = i;
      while (j < order.size() && order[j].first == packed) ++j;
      const std::string_view term = pe.terms.term(key.first);
      cur.rows.clear();
      cur.hits.clear();
      // A chunk above every row the index had before this write, and not written earlier in
      // it, does not exist yet.
      const bool fresh =
          key.second > (max_rowid_before_ >> kChunkBits) && pe.written.count(packed) == 0;
      get.reset();
      get.bind(1, lang).bind(2, term).bind(3, key.second);
      if (!fresh && get.step()) {
        const auto *data = static_cast<const unsigned char *>(sqlite3_column_blob(get.get(), 0));
        const auto size = static_cast<size_t>(sqlite3_column_bytes(get.get(), 0));
        if (!decode_chunk(data, size, key.second, term, true, cur))
          throw Error(Status::kCorrupt, "damaged index: the postings of \"" + std::string(term) +
                                            "\" cannot be read; rebuild the index");
      }
      get.reset();
      next.rows.clear();
      next.hits.clear();
      // A bulk write adds new rows in rowid order, after the chunk's: they are appended as they
      // come. Any other change goes through a map of the chunk's rows, the edits applied in the
      // write's order.
      bool append = true;
      for (size_t k = i; k < j && append; ++k) {
        const auto &e = edits[order[k].second];
        const long long before = k > i              ? edits[order[k - 1].second].rowid
                                 : cur.rows.empty() ? -1
                                                    : cur.rows.back().rowid;
        append = !e.remove && before < e.rowid;
      }
      auto add_row = [&](long long rowid, const int *tf, const PostingList::Hit *h,
                         const PostingList::Hit *h_end) {
        next.rows.push_back({rowid, static_cast<uint32_t>(next.hits.size()), {0, 0, 0, 0}});
        for (int c = 0; c < kFtsColumns; ++c) next.rows.back().tf[c] = tf[c];
        next.hits.insert(next.hits.end(), h, h_end);
      };
      if (append) {
        for (size_t r = 0; r < cur.rows.size(); ++r)
          add_row(cur.rows[r].rowid, cur.rows[r].tf, cur.hits.data() + cur.rows[r].hits_begin,
                  cur.hits.data() + cur.hits_end(r));
        for (size_t k = i; k < j; ++k) {
          const auto &e = edits[order[k].second];
          add_row(e.rowid, e.tf, pe.hits.data() + e.hits_begin, pe.hits.data() + e.hits_end);
        }
      } else {
        // first: 0 = an old row (second: its index), 1 = an edit (second: its index)
        rows.clear();
        for (size_t r = 0; r < cur.rows.size(); ++r) rows[cur.rows[r].rowid] = {0, r};
        for (size_t k = i; k < j; ++k) {
          const auto &e = edits[order[k].second];
          if (e.remove)
            rows.erase(e.rowid);
          else
            rows[e.rowid] = {1, order[k].second};
        }
        for (const auto &[rowid, src] : rows) {
          if (src.first == 0) {
            const size_t r = src.second;
            add_row(rowid, cur.rows[r].tf, cur.hits.data() + cur.rows[r].hits_begin,
                    cur.hits.data() + cur.hits_end(r));
          } else {
            const auto &e = edits[src.second];
            add_row(rowid, e.tf, pe.hits.data() + e.hits_begin, pe.hits.data() + e.hits_end);
          }
        }
      }
      if (next.rows.empty()) {
        del.reset();
        del.bind(1, lang).bind(2, term).bind(3, key.second);
        del.step();
      } else {
        const std::string blob = encode_chunk(next, key.second);
        put.reset();
        put.bind(1, lang).bind(2, term).bind(3, key.second);
        sqlite3_bind_blob(put.get(), 4, blob.data(), static_cast<int>(blob.size()),
                          SQLITE_TRANSIENT);
        put.step();
      }
      pe.written.insert(packed);
      i = j;
    }
    pe.keep_only(kept);
  }
}

bool Store::read_postings(const std::string &p, const std::string &term, PostingList &out,
                          bool answer_hits) {
  StmtUse q(
      cached("SELECT chunk, data FROM postings WHERE lang = ?1 AND term = ?2 ORDER BY chunk"));
  q.bind(1, p).bind(2, term);
  bool found = false;
  while (q.step()) {
    found = true;
    const auto *data = static_cast<const unsigned char *>(sqlite3_column_blob(q.get(), 1));
    const auto size = static_cast<size_t>(sqlite3_column_bytes(q.get(), 1));
    if (!decode_chunk(data, size, q.int64(0), term, answer_hits, out))
      throw Error(Status::kCorrupt, "damaged index: the postings of \"" + term +
                                        "\" cannot be read; rebuild the index");
  }
  return found;
}

bool Store::read_encoded_postings(const std::string &p, const std::string &term,
                                  EncodedPostings &out) {
  out.clear();
  StmtUse q(
      cached("SELECT chunk, data FROM postings WHERE lang = ?1 AND term = ?2 ORDER BY chunk"));
  q.bind(1, p).bind(2, term);
  while (q.step()) {
    const auto *data = static_cast<const char *>(sqlite3_column_blob(q.get(), 1));
    const auto size = static_cast<size_t>(sqlite3_column_bytes(q.get(), 1));
    const size_t begin = out.bytes.size();
    if (size) out.bytes.append(data, size);
    out.chunks.push_back({q.int64(0), begin, out.bytes.size()});
  }
  return !out.chunks.empty();
}

void Store::insert_fts(const std::string &p, long long rowid, const Entry &e,
                       const PreparedEntry *ahead) {
  if (ahead && ahead->lang != p) ahead = nullptr;
  FtsValues v = fts_values(e);
  StmtUse s(cached("INSERT INTO " + fts_table(p) +
                   "(rowid, question, alternates, title, answer) VALUES(?1, ?2, ?3, ?4, ?5)"));
  s.bind(1, rowid).bind(2, v.question).bind(3, v.alternates).bind(4, v.title).bind(5, v.answer);
  PostingEdits &edits = pending_postings_[p];
  analysis_.reset();
  {
    Recording rec(sink_, edits, rowid, false, &analysis_, ahead);
    s.step();
    rec.finish(edits);
  }
  // The answer's tokens came from the tokenizer just now; the phrasings are analyzed as
  // questions are, by the same analyzer (the table's language).
  if (ahead && ahead->phrasings.size() == phrasing_count(e)) {
    for (const auto &words : ahead->phrasings) analysis_.add_phrasing(words);
  } else {
    for (const auto &ph : phrasings(e)) analysis_.add_phrasing(analyzer_of_(p).words(ph, true));
  }
  const AnalyzedEntry &made = analysis_.entry();
  // The answer's terms by their ids in the write's term table (a vector, not a hash lookup in a
  // table of every term the write has seen: that cost a bulk build a tenth more time).
  std::vector<uint32_t> &by_write_id = lexicon_by_write_id_[p];
  analysis_ids_.resize(made.n_terms());
  for (size_t i = 0; i < made.n_terms(); ++i) {
    const uint32_t w = analysis_.write_ids()[i];
    if (w == AnalysisBuilder::kNoWriteId) {
      analysis_ids_[i] = lexicon_id(made.term(i));
      continue;
    }
    if (w >= by_write_id.size())
      by_write_id.resize(std::max<size_t>(w + 1, by_write_id.size() * 2));
    if (!by_write_id[w]) by_write_id[w] = lexicon_id(made.term(i));
    analysis_ids_[i] = by_write_id[w];
  }
  encode_analysis(made, analysis_ids_, analysis_blob_);
  StmtUse a(
      cached("INSERT INTO analyses(rowid, data) VALUES(?1, ?2) "
             "ON CONFLICT(rowid) DO UPDATE SET data = excluded.data"));
  a.bind(1, rowid);
  sqlite3_bind_blob(a.get(), 2, analysis_blob_.data(), static_cast<int>(analysis_blob_.size()),
                    SQLITE_STATIC);
  a.step();
}

void Store::delete_fts(const std::string &p, long long rowid, const Entry &e) {
  FtsValues v = fts_values(e);
  std::string t = fts_table(p);
  StmtUse s(cached("INSERT INTO " + t + "(" + t +
                   ", rowid, question, alternates, title, answer) VALUES('delete', ?1, ?2, ?3, ?4, "
                   "?5)"));
  s.bind(1, rowid).bind(2, v.question).bind(3, v.alternates).bind(4, v.title).bind(5, v.answer);
  PostingEdits &edits = pending_postings_[p];
  Recording rec(sink_, edits, rowid, true);
  s.step();
  rec.finish(edits);
}

void Store::flush_if_large() {
  size_t pending = 0;
  for (const auto &[lang, pe] : pending_postings_) pending += pe.edits.size();
  if (pending <= next_flush_at_) return;
  flush_postings(false);
  // What stays pending is the newest chunks' edits: the next partial flush waits until the
  // bound's worth more has come (checking after every row would copy them row after row).
  pending = 0;
  for (const auto &[lang, pe] : pending_postings_) pending += pe.edits.size();
  next_flush_at_ = pending + max_pending_edits_;
}

void Store::bump_generation() {
  if (!lexicon_new_.empty()) {
    std::sort(lexicon_new_.begin(), lexicon_new_.end(), [&](uint32_t a, uint32_t b) {
      return lexicon_terms_.term(a) < lexicon_terms_.term(b);
    });
    StmtUse ins(cached("INSERT INTO lexicon(term, id) VALUES(?1, ?2)"));
    for (uint32_t local : lexicon_new_) {
      ins.reset();
      ins.bind(1, lexicon_terms_.term(local)).bind(2, static_cast<long long>(lexicon_ids_[local]));
      ins.step();
    }
    lexicon_new_.clear();
    StmtUse put(cached("INSERT OR REPLACE INTO meta(key, value) VALUES('lexicon_next', ?1)"));
    put.bind(1, std::to_string(lexicon_next_));
    put.step();
  }
  exec(db_, "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'");
}

void Store::put(const Entry &e, bool replace) {
  const std::string p = primary(e.lang);
  begin_write(false);
  ensure_fts(p);
  put_one(e, p, replace);
  flush_postings(true);
  bump_generation();
}

void Store::put_one(const Entry &e, const std::string &p, bool replace,
                    const PreparedEntry *ahead) {
  StmtUse find(cached("SELECT rowid FROM entries WHERE id = ?1 AND lang = ?2"));
  find.bind(1, e.id).bind(2, e.lang);
  long long rowid = -1;
  if (find.step()) rowid = find.int64(0);
  if (rowid >= 0) {
    if (!replace)
      throw Error(Status::kExists,
                  "an entry with id \"" + e.id + "\" and lang \"" + e.lang + "\" exists already");
    Entry old = load(rowid);
    delete_fts(primary(old.lang), rowid, old);
  }
  // A plain INSERT or UPDATE: INSERT OR REPLACE would open a statement journal per row, which
  // makes FTS5 flush its pending terms for every entry (a third of bulk indexing time).
  StmtUse ins(
      cached(rowid >= 0 ? "UPDATE entries SET id = ?2, lang = ?3, plang = ?4, kind = ?5, "
                          "question = ?6, alternates = ?7, answer = ?8, title = ?9, section = ?10, "
                          "tags = ?11, follow_ups = ?12, meta = ?13, source = ?14 WHERE rowid = ?1"
                        : "INSERT INTO entries(rowid, id, lang, plang, kind, question, alternates, "
                          "answer, title, section, tags, follow_ups, meta, source) VALUES(?1, ?2, "
                          "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"));
  if (rowid >= 0)
    ins.bind(1, rowid);
  else
    ins.bind_null(1);
  ins.bind(2, e.id).bind(3, e.lang).bind(4, p).bind(5, e.kind).bind(6, e.question);
  ins.bind(7, json(e.alternates).dump()).bind(8, e.answer).bind(9, e.title).bind(10, e.section);
  ins.bind(11, json(e.tags).dump()).bind(12, json(e.follow_ups).dump()).bind(13, e.meta.dump());
  ins.bind(14, e.source);
  ins.step();
  if (rowid < 0) rowid = sqlite3_last_insert_rowid(db_);
  insert_fts(p, rowid, e, ahead);
}

int Store::remove(const std::string &id, const std::string &lang) {
  StmtUse find(cached(lang.empty() ? "SELECT rowid FROM entries WHERE id = ?1"
                                   : "SELECT rowid FROM entries WHERE id = ?1 AND lang = ?2"));
  find.bind(1, id);
  if (!lang.empty()) find.bind(2, lang);
  std::vector<long long> rows;
  while (find.step()) rows.push_back(find.int64(0));
  begin_write(false);
  for (long long r : rows) {
    Entry old = load(r);
    delete_fts(primary(old.lang), r, old);
    StmtUse del(cached("DELETE FROM entries WHERE rowid = ?1"));
    del.bind(1, r);
    del.step();
    StmtUse del_analysis(cached("DELETE FROM analyses WHERE rowid = ?1"));
    del_analysis.bind(1, r);
    del_analysis.step();
  }
  flush_postings(true);
  if (!rows.empty()) bump_generation();
  return static_cast<int>(rows.size());
}

void Store::merge_settings(const LanguageSettings &s) {
  auto cur = settings(s.lang);
  LanguageSettings m = cur ? *cur : LanguageSettings{s.lang, "", {}};
  if (!s.fallback.empty()) m.fallback = s.fallback;
  for (const auto &set : s.synonyms)
    if (std::find(m.synonyms.begin(), m.synonyms.end(), set) == m.synonyms.end())
      m.synonyms.push_back(set);
  StmtUse put(
      cached("INSERT OR REPLACE INTO settings(lang, fallback, synonyms) VALUES(?1, ?2, ?3)"));
  put.bind(1, m.lang).bind(2, m.fallback).bind(3, json(m.synonyms).dump());
  put.step();
}

namespace {
// A larger page cache while one write makes many entries: applying the postings reads back the
// chunks written earlier in the same transaction, and with SQLite's default 2 MB those reads
// went to the write-ahead log, whose lookups grow with it (a third of a million-entry build).
// Each page the cache spills is written to the log again when it changes again: 512 MB instead
// of 128 took a tenth off the million-entry build. The cache is given back afterwards.
class BulkCache {
 public:
  BulkCache(sqlite3 *db, size_t entries) : db_(db) {
    if (entries < 1000) return;
    exec(db_, "PRAGMA cache_size = -524288");  // 512 MB, allocated only as pages are used
    active_ = true;
  }
  ~BulkCache() {
    if (!active_) return;
    sqlite3_exec(db_, "PRAGMA cache_size = -2000; PRAGMA shrink_memory", nullptr, nullptr, nullptr);
  }
  BulkCache(const BulkCache &) = delete;
  BulkCache &operator=(const BulkCache &) = delete;

 private:
  sqlite3 *db_;
  bool active_ = false;
};
}  // namespace

void Store::write_corpus(const Corpus &c, bool replace_all) {
  BulkCache cache(db_, c.entries.size());
  begin_write(replace_all);
  if (replace_all) {
    for (const auto &p : languages()) exec(db_, ("DROP TABLE IF EXISTS " + fts_table(p)).c_str());
    exec(db_,
         "DELETE FROM entries; DELETE FROM settings; DELETE FROM terms; DELETE FROM postings; "
         "DELETE FROM analyses; DELETE FROM lexicon; DELETE FROM meta WHERE key = 'lexicon_next';");
  }
  // The settings of a language given in this call replace the stored ones (so a re-indexed file
  // that dropped a synonym set really drops it); several documents of one language in the same
  // call are merged.
  std::set<std::string> replaced;
  for (const auto &s : c.settings) {
    if (replaced.insert(s.lang).second) {
      StmtUse del(cached("DELETE FROM settings WHERE lang = ?1"));
      del.bind(1, s.lang);
      del.step();
    }
    merge_settings(s);
  }
  // The helper's analyzers, one per language, used on its thread only (declared before the
  // helper, so that they outlive it).
  std::map<std::string, std::unique_ptr<analysis::Analyzer>> helper_analyzers;
  std::unique_ptr<AheadAnalysis> ahead;
  if (write_threads_ >= 2 && sink_ && c.entries.size() >= kAheadMinEntries &&
      std::thread::hardware_concurrency() != 1) {
    try {
      ahead = std::make_unique<AheadAnalysis>(
          c.entries.size(), [&c, &helper_analyzers](size_t i, PreparedEntry &out) {
            const Entry &e = c.entries[i];
            const std::string p = primary(e.lang);
            auto &a = helper_analyzers[p];
            if (!a) a = std::make_unique<analysis::Analyzer>(p);
            FtsValues v = fts_values(e);
            std::string *texts[kFtsColumns] = {&v.question, &v.alternates, &v.title, &v.answer};
            for (int k = 0; k < kFtsColumns; ++k) {
              out.texts[k] = std::move(*texts[k]);
              a->tokens(out.texts[k], out.tokens[k]);
            }
            const std::vector<std::string> ph = phrasings(e);
            out.phrasings.resize(ph.size());
            for (size_t k = 0; k < ph.size(); ++k) out.phrasings[k] = a->words(ph[k], true);
            out.lang = p;  // last: an entry that threw half-way stays unprepared
          });
    } catch (const std::system_error &) {
      ahead.reset();  // no thread to be had: the write analyzes as it goes
    }
  }
  std::set<std::string> have_table;
  for (size_t i = 0; i < c.entries.size(); ++i) {
    const Entry &e = c.entries[i];
    const std::string p = primary(e.lang);
    if (have_table.insert(p).second) ensure_fts(p);
    put_one(e, p, true, ahead ? ahead->get(i) : nullptr);
    flush_if_large();
  }
  flush_postings(true);
  bump_generation();
}

void Store::compact_after(const Corpus &c) {
  // A bulk write leaves a table in many FTS5 segments, and every question then merges each
  // term's lists across all of them (6% of a question's instructions at 10k entries). When
  // the write made a good part of the table, merging it into one segment is cheap beside it.
  std::map<std::string, long long> written;  // entries per table
  for (const auto &e : c.entries) ++written[primary(e.lang)];
  for (const auto &[p, n] : written)
    if (n >= 1000 && n * 4 >= entry_count(p)) optimize_fts(p);
}

void Store::optimize_fts(const std::string &p) {
  const std::string t = fts_table(p);
  exec(db_, ("INSERT INTO " + t + "(" + t + ") VALUES('optimize')").c_str());
}

void Store::rebuild() {
  for (const auto &p : languages()) exec(db_, ("DROP TABLE IF EXISTS " + fts_table(p)).c_str());
  ensure_terms_table();
  ensure_postings_table();
  ensure_analyses_table();
  // The lexicon too: every analysis is written again, and ids start low again.
  exec(db_,
       "DELETE FROM terms; DELETE FROM postings; DELETE FROM analyses; DELETE FROM lexicon;"
       "DELETE FROM meta WHERE key = 'lexicon_next'");
  begin_write(true);
  StmtUse all(cached("SELECT rowid FROM entries ORDER BY rowid"));
  std::vector<long long> rows;
  while (all.step()) rows.push_back(all.int64(0));
  BulkCache cache(db_, rows.size());
  std::set<std::string> made;
  for (long long r : rows) {
    Entry e = load(r);
    std::string p = primary(e.lang);
    if (made.insert(p).second) ensure_fts(p);
    insert_fts(p, r, e);
    flush_if_large();
  }
  flush_postings(true);
  for (const auto &p : made) optimize_fts(p);
  StmtUse put(cached("INSERT OR REPLACE INTO meta(key, value) VALUES('analyzer', ?1)"));
  put.bind(1, fingerprint());
  put.step();
  bump_generation();
}

Stmt &Store::cached(const std::string &sql) {
  auto it = stmts_.find(sql);
  if (it == stmts_.end()) it = stmts_.emplace(sql, Stmt(db_, sql)).first;
  it->second.reset();
  return it->second;
}

Entry Store::load(long long rowid, bool alternates) {
  // Prepared once per store: answering loads a dozen entries per question, and preparing the
  // statement cost more than running it.
  StmtUse q(cached(
      "SELECT id, lang, kind, question, alternates, answer, title, section, tags, follow_ups, "
      "meta, source FROM entries WHERE rowid = ?1"));
  q.bind(1, rowid);
  if (!q.step()) throw Error(Status::kNotFound, "no entry with rowid " + std::to_string(rowid));
  Entry e;
  e.id = q.text(0);
  e.lang = q.text(1);
  e.kind = q.text(2);
  e.question = q.text(3);
  if (alternates) e.alternates = json_strings(q.text(4));
  e.answer = q.text(5);
  e.title = q.text(6);
  e.section = q.text(7);
  e.tags = json_strings(q.text(8));
  e.follow_ups = json_strings(q.text(9));
  const std::string meta = q.text(10);
  if (meta != "{}") e.meta = json::parse(meta, nullptr, false);  // Entry::meta starts as {}
  if (e.meta.is_discarded()) e.meta = json::object();
  e.source = q.text(11);
  return e;
}

size_t Store::phrasing_count(const Entry &e) {
  return (e.question.empty() ? 0 : 1) + e.alternates.size() + (e.title.empty() ? 0 : 1);
}

std::vector<std::string> Store::phrasings(const Entry &e) {
  std::vector<std::string> out;
  if (!e.question.empty()) out.push_back(e.question);
  for (const auto &a : e.alternates) out.push_back(a);
  if (!e.title.empty()) out.push_back(e.title);
  return out;
}

void Store::analysis(long long rowid, StoredAnalysis &out) {
  StmtUse q(
      cached("SELECT a.data, e.id, e.answer FROM entries e "
             "LEFT JOIN analyses a ON a.rowid = e.rowid WHERE e.rowid = ?1"));
  q.bind(1, rowid);
  if (!q.step()) throw Error(Status::kNotFound, "no entry with rowid " + std::to_string(rowid));
  const int type = sqlite3_column_type(q.get(), 0);
  const auto *data = static_cast<const unsigned char *>(sqlite3_column_blob(q.get(), 0));
  const auto size = static_cast<size_t>(sqlite3_column_bytes(q.get(), 0));
  const auto answer_bytes = static_cast<size_t>(sqlite3_column_bytes(q.get(), 2));
  if (type != SQLITE_BLOB || !decode_analysis(data, size, answer_bytes, out))
    throw Error(Status::kCorrupt, "damaged index: the stored analysis of entry \"" + q.text(1) +
                                      "\" is " + (type == SQLITE_NULL ? "missing" : "unreadable") +
                                      "; rebuild the index");
  count_answer_chars(
      out, std::string_view(reinterpret_cast<const char *>(sqlite3_column_text(q.get(), 2)),
                            answer_bytes));
}

std::optional<Entry> Store::get(const std::string &id, const std::string &lang) {
  StmtUse q(cached(
      lang.empty() ? "SELECT rowid FROM entries WHERE id = ?1 ORDER BY lang <> 'en', lang LIMIT 1"
                   : "SELECT rowid FROM entries WHERE id = ?1 AND (lang = ?2 OR plang = ?2) "
                     "ORDER BY lang <> ?2 LIMIT 1"));
  q.bind(1, id);
  if (!lang.empty()) q.bind(2, lang);
  if (!q.step()) return std::nullopt;
  return load(q.int64(0));
}

std::vector<std::string> Store::languages() {
  Stmt q(db_,
         "SELECT substr(name, 5) FROM sqlite_master WHERE type = 'table' AND name LIKE 'fts\\_%' "
         "ESCAPE '\\' AND sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name");
  std::vector<std::string> out;
  while (q.step()) out.push_back(q.text(0));
  return out;
}

std::optional<LanguageSettings> Store::settings(const std::string &p) {
  StmtUse q(cached("SELECT fallback, synonyms FROM settings WHERE lang = ?1"));
  q.bind(1, p);
  if (!q.step()) return std::nullopt;
  LanguageSettings s;
  s.lang = p;
  s.fallback = q.text(0);
  json j = json::parse(q.text(1), nullptr, false);
  if (j.is_array())
    for (const auto &set : j) {
      std::vector<std::string> words;
      if (set.is_array())
        for (const auto &w : set)
          if (w.is_string()) words.push_back(w.get<std::string>());
      if (words.size() >= 2) s.synonyms.push_back(std::move(words));
    }
  return s;
}

long long Store::generation() {
  StmtUse q(cached("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'"));
  return q.step() ? q.int64(0) : 0;
}

long long Store::entry_count(const std::string &p) {
  StmtUse q(cached("SELECT count(*) FROM entries WHERE plang = ?1"));
  q.bind(1, p);
  return q.step() ? q.int64(0) : 0;
}

long long Store::entry_count() {
  StmtUse q(cached("SELECT count(*) FROM entries"));
  return q.step() ? q.int64(0) : 0;
}

}  // namespace faqlite::index
