#include "engine/session.hpp"

#include <functional>

#include "index/fts_tokenizer.hpp"

namespace faqlite::engine {

Session::Session(const std::string &path, bool memory, bool readonly, int busy_timeout_ms,
                 std::shared_ptr<ListCache> lists, std::shared_ptr<CacheBudget> budget,
                 std::shared_ptr<search::LengthCaches> lengths)
    : lists_(std::move(lists)), budget_(std::move(budget)), length_caches_(std::move(lengths)) {
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  flags |= readonly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (memory) flags |= SQLITE_OPEN_URI;
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw Error(index::status_of(rc), "cannot open index \"" + path + "\": " + msg);
  }
  try {
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    sqlite3_extended_result_codes(db_, 1);
    index::register_fts_tokenizer(db_, &term_sink_);
    search::register_rank_functions(db_, &rank_ctx_);
    store_ = std::make_unique<index::Store>(
        db_, &term_sink_,
        [this](const std::string &lang) -> analysis::Analyzer & { return analyzer(lang); });
  } catch (...) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw;
  }
}

Session::~Session() {
  if (in_budget_) budget_->leave();
  stmts_.clear();
  store_.reset();
  sqlite3_close_v2(db_);
}

analysis::Analyzer &Session::analyzer(const std::string &lang) {
  auto it = analyzers_.find(lang);
  if (it == analyzers_.end())
    it = analyzers_.emplace(lang, std::make_unique<analysis::Analyzer>(lang)).first;
  return *it->second;
}

index::Stmt &Session::statement(const std::string &sql) {
  auto it = stmts_.find(sql);
  if (it == stmts_.end()) it = stmts_.emplace(sql, index::Stmt(db_, sql)).first;
  it->second.reset();
  return it->second;
}

Session::EntryAnalysis &Session::entry_slot(long long generation, long long rowid) {
  // A few thousand entries' analyses: the answers asked for most stay, and the engine's memory
  // stays bounded (its budget is shared by the sessions that cache). Past the session's share
  // the oldest analyses go, one or two per new one, so that no question pays for freeing the
  // whole cache.
  if (!in_budget_) {
    budget_->join();
    in_budget_ = true;
  }
  const size_t budget = budget_->share();
  if (generation != entries_generation_) {
    // What is still retired from the last time goes now (it has had many questions to go).
    retired_entries_.clear();
    retired_entries_.swap(entries_);
    free_entries_.clear();
    entry_index_.clear();
    entries_order_.clear();
    entries_bytes_ = 0;
    entries_generation_ = generation;
  }
  free_some_retired();
  // At most a few at a time: when another session joins and the share shrinks, the excess goes
  // over the next questions rather than in one long pause.
  for (int evicted = 0; evicted < 16 && entries_bytes_ > budget && !entries_order_.empty();
       ++evicted) {
    const long long old = entries_order_.front();
    entries_order_.pop_front();
    const uint32_t slot = entry_index_.find(old);
    if (slot == RowidIndex::kNone) continue;
    entries_bytes_ -= entries_[slot].bytes;
    entries_[slot] = EntryAnalysis();
    entry_index_.erase(old);
    free_entries_.push_back(slot);
  }
  uint32_t slot = entry_index_.find(rowid);
  if (slot != RowidIndex::kNone) return entries_[slot];
  if (!free_entries_.empty()) {
    slot = free_entries_.back();
    free_entries_.pop_back();
  } else {
    slot = static_cast<uint32_t>(entries_.size());
    entries_.emplace_back();
  }
  entry_index_.insert(rowid, slot);
  entries_order_.push_back(rowid);
  return entries_[slot];
}

void Session::free_some_retired() {
  for (int n = 0; n < 8 && !retired_entries_.empty(); ++n) retired_entries_.pop_back();
}

std::unordered_map<std::string, long long> &Session::phrase_dfs(long long generation) {
  if (generation != phrase_dfs_generation_ || phrase_dfs_.size() > 20000) {
    phrase_dfs_.clear();
    phrase_dfs_generation_ = generation;
  }
  return phrase_dfs_;
}

Session::TableStats &Session::table_stats(long long generation, const std::string &table) {
  if (generation != stats_generation_) {
    table_stats_.clear();
    stats_generation_ = generation;
  }
  return table_stats_[table];
}

