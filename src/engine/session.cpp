#include "engine/session.hpp"

#include "index/fts_tokenizer.hpp"

namespace faqlite::engine {

Session::Session(const std::string &path, bool memory, bool readonly, int busy_timeout_ms) {
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
    index::register_fts_tokenizer(db_);
    search::register_rank_functions(db_, &rank_ctx_);
    store_ = std::make_unique<index::Store>(db_);
  } catch (...) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw;
  }
}

Session::~Session() {
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
  // About 64 bytes a term with its string and vector slots: some 16 MB per session at most.
  // Emptying the whole cache when full keeps it simple; what is asked often comes back at once.
  constexpr size_t kBudgetTerms = 250000;
  if (generation != entries_generation_ || entries_terms_ > kBudgetTerms) {
    entries_.clear();
    entries_terms_ = 0;
    entries_generation_ = generation;
  }
  return entries_[rowid];
}

const std::vector<search::AnalyzedPhrasing> &Session::entry_phrasings(long long generation,
                                                                      long long rowid,
                                                                      const std::string &lang) {
  EntryAnalysis &a = entry_slot(generation, rowid);
  if (!a.has_phrasings) {
    a.phrasings = search::analyze_phrasings(analyzer(lang), store_->phrasings(rowid));
    a.has_phrasings = true;
    size_t terms = 0;
    for (const auto &p : a.phrasings)
      for (const auto &w : p) terms += 1 + w.terms.size();
    entry_added(terms);
  }
  return a.phrasings;
}

const std::vector<search::SnippetToken> &Session::entry_answer(long long generation,
                                                               long long rowid,
                                                               const std::string &lang,
                                                               const std::string &answer) {
  EntryAnalysis &a = entry_slot(generation, rowid);
  if (!a.has_answer) {
    a.answer = search::snippet_tokens(analyzer(lang), answer);
    a.has_answer = true;
    size_t terms = 0;
    for (const auto &t : a.answer) terms += 1 + t.terms.size();
    entry_added(terms);
  }
  return a.answer;
}

}  // namespace faqlite::engine
