// The index file: schema, format checks, and every write.
//
// Layout of the SQLite file:
//   meta(key, value)         application, format version, analyzer fingerprint, generation
//   entries(rowid, id, lang, ...)   the entries as given (the source of truth)
//   settings(lang, fallback, synonyms)
//   unanswered(query, lang, outcome, count, last_seen)
//   terms(lang, term, df)    every index term of a full-text table with its document frequency,
//                            kept by each write (index/term_sink.hpp)
//   postings(lang, term, chunk, data)   every index term's rows with their occurrences per
//                            column and positions in the short fields (and in the answer, for
//                            CJK and other terms from U+0800 on), in chunks of 65,536 rowids
//                            (index/posting_edits.hpp), kept by each write: the list matcher
//                            reads them instead of asking FTS5
//   analyses(rowid, data)    each entry's answer and phrasings as its table's analyzer makes
//                            them, for snippets and the phrasing re-rank
//                            (index/entry_analysis.hpp), kept by each write
//   fts_<lang>               one contentless FTS5 table per primary language, tokenize='faqlite
//                            <lang>', columns question, alternates, title, answer; rowid =
//                            entries.rowid
// Because entries keep everything, the full-text tables can always be rebuilt, which is what
// happens when the analyzer fingerprint changes. A Store is a view over one connection; the
// caller owns transactions (every public write of the engine is one transaction).
#pragma once

#include <sqlite3.h>

#include <functional>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <unordered_map>
#include "analysis/analyzer.hpp"
#include "index/entry.hpp"
#include "index/entry_analysis.hpp"
#include "index/phrase_postings.hpp"
#include "index/posting_edits.hpp"
#include "index/sqlite_util.hpp"
#include "index/term_sink.hpp"

namespace faqlite::index {

constexpr int kFormatVersion = 1;

enum class OpenState { kFresh, kCurrent, kNeedsRebuild };

class Store {
 public:
  // The analyzer of a primary language, kept by the caller (the session's own, so that a
  // connection holds one per language).
  using AnalyzerOf = std::function<analysis::Analyzer &(const std::string &primary_lang)>;
  // `sink` is the one the connection's FTS5 tokenizer reports to (register_fts_tokenizer).
  Store(sqlite3 *db, TermSink *sink, AnalyzerOf analyzer_of)
      : db_(db), sink_(sink), analyzer_of_(std::move(analyzer_of)) {}

  // Checks that the file is a faqlite index of a readable version (throws kCorrupt/kVersion) and
  // whether its analyzer matches. With `create`, an empty database gets the schema.
  OpenState check(bool create);
  void create_schema();

  // The fingerprint written into new indexes: the analyzer's plus the column layout.
  static std::string fingerprint();

  // Writes a whole corpus (caller holds a write transaction). Existing (id, lang) are replaced.
  void write_corpus(const Corpus &c, bool replace_all);
  // After write_corpus() calls that together wrote `c`: merges into one FTS5 segment each table
  // that the write made a good part of (at least 1,000 entries and a quarter of the table).
  void compact_after(const Corpus &c);
  // Adds or replaces one entry; throws kExists when !replace and the entry exists.
  void put(const Entry &e, bool replace);
  // Deletes by id (all languages when lang is empty); returns the number removed.
  int remove(const std::string &id, const std::string &lang);
  // Drops and refills every full-text table from entries, and records the current fingerprint.
  void rebuild();

  // The rows of index term `term` in the full-text table of `primary_lang`, appended to `out`;
  // false when the term is in no row. Throws kCorrupt on a damaged blob. With `answer_hits`, the
  // answer's positions of a keeps_answer_positions() term come too (for phrases).
  bool read_postings(const std::string &primary_lang, const std::string &term, PostingList &out,
                     bool answer_hits = false);
  // The same postings as stored, undecoded (for phrase_postings()); false when none.
  bool read_encoded_postings(const std::string &primary_lang, const std::string &term,
                             EncodedPostings &out);

  // Pending posting edits past which a long write applies those of its older chunks before
  // going on (a million: about 60 MB). Tests lower it to exercise that path.
  void set_max_pending_edits(size_t n) { max_pending_edits_ = next_flush_at_ = n; }
  // Threads a bulk write may use: with 2 (the default), write_corpus() of kAheadMinEntries
  // entries or more analyzes the next entries on a helper thread while it writes
  // (index/ahead_analysis.hpp); with 1 everything stays on the caller's thread. The index is
  // the same either way.
  void set_write_threads(int n) { write_threads_ = n; }
  static constexpr size_t kAheadMinEntries = 256;
  // Columns whose tokens a helper thread made, since the store was made (tests, benchmarks).
  size_t replayed_columns() const { return sink_ ? sink_->replayed : 0; }