Session::EntryAnalysis &Session::analyzed(long long generation, long long rowid) {
  EntryAnalysis &a = entry_slot(generation, rowid);
  if (!a.analyzed) {
    // Both at once: the entries a question re-ranks are mostly the ones it shows.
    index::StoredAnalysis &stored = decoded_;
    store_->analysis(rowid, stored);
    a.phrasings = search::analyze_phrasings(stored, stored.terms);
    a.answer = search::snippet_text(stored, stored.terms);
    // The buffers of an answer of thousands of words (an entry may have a megabyte) are not
    // kept for the short ones after it: they would stay with the session, out of its budget.
    if (stored.answer.capacity() > 4096 || stored.terms.capacity() > 16384)
      decoded_ = index::StoredAnalysis();
    a.analyzed = true;
    size_t bytes = 64 + 8 + 64 + a.answer.bytes();  // its slot, index entry and place in order
    bytes += a.phrasings.bytes();
    charge(a, bytes);
  }
  return a;
}

const search::AnalyzedPhrasings &Session::entry_phrasings(long long generation, long long rowid) {
  return analyzed(generation, rowid).phrasings;
}

void Session::begin_question(long long generation) {
  std::fill(query_terms_made_.begin(), query_terms_made_.end(), 0);
  if (generation != lexicon_generation_ || lexicon_terms_.size() > 50000) {
    lexicon_terms_.clear();
    lexicon_ids_.clear();
    lexicon_generation_ = generation;
  }
  if (!rank_ctx_.lengths || rank_ctx_.lengths->generation() != generation)
    rank_ctx_.lengths = length_caches_->for_generation(generation);
  if (generation != infos_generation_ || infos_.size() >= 20000) {
    infos_.clear();
    info_index_.clear();
    infos_generation_ = generation;
  }
}

const Session::EntryInfo *Session::entry_info(long long generation, long long rowid) {
  if (generation != infos_generation_) begin_question(generation);
  const uint32_t at = info_index_.find(rowid);
  if (at != RowidIndex::kNone) return &infos_[at];
  index::Stmt &st =
      statement("SELECT id, kind, lang, section, follow_ups FROM entries WHERE rowid = ?1");
  st.bind(1, rowid);
  if (!st.step()) {
    st.reset();
    return nullptr;
  }
  EntryInfo info{st.text(0), st.text(1), st.text(2), st.text(3), st.text(4)};
  info.id_hash = std::hash<std::string>()(info.id);
  st.reset();
  info.passage = info.kind == "passage";
  info.chitchat = info.kind == "chitchat";
  info_index_.insert(rowid, static_cast<uint32_t>(infos_.size()));
  infos_.push_back(std::move(info));
  return &infos_.back();
}

std::shared_ptr<const index::Entry> Session::entry(long long generation, long long rowid) {
  EntryAnalysis &a = entry_slot(generation, rowid);
  if (!a.entry) {
    a.entry = std::make_shared<const index::Entry>(store_->load(rowid, false));
    const index::Entry &e = *a.entry;
    size_t bytes = 64 + sizeof e + e.id.size() + e.lang.size() + e.kind.size() + e.question.size() +
                   e.answer.size() + e.title.size() + e.section.size() + e.source.size() +
                   e.meta.dump().size();
    for (const auto &t : e.tags) bytes += 32 + t.size();
    for (const auto &f : e.follow_ups) bytes += 32 + f.size();
    charge(a, bytes);
  }
  return a.entry;
}

const search::QueryTerms &Session::query_terms(const search::Query &q, size_t slot) {
  if (slot >= query_terms_.size()) {
    query_terms_.resize(slot + 1);
    query_terms_made_.resize(slot + 1, 0);
  }
  if (!query_terms_made_[slot]) {
    search::query_terms(
        q, [&](std::string_view t) { return lexicon_id(t); }, query_terms_[slot]);
    query_terms_made_[slot] = 1;
  }
  return query_terms_[slot];
}

uint32_t Session::lexicon_id(std::string_view term) {
  const uint32_t local = lexicon_terms_.add(term);
  if (local < lexicon_ids_.size()) return lexicon_ids_[local];
  const long long id = store_->lexicon_find(term);
  // A term no analysis has: an id of its own that no stored one can equal, and distinct from
  // the other such terms (two different words must not match each other).
  lexicon_ids_.push_back(id >= 0 && id < static_cast<long long>(index::kLexiconLimit)
                             ? static_cast<uint32_t>(id)
                             : index::kLexiconLimit + local);
  return lexicon_ids_.back();
}

const search::SnippetText &Session::entry_answer(long long generation, long long rowid) {
  return analyzed(generation, rowid).answer;
}

}  // namespace faqlite::engine
