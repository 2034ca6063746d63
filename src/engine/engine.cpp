#include "engine/engine.hpp"

#include <atomic>
#include <ctime>
#include <filesystem>
#include <string_view>

#include "analysis/language.hpp"
#include "analysis/utf.hpp"
#include "base/json_depth.hpp"
#include "index/corpus_reader.hpp"
#include "index/sqlite_util.hpp"

namespace faqlite::engine {
using nlohmann::json;

namespace {
std::atomic<unsigned long> memory_counter{0};
// The same bound as a corpus file's (index/corpus_reader.cpp).
constexpr int kMaxEntryDepth = 32;
}  // namespace

Engine::Engine(const std::string &path, const EngineOptions &opt) : opt_(opt) {
  if (path.empty()) throw Error(Status::kInvalid, "the index path is empty");
  memory_ = path == ":memory:";
  if (memory_) {
    // A named in-memory database of the memdb VFS, so that every pooled connection sees it.
    path_ = "file:/faqlite-mem-" + std::to_string(reinterpret_cast<uintptr_t>(this)) + "-" +
            std::to_string(++memory_counter) + "?vfs=memdb";
    if (opt_.readonly) throw Error(Status::kInvalid, "an in-memory index cannot be read-only");
  } else {
    path_ = path;
    std::error_code ec;
    bool exists = std::filesystem::exists(path, ec);
    if (!exists && (opt_.readonly || !opt_.create))
      throw Error(Status::kNotFound, "no index at \"" + path + "\"");
    if (exists && std::filesystem::is_directory(path, ec))
      throw Error(Status::kInvalid, "\"" + path + "\" is a folder, not an index file");
  }
  if (opt_.readonly) {
    auto s = new_session();
    index::OpenState st = s->store().check(false);
    if (st == index::OpenState::kNeedsRebuild)
      throw Error(Status::kVersion, "the index at \"" + path +
                                        "\" was built by another analyzer version and must be "
                                        "rebuilt; open it once without readonly");
    pool_.push_back(std::move(s));
    return;
  }
  writer_ = new_session();
  index::Store &store = writer_->store();
  index::OpenState st = store.check(opt_.create);
  // A new file keeps SQLite's rollback journal until its first write has committed (see
  // settle_journal()); any other file is put in WAL mode now.
  wal_pending_ = !memory_ && st == index::OpenState::kFresh;
  if (!memory_ && !wal_pending_)
    index::exec(writer_->db(), "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL");
  if (st == index::OpenState::kFresh) {
    index::Transaction tx(writer_->db(), true);
    store.create_schema();
    tx.commit();
  } else if (st == index::OpenState::kNeedsRebuild) {
    index::Transaction tx(writer_->db(), true);
    store.rebuild();
    tx.commit();
  }
}

Engine::~Engine() {
  pool_.clear();
  writer_.reset();
}

std::unique_ptr<Session> Engine::new_session() {
  return std::make_unique<Session>(path_, memory_, opt_.readonly, opt_.busy_timeout_ms, lists_,
                                   cache_budget_, length_caches_);
}

std::unique_ptr<Session> Engine::acquire() {
  {
    std::lock_guard<std::mutex> lock(pool_mu_);
    if (!pool_.empty()) {
      auto s = std::move(pool_.back());
      pool_.pop_back();
      return s;
    }
  }
  return new_session();
}

void Engine::release(std::unique_ptr<Session> s) {
  std::lock_guard<std::mutex> lock(pool_mu_);
  pool_.push_back(std::move(s));
}

std::vector<std::string> Engine::languages(Session &s, long long generation) {
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    if (languages_generation_ == generation) return languages_;
  }
  std::vector<std::string> langs = s.store().languages();
  std::lock_guard<std::mutex> lock(cache_mu_);
  languages_ = langs;
  languages_generation_ = generation;
  return langs;
}

Engine::LanguageCache Engine::language_cache(Session &s, const std::string &lang,
                                             long long generation, bool vocabulary) {
  LanguageCache c;
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    auto it = caches_.find(lang);
    if (it != caches_.end() && it->second.generation == generation) {
      if (!vocabulary || it->second.vocabulary) return it->second;
      c = it->second;  // settings known; the vocabulary is loaded below
    }
  }
  // Built outside the lock (a vocabulary can be large); two threads may both build it once.
  if (c.generation != generation) {
    c.generation = generation;
    auto settings = s.store().settings(lang);
    if (settings) {
      c.fallback = settings->fallback;
      c.synonyms = std::make_shared<search::SynonymTable>(settings->synonyms, s.analyzer(lang));
    } else {
      c.synonyms = std::make_shared<search::SynonymTable>();
    }
  }
  if (vocabulary) c.vocabulary = search::Vocabulary::load(s.db(), lang);
  std::lock_guard<std::mutex> lock(cache_mu_);
  LanguageCache &slot = caches_[lang];
  // Another thread may have loaded the vocabulary meanwhile: keep the one that has it.
  if (slot.generation != generation || (c.vocabulary && !slot.vocabulary)) slot = c;
  return slot;
}