  std::optional<Entry> get(const std::string &id, const std::string &lang);
  // Without `alternates`, Entry::alternates stays empty (answering does not show them).
  Entry load(long long rowid, bool alternates = true);
  // The phrasings of an entry in order: question, alternates, title (empty ones left out).
  static std::vector<std::string> phrasings(const Entry &e);
  static size_t phrasing_count(const Entry &e);  // phrasings(e).size(), without copies
  // The stored analysis of an entry (its answer ranges checked against the answer). Throws
  // kCorrupt when it is missing or damaged, kNotFound when there is no such entry. Into `out`,
  // whose storage is reused (a session decodes a dozen analyses a question).
  void analysis(long long rowid, StoredAnalysis &out);
  // The lexicon id of `term` (the ids stored analyses name their terms by), or -1 when no
  // analysis written since the last rebuild had it.
  long long lexicon_find(std::string_view term);
  // Primary languages that have a full-text table, sorted.
  std::vector<std::string> languages();
  std::optional<LanguageSettings> settings(const std::string &primary_lang);
  long long generation();
  long long entry_count();
  long long entry_count(const std::string &primary_lang);

  static std::string fts_table(const std::string &primary_lang) { return "fts_" + primary_lang; }

 private:
  void ensure_fts(const std::string &primary_lang);
  // Merges the table's FTS5 segments into one (after bulk writes).
  void optimize_fts(const std::string &primary_lang);
  // put() without creating the table or bumping the generation (write_corpus does those once).
  // `ahead`: the entry's analysis made by a helper thread, or null.
  void put_one(const Entry &e, const std::string &primary_lang, bool replace,
               const PreparedEntry *ahead = nullptr);
  void insert_fts(const std::string &primary_lang, long long rowid, const Entry &e,
                  const PreparedEntry *ahead = nullptr);
  void delete_fts(const std::string &primary_lang, long long rowid, const Entry &e);
  void merge_settings(const LanguageSettings &s);
  // Ends a write that changed entries: stores the terms it added to the lexicon, and counts the
  // generation up.
  void bump_generation();
  void ensure_terms_table();
  void ensure_postings_table();
  void ensure_analyses_table();
  // The lexicon id of `term`, added when new (during a write).
  uint32_t lexicon_id(std::string_view term);
  // Applies the pending posting edits to `postings`, and the document frequency changes they
  // make to `terms` (at the end of each write, and during a long one when they pass a bound:
  // flush_if_large). A failed write's pending edits are dropped at the start of the next.
  void flush_postings(bool everything);
  // Starts a write's postings: drops what a failed write left pending, and notes the highest
  // rowid before the write (chunks above it need not be read back); none when the write has
  // emptied the postings.
  void begin_write(bool postings_emptied);
  void flush_if_large();
  // Statements are prepared once per Store: bulk indexing runs them once per entry.
  Stmt &cached(const std::string &sql);
  sqlite3 *db_;
  TermSink *sink_;
  AnalyzerOf analyzer_of_;
  AnalysisBuilder analysis_;            // of the row being inserted
  std::string analysis_blob_;           // its stored form
  std::vector<uint32_t> analysis_ids_;  // the lexicon ids of its terms
  // The lexicon ids this write has read or added, by term: a bulk write maps each entry's few
  // hundred terms, nearly all of them seen before. Emptied at the start of every write, so that
  // no id of a write that was rolled back outlives it.
  TermTable lexicon_terms_;
  std::vector<uint32_t> lexicon_ids_;  // by lexicon_terms_ id
  long long lexicon_next_ = -1;        // the id of the next new term; -1: not read yet
  std::vector<uint32_t> lexicon_new_;  // lexicon_terms_ ids of the terms new in this write
  // By primary language, the lexicon ids of the terms of the write's term table
  // (PostingEdits::terms, whose ids hold for the whole write); 0 where not looked up yet.
  std::map<std::string, std::vector<uint32_t>> lexicon_by_write_id_;
  std::map<std::string, Stmt> stmts_;
  std::map<std::string, PostingEdits> pending_postings_;  // by primary language
  long long max_rowid_before_ = -1;
  size_t max_pending_edits_ = 1'000'000;
  int write_threads_ = 2;
  size_t next_flush_at_ = 1'000'000;
};

}  // namespace faqlite::index
