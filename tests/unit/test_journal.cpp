// The journal a new index file is built under: SQLite's rollback journal during the first write
// (each page written once, straight into the file), WAL from then on (readers never wait for a
// writer). A write cut off part-way leaves a hot journal behind, which must roll the file back
// to its state before that write, and a read-only open must say what to do about it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "test_helpers.hpp"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The file format's own record of the journal: bytes 18 and 19 of the header are 1 for the
// rollback journal and 2 for WAL (https://www.sqlite.org/fileformat2.html).
int header_journal(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  char h[20] = {};
  in.read(h, sizeof h);
  REQUIRE(in.gcount() == 20);
  REQUIRE(h[18] == h[19]);
  return h[18];
}

long long entry_count(faqlite_engine *e) {
  char *out = nullptr;
  REQUIRE(faqlite_stats(e, &out) == FAQLITE_OK);
  const long long n = json::parse(out)["entries"].get<long long>();
  faqlite_free(out);
  return n;
}

std::string corpus_text(int entries) {
  std::string text;
  for (int k = 0; k < entries; ++k)
    text += "{\"id\": \"e" + std::to_string(k) + "\", \"question\": \"How do I renew licence " +
            std::to_string(k) + " of the fleet?\", \"answer\": \"Open the fleet page, licence " +
            std::to_string(k) + ".\"}\n";
  return text;
}

struct Snapshot {
  std::string from, to;
  bool journal_seen = false;
};

// Called between slices of the write, inside its transaction: copies the files as a crash at
// this moment would leave them on disk (the transaction's pages still in the process's memory).
int copy_mid_write(const char *, size_t done, size_t total, void *payload) {
  auto *s = static_cast<Snapshot *>(payload);
  if (done == 1000 && total > 1000 && !fs::exists(s->to)) {
    fs::copy_file(s->from, s->to);
    if (fs::exists(s->from + "-journal")) {
      fs::copy_file(s->from + "-journal", s->to + "-journal");
      s->journal_seen = true;
    }
  }
  return 0;  // go on
}

// A read-only open of a file holding a cut-off write: the engine, which must read the state
// before that write (SQLite rolls the journal back when the files are writable to this
// process), or nullptr after checking that the open failed with an error that says what to do.
faqlite_engine *open_readonly_or_refused(const std::string &path) {
  faqlite_engine *ro = nullptr;
  const int rc = faqlite_open(path.c_str(), "{\"readonly\": true}", &ro);
  if (rc == FAQLITE_OK) return ro;
  const std::string msg = faqlite_last_error();
  INFO(rc << " " << msg);
  REQUIRE(rc == FAQLITE_EREADONLY);
  REQUIRE(ro == nullptr);
  REQUIRE(msg.find("open it once without readonly") != std::string::npos);
  return nullptr;
}

// Entry e7's stored text, which the cut-off write of the spill test had changed.
bool e7_unchanged(faqlite_engine *e) {
  char *out = nullptr;
  REQUIRE(faqlite_get(e, "e7", nullptr, &out) == FAQLITE_OK);
  const bool unchanged = std::string(out).find("changed") == std::string::npos;
  faqlite_free(out);
  return unchanged;
}

}  // namespace

TEST_CASE("a new index file is written under the rollback journal once, then kept in WAL mode",
          "[journal][store]") {
  const std::string path = test::temp_path("journal-new.db");
  test::remove_index(path);
  {
    test::Engine e(path);
    REQUIRE(e.e);
    REQUIRE(header_journal(path) == 1);  // schema only: no WAL yet
    const std::string text = corpus_text(50);
    REQUIRE(faqlite_index_text(e, text.data(), static_cast<long>(text.size()), "a.jsonl",
                               nullptr) == FAQLITE_OK);
    REQUIRE(header_journal(path) == 2);
    REQUIRE_FALSE(fs::exists(path + "-journal"));
    // Later writes run under WAL: the log exists while the engine is open.
    REQUIRE(faqlite_put(e, "{\"id\": \"x\", \"question\": \"q\", \"answer\": \"a\"}", -1, 1) ==
            FAQLITE_OK);
    REQUIRE(fs::exists(path + "-wal"));
    REQUIRE(entry_count(e) == 51);
  }
  REQUIRE(header_journal(path) == 2);
  {
    test::Engine ro(path, "{\"readonly\": true}");
    REQUIRE(ro.e);
    REQUIRE(entry_count(ro) == 51);
  }
  test::remove_index(path);
}

TEST_CASE("an existing index file is put in WAL mode when opened for writing", "[journal][store]") {
  const std::string path = test::temp_path("journal-old.db");
  test::remove_index(path);
  {
    test::Engine e(path);
    REQUIRE(e.e);
    const std::string text = corpus_text(20);
    REQUIRE(faqlite_index_text(e, text.data(), static_cast<long>(text.size()), "a.jsonl",
                               nullptr) == FAQLITE_OK);
  }
  // As another tool might leave it.
  REQUIRE(test::exec_on_file(path, "PRAGMA journal_mode=DELETE") >= 0);
  REQUIRE(header_journal(path) == 1);
  {
    test::Engine e(path);
    REQUIRE(e.e);
    REQUIRE(header_journal(path) == 2);  // at once, before any write
    REQUIRE(entry_count(e) == 20);
  }
  test::remove_index(path);
}