Engine::WriteTurn::WriteTurn(Engine &e) : engine(e) {
  if (e.memory_) e.gate_.enter_write(std::chrono::milliseconds(e.opt_.busy_timeout_ms));
}

Engine::WriteTurn::~WriteTurn() {
  if (engine.memory_) engine.gate_.leave_write();
}

void Engine::write(const std::function<void(index::Store &)> &fn) {
  if (opt_.readonly) throw Error(Status::kReadOnly, "the engine was opened read-only");
  std::lock_guard<std::mutex> lock(write_mu_);
  WriteTurn turn(*this);
  index::Transaction tx(writer_->db(), true);
  fn(writer_->store());
  tx.commit();
  settle_journal();
}

// The first write into a new file (usually the whole corpus) runs under the rollback journal:
// pages past the file's old end need no journal entry, so each page is written once, straight
// into the file. Under WAL every page went to the log first and was copied into the file by the
// checkpoint, and the log's lookups grew with the write: the rollback journal took 13 % off a
// 100,000-entry build and 15 % off a million-entry one (docs/BENCHMARKS.md, change 54). A crash
// part-way leaves a hot journal, which the next writable open rolls back to the empty schema. After
// that first write the file goes to WAL for good, so readers are never blocked by a writer.
void Engine::settle_journal() {
  if (!wal_pending_) return;
  // A reader of another process can hold the lock this needs: then the next write tries again.
  // The write itself has committed either way, so a failure here is not reported. The pragma
  // answers with the mode in force afterwards, which stays the old one when it could not change.
  sqlite3_stmt *q = nullptr;
  bool wal = false;
  if (sqlite3_prepare_v2(writer_->db(), "PRAGMA journal_mode=WAL", -1, &q, nullptr) == SQLITE_OK &&
      sqlite3_step(q) == SQLITE_ROW) {
    const unsigned char *mode = sqlite3_column_text(q, 0);
    wal = mode && std::string_view(reinterpret_cast<const char *>(mode)) == "wal";
  }
  sqlite3_finalize(q);
  if (!wal) return;
  sqlite3_exec(writer_->db(), "PRAGMA synchronous=NORMAL", nullptr, nullptr, nullptr);
  wal_pending_ = false;
}

void Engine::index_paths(const std::vector<std::string> &paths, const IndexOptions &opt,
                         const ProgressFn &progress) {
  if (paths.empty()) throw Error(Status::kInvalid, "no corpus files or folders given");
  index::ReadOptions ro;
  ro.default_lang = opt.lang;
  ro.max_entry_bytes = opt_.max_entry_bytes;
  ro.max_entries = opt_.max_corpus_entries;
  ro.threads = opt.threads;
  index::Corpus c = index::read_corpus_paths(paths, ro, [&](const std::string &f, size_t n) {
    if (progress && !progress(f, n, n)) throw Error(Status::kError, "indexing cancelled");
  });
  write([&](index::Store &st) {
    st.set_write_threads(opt.threads);
    if (!progress) {
      st.write_corpus(c, opt.replace_all);
      st.compact_after(c);
      return;
    }
    // Write in slices to report progress; still one transaction.
    index::Corpus slice;
    slice.settings = c.settings;
    const size_t total = c.entries.size();
    bool first = true;
    for (size_t i = 0; i < total || first; i += 1000) {
      slice.entries.assign(c.entries.begin() + static_cast<long>(std::min(i, total)),
                           c.entries.begin() + static_cast<long>(std::min(i + 1000, total)));
      st.write_corpus(slice, opt.replace_all && first);
      slice.settings.clear();
      first = false;
      if (!progress("index", std::min(i + 1000, total), total))
        throw Error(Status::kError, "indexing cancelled");
      if (total == 0) break;
    }
    st.compact_after(c);
  });
}

void Engine::index_text(std::string_view text, const std::string &source, const IndexOptions &opt) {
  index::ReadOptions ro;
  ro.default_lang = opt.lang;
  ro.max_entry_bytes = opt_.max_entry_bytes;
  ro.max_entries = opt_.max_corpus_entries;
  ro.threads = opt.threads;
  index::Corpus c = index::read_corpus_text(text, source, ro);
  write([&](index::Store &st) {
    st.set_write_threads(opt.threads);
    st.write_corpus(c, opt.replace_all);
    st.compact_after(c);
  });
}

