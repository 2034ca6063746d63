// One SQLite connection with everything a thread needs to use it: the faqlite tokenizer and
// ranking functions registered, analyzers per language, and prepared statements. Sessions are
// pooled by the Engine; a session is used by one thread at a time.
#pragma once

#include <sqlite3.h>

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/analyzer.hpp"
#include "engine/cache_budget.hpp"
#include "engine/list_cache.hpp"
#include "engine/rowid_index.hpp"
#include "index/sqlite_util.hpp"
#include "index/store.hpp"
#include "search/length_cache.hpp"
#include "search/phrasing_match.hpp"
#include "search/query_terms.hpp"
#include "search/rank_function.hpp"
#include "search/snippet.hpp"

namespace faqlite::engine {

class Session {
 public:
  Session(const std::string &path, bool memory, bool readonly, int busy_timeout_ms,
          std::shared_ptr<ListCache> lists, std::shared_ptr<CacheBudget> budget,
          std::shared_ptr<search::LengthCaches> lengths);
  ~Session();
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;

  sqlite3 *db() const { return db_; }
  index::Store &store() { return *store_; }
  search::RankContext &rank_context() { return rank_ctx_; }
  analysis::Analyzer &analyzer(const std::string &primary_lang);
  // A prepared statement kept for the life of the session, reset and ready to bind.
  index::Stmt &statement(const std::string &sql);

  // What answering reads from an entry's stored analysis (index/entry_analysis.hpp), kept
  // across questions with the term table it uses: the phrasings (re-rank) and the answer
  // (snippets; its ranges are into the stored answer text). Dropped after any write, which bumps
  // the index generation, also when another process wrote. A returned reference is valid until
  // the next call.
  const search::AnalyzedPhrasings &entry_phrasings(long long generation, long long rowid);
  const search::SnippetText &entry_answer(long long generation, long long rowid);
  // query_terms() of `q` as lexicon ids, the ids those analyses name their terms by (a term no
  // entry has gets an id from kLexiconLimit up that matches nothing), kept for the question in
  // `slot` (its query's index).
  const search::QueryTerms &query_terms(const search::Query &q, size_t slot);
  // Called before a question's first entry_info(): the infos returned after it stay valid
  // until the next call (the cache is only emptied here, or when the generation changes). Sets
  // the rank context's length cache to the engine's one for `generation`.
  void begin_question(long long generation);
  // The fields of an entry that ranking reads for each candidate (null when no such row), and
  // the entry as answers show it (Store::load without alternates), kept like the analyses.
  struct EntryInfo {
    std::string id, kind, lang, section, follow_ups;  // follow_ups: the stored JSON array
    size_t id_hash = 0;  // of `id`: a question compares every candidate's id with the others'
    bool passage = false, chitchat = false;  // of `kind`, which ranking tests for every candidate
  };
  const EntryInfo *entry_info(long long generation, long long rowid);
  // Shared with answers, which may outlive its place in the cache.
  std::shared_ptr<const index::Entry> entry(long long generation, long long rowid);
  // Document frequencies of multi-term phrases (CJK words) counted while ranking, by table and
  // phrase, for one index generation: counting one reads the phrase's whole posting list.
  std::unordered_map<std::string, long long> &phrase_dfs(long long generation);

  // Phrase lists kept across questions, shared with the engine's other sessions.
  ListCache &lists() { return *lists_; }
  // A full-text table's row count (-1: not known yet) and column totals, for one generation.
  struct TableStats {
    long long rows = -1;
    long long totals[search::kColumns] = {0, 0, 0, 0};
  };
  TableStats &table_stats(long long generation, const std::string &table);

 private:
  sqlite3 *db_ = nullptr;
  index::TermSink term_sink_;  // the tokenizer's, for the store's term counts
  search::RankContext rank_ctx_;
  std::unique_ptr<index::Store> store_;
  std::map<std::string, std::unique_ptr<analysis::Analyzer>> analyzers_;
  std::map<std::string, index::Stmt> stmts_;
  struct EntryAnalysis {
    bool analyzed = false;
    search::AnalyzedPhrasings phrasings;
    search::SnippetText answer;
    std::shared_ptr<const index::Entry> entry;  // null until loaded
    size_t bytes = 0;                           // counted in entries_bytes_
  };
  // The entry's slot; empties the cache first when the generation changed or it is full.
  EntryAnalysis &entry_slot(long long generation, long long rowid);
  // The slot with its stored analysis decoded.
  EntryAnalysis &analyzed(long long generation, long long rowid);
  long long entries_generation_ = -1;
  // The cached entries in slots, found by rowid; freed slots are reused.
  std::vector<EntryAnalysis> entries_;
  std::vector<uint32_t> free_entries_;
  RowidIndex entry_index_;
  std::deque<long long> entries_order_;  // rowids, oldest first: the first to go when full
  void charge(EntryAnalysis &a, size_t bytes) {
    a.bytes += bytes;
    entries_bytes_ += bytes;
  }
  // What analyzed() decodes an analysis into before keeping its own form: reused, since a
  // question decodes about ten at 10k entries (each made some twenty allocations).
  index::StoredAnalysis decoded_;
  std::vector<search::QueryTerms> query_terms_;
  std::vector<char> query_terms_made_;  // per slot: made for this question
  // The lexicon ids of question terms looked up before, for one index generation (a write may
  // add terms; only a rebuild renumbers them): questions repeat their words. Terms the lexicon
  // lacks are numbered from kLexiconLimit up in the same table. Emptied by begin_question() when
  // the generation changed.
  uint32_t lexicon_id(std::string_view term);
  long long lexicon_generation_ = -1;
  index::TermTable lexicon_terms_;
  std::vector<uint32_t> lexicon_ids_;  // by lexicon_terms_ id
  // A cache emptied at once (after a write, or when its term table is full) is freed a little at
  // each use: freeing 16 MB of small analyses at once took one question 10-15 ms.
  std::vector<EntryAnalysis> retired_entries_;
  void free_some_retired();
  // Apart from the analyses: every candidate needs its info, and thirty candidates a question
  // would crowd the analyses of the few entries answered out of their budget. Emptied past
  // 20,000 infos (about 4 MB): at a million entries a long run otherwise grew it by 20 MB a
  // session; the phrase document frequencies below are bounded the same way.
  long long infos_generation_ = -1;
  std::deque<EntryInfo> infos_;  // a deque: the infos handed out stay where they are
  RowidIndex info_index_;
  size_t entries_bytes_ = 0;  // of entries_
  long long phrase_dfs_generation_ = -1;
  std::unordered_map<std::string, long long> phrase_dfs_;
  std::shared_ptr<ListCache> lists_;
  std::shared_ptr<CacheBudget> budget_;
  std::shared_ptr<search::LengthCaches> length_caches_;
  bool in_budget_ = false;  // joined budget_ (on its first cached entry)
  long long stats_generation_ = -1;
  std::map<std::string, TableStats> table_stats_;  // of stats_generation_
};

}  // namespace faqlite::engine
