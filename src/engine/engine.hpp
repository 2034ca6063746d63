// The engine: an open index with a pool of sessions, the write path, and asking.
//
// Threading: any number of threads may call ask() and the read calls at once; each borrows a
// Session (its own SQLite connection and ICU objects) from the pool. Writes take the write mutex
// and run as one IMMEDIATE transaction on the writer session; in WAL mode readers keep reading
// the last committed version meanwhile, and every ask() reads inside one transaction, so an
// answer never mixes two versions of the index. An in-memory index has no WAL: there readers and
// the writer take turns through a fair gate (memory_gate.hpp).
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/cache_budget.hpp"
#include "engine/heap_trim.hpp"
#include "engine/memory_gate.hpp"
#include "engine/options.hpp"
#include "engine/result.hpp"
#include "engine/session.hpp"
#include "index/entry.hpp"
#include "search/synonyms.hpp"
#include "search/vocabulary.hpp"

namespace faqlite::engine {

using ProgressFn = std::function<bool(const std::string &source, size_t done, size_t total)>;

class Engine {
 public:
  Engine(const std::string &path, const EngineOptions &opt);
  ~Engine();

  const EngineOptions &options() const { return opt_; }

  Result ask(std::string_view question, const AskOptions &opt);

  void index_paths(const std::vector<std::string> &paths, const IndexOptions &opt,
                   const ProgressFn &progress);
  void index_text(std::string_view text, const std::string &source, const IndexOptions &opt);
  void put(std::string_view entry_json, bool replace);
  int remove(const std::string &id, const std::string &lang);
  void rebuild();
  std::string get(const std::string &id, const std::string &lang);
  std::string stats();
  static std::string analyze(std::string_view text, const std::string &lang, bool for_query);
  std::string unanswered(int limit);

 private:
  friend class SessionLease;
  struct LanguageCache {
    long long generation = -1;
    std::shared_ptr<const search::Vocabulary> vocabulary;
    std::shared_ptr<const search::SynonymTable> synonyms;
    std::string fallback;
  };
  std::unique_ptr<Session> new_session();
  std::unique_ptr<Session> acquire();
  void release(std::unique_ptr<Session> s);
  // The language's settings, and with `vocabulary` its vocabulary too (loading it reads every
  // term of the table: only the question's own language needs it, for spelling).
  LanguageCache language_cache(Session &s, const std::string &lang, long long generation,
                               bool vocabulary);
  std::vector<std::string> languages(Session &s, long long generation);
  void write(const std::function<void(index::Store &)> &fn);
  // Holds the in-memory gate for one write (nothing for a file index).
  struct WriteTurn {
    explicit WriteTurn(Engine &e);
    ~WriteTurn();
    WriteTurn(const WriteTurn &) = delete;
    WriteTurn &operator=(const WriteTurn &) = delete;
    Engine &engine;
  };
  void log_unanswered(const Result &r, const std::string &normalized_query);
  void settle_journal();  // with write_mu_ held

  std::string path_;
  bool memory_ = false;
  bool wal_pending_ = false;  // a new file, still under the rollback journal (settle_journal())
  EngineOptions opt_;
  MemoryGate gate_;  // used only when memory_
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<Session>> pool_;
  std::mutex write_mu_;
  // 8 MB of phrase lists for all sessions, none larger than 256 KB (list_cache.cpp). Lists read
  // from the postings cost little to read again; what the cache saves is the many small lists of
  // a question (at ten thousand entries, all of them) and FTS5 reading the phrases of several
  // terms (CJK words). At a million entries, caching the frequent words' lists too (48 MB)
  // answered no faster and cost 100 MB more resident memory with two threads.
  std::shared_ptr<ListCache> lists_ = std::make_shared<ListCache>(8u << 20);
  // Entry analyses and answered entries: each session caches its own (they hold ids of its own
  // term table), within its share of this budget (option "cache_mb").
  std::shared_ptr<CacheBudget> cache_budget_ = std::make_shared<CacheBudget>(opt_.cache_bytes);
  // Rows' column lengths, one array for all sessions (search/length_cache.hpp).
  std::shared_ptr<search::LengthCaches> length_caches_ = std::make_shared<search::LengthCaches>();
  HeapTrimmer trimmer_{opt_.trim_ms};
  std::unique_ptr<Session> writer_;
  std::mutex cache_mu_;
  std::map<std::string, LanguageCache> caches_;
  long long languages_generation_ = -1;
  std::vector<std::string> languages_;
};

// Borrows a session from the engine's pool for one scope.
class SessionLease {
 public:
  explicit SessionLease(Engine &e) : engine_(e) {
    if (e.memory_) {
      e.gate_.enter_read(std::chrono::milliseconds(e.opt_.busy_timeout_ms));
      gated_ = true;
    }
    try {
      session_ = e.acquire();
    } catch (...) {
      done_reading();
      throw;
    }
  }
  ~SessionLease() {
    done_reading();
    engine_.release(std::move(session_));
  }
  SessionLease(const SessionLease &) = delete;
  SessionLease &operator=(const SessionLease &) = delete;
  Session *operator->() { return session_.get(); }
  Session &operator*() { return *session_; }
  // Ends this lease's reads early (before a write the same call makes); the session stays lent.
  void done_reading() {
    if (gated_) engine_.gate_.leave_read();
    gated_ = false;
  }

 private:
  Engine &engine_;
  std::unique_ptr<Session> session_;
  bool gated_ = false;
};

}  // namespace faqlite::engine