TEST_CASE("a first write cut off part-way rolls back to the empty index; read-only says why",
          "[journal][store][crash]") {
  const std::string path = test::temp_path("journal-cut.db");
  const std::string copy = test::temp_path("journal-cut.copy.db");
  const std::string corpus = test::temp_path("journal-cut.jsonl");
  test::remove_index(path);
  test::remove_index(copy);
  const int n = 3000;
  {
    std::ofstream out(corpus);
    out << corpus_text(n);
  }
  Snapshot snap{path, copy};
  {
    test::Engine e(path);
    REQUIRE(e.e);
    const char *paths[] = {corpus.c_str()};
    REQUIRE(faqlite_index_paths(e, paths, 1, nullptr, copy_mid_write, &snap) == FAQLITE_OK);
    REQUIRE(entry_count(e) == n);
  }
  REQUIRE(fs::exists(copy));
  REQUIRE(snap.journal_seen);  // the write had begun: its journal was on disk

  // Read-only: the state before the cut-off write, or a refusal that says what to do; never the
  // half-written entries.
  if (faqlite_engine *ro = open_readonly_or_refused(copy)) {
    REQUIRE(entry_count(ro) == 0);
    faqlite_close(ro);
  }
  {
    // The writable open rolls it back: the empty index of before the write, usable at once.
    test::Engine e(copy);
    REQUIRE(e.e);
    REQUIRE(entry_count(e) == 0);
    json j = test::ask(e, "renew licence 7 of the fleet");
    REQUIRE_FALSE(j.contains("error"));
    REQUIRE(j["answers"].empty());
    const std::string text = corpus_text(10);
    REQUIRE(faqlite_index_text(e, text.data(), static_cast<long>(text.size()), "b.jsonl",
                               nullptr) == FAQLITE_OK);
    REQUIRE(entry_count(e) == 10);
    REQUIRE(test::top_id(test::ask(e, "renew licence 7 of the fleet")) == "e7");
  }
  REQUIRE_FALSE(fs::exists(copy + "-journal"));
  REQUIRE(header_journal(copy) == 2);
  test::remove_index(path);
  test::remove_index(copy);
  fs::remove(corpus);
}

TEST_CASE("a write cut off after it spilled pages into the file is never read half-done",
          "[journal][store][crash]") {
  // The engine's own bulk write keeps its pages in a large cache, so a cut-off write usually
  // leaves the file untouched; this one is made with a tiny cache that must spill changed pages
  // of the file before the commit, and the files are copied while that write is open.
  const std::string path = test::temp_path("journal-spill.db");
  const std::string copy = test::temp_path("journal-spill.copy.db");
  test::remove_index(path);
  test::remove_index(copy);
  {
    test::Engine e(path);
    REQUIRE(e.e);
    const std::string text = corpus_text(200);
    REQUIRE(faqlite_index_text(e, text.data(), static_cast<long>(text.size()), "a.jsonl",
                               nullptr) == FAQLITE_OK);
  }
  sqlite3 *db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  auto run = [&](const char *sql) {
    INFO(sql << ": " << sqlite3_errmsg(db));
    REQUIRE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
  };
  run("PRAGMA journal_mode=DELETE; PRAGMA cache_size=8; BEGIN");
  run("UPDATE entries SET answer = answer || ' changed' || hex(randomblob(300))");
  run("CREATE TABLE ballast(x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
      "WHERE i < 2000) INSERT INTO ballast SELECT randomblob(2000) FROM n");
  REQUIRE(fs::exists(path + "-journal"));
  fs::copy_file(path, copy);
  fs::copy_file(path + "-journal", copy + "-journal");
  run("ROLLBACK");
  sqlite3_close(db);
  // The copy's file holds spilled pages of the unfinished write: it is larger than before.
  REQUIRE(fs::file_size(copy) > fs::file_size(path));

  if (faqlite_engine *ro = open_readonly_or_refused(copy)) {
    REQUIRE(entry_count(ro) == 200);
    REQUIRE(e7_unchanged(ro));
    faqlite_close(ro);
  }
  {
    test::Engine e(copy);
    REQUIRE(e.e);
    REQUIRE(entry_count(e) == 200);
    REQUIRE(test::top_id(test::ask(e, "renew licence 7 of the fleet")) == "e7");
    REQUIRE(e7_unchanged(e));
  }
  REQUIRE_FALSE(fs::exists(copy + "-journal"));
  test::remove_index(path);
  test::remove_index(copy);
}