void Engine::put(std::string_view entry_json, bool replace) {
  if (!analysis::is_valid_utf8(entry_json)) throw Error(Status::kFormat, "entry: invalid UTF-8");
  if (json_too_deep_at(entry_json, kMaxEntryDepth))
    throw Error(Status::kFormat,
                "entry: JSON nested deeper than " + std::to_string(kMaxEntryDepth) + " levels");
  json j = json::parse(entry_json.begin(), entry_json.end(), nullptr, false);
  if (j.is_discarded()) throw Error(Status::kFormat, "entry: invalid JSON");
  index::Entry e = index::entry_from_json(j, "entry", "en", opt_.max_entry_bytes);
  e.source = "api";
  write([&](index::Store &st) { st.put(e, replace); });
}

int Engine::remove(const std::string &id, const std::string &lang) {
  int n = 0;
  write([&](index::Store &st) { n = st.remove(id, lang); });
  if (n == 0)
    throw Error(Status::kNotFound, "no entry with id \"" + id + "\"" +
                                       (lang.empty() ? "" : " in language \"" + lang + "\""));
  return n;
}

void Engine::rebuild() {
  write([](index::Store &st) { st.rebuild(); });
}

std::string Engine::get(const std::string &id, const std::string &lang) {
  SessionLease s(*this);
  std::optional<index::Entry> e = s->store().get(id, lang);
  if (!e) throw Error(Status::kNotFound, "no entry with id \"" + id + "\"");
  return index::entry_to_json(*e).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string Engine::stats() {
  SessionLease s(*this);
  json j;
  {
    index::Transaction tx(s->db(), false);
    j["entries"] = s->store().entry_count();
    json per = json::object();
    index::Stmt &q = s->statement("SELECT lang, kind, count(*) FROM entries GROUP BY lang, kind");
    while (q.step()) per[q.text(0)][q.text(1)] = q.int64(2);
    q.reset();
    j["languages"] = per;
    j["generation"] = s->store().generation();
    tx.commit();
  }
  j["path"] = memory_ ? ":memory:" : path_;
  j["format"] = index::kFormatVersion;
  j["analyzer"] = index::Store::fingerprint();
  j["readonly"] = opt_.readonly;
  // A damaged page can hold bytes that are not UTF-8; the stats still print, with U+FFFD.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string Engine::analyze(std::string_view text, const std::string &lang, bool for_query) {
  if (!analysis::is_valid_utf8(text)) throw Error(Status::kInvalid, "text is not valid UTF-8");
  std::string p =
      lang.empty() ? analysis::detect_language(text, {}, "en") : analysis::primary_language(lang);
  if (p.empty()) throw Error(Status::kInvalid, "invalid language tag \"" + lang + "\"");
  analysis::Analyzer a(p);
  json out = json::array();
  for (const auto &w : a.words(text, for_query)) {
    std::vector<analysis::Token> toks;
    analysis::Analyzer::word_tokens(w, toks);
    for (const auto &t : toks) {
      std::string term = t.term;
      if (!term.empty() && term[0] == analysis::kStemPrefix) term = "stem:" + term.substr(1);
      json x = {{"term", term}, {"start", t.start}, {"end", t.end}, {"colocated", t.colocated}};
      if (for_query && w.stop) x["stop"] = true;
      out.push_back(x);
    }
  }
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

void Engine::log_unanswered(const Result &r, const std::string &normalized_query) {
  // Grouped by the question with its spacing collapsed, so "a  b" and " a b " count together.
  std::string q = normalized_query;
  if (q.size() > 500) {
    size_t n = 500;  // cut at a character boundary: the log must stay valid UTF-8
    while (n > 0 && (static_cast<unsigned char>(q[n]) & 0xC0) == 0x80) --n;
    q.resize(n);
  }
  std::lock_guard<std::mutex> lock(write_mu_);
  WriteTurn turn(*this);
  index::Transaction tx(writer_->db(), true);
  index::Stmt &s = writer_->statement(
      "INSERT INTO unanswered(query, lang, outcome, count, last_seen) VALUES(?1, ?2, ?3, 1, ?4) "
      "ON CONFLICT(query, lang) DO UPDATE SET count = count + 1, outcome = excluded.outcome, "
      "last_seen = excluded.last_seen");
  s.bind(1, q).bind(2, r.lang).bind(3, outcome_name(r.outcome));
  s.bind(4, static_cast<long long>(std::time(nullptr)));
  s.step();
  s.reset();
  tx.commit();
  settle_journal();
}

std::string Engine::unanswered(int limit) {
  SessionLease s(*this);
  json out = json::array();
  {
    index::Stmt &q = s->statement(
        "SELECT query, lang, count, outcome, last_seen FROM unanswered ORDER BY count DESC, "
        "last_seen DESC LIMIT ?1");
    q.bind(1, static_cast<long long>(limit > 0 ? limit : 100));
    while (q.step())
      out.push_back({{"query", q.text(0)},
                     {"lang", q.text(1)},
                     {"count", q.int64(2)},
                     {"outcome", q.text(3)},
                     {"last_seen", q.int64(4)}});
    q.reset();
  }
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace faqlite::engine
