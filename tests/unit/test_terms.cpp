// The store's document frequencies (the `terms` table) and postings (the `postings` table) must
// equal what FTS5 itself holds, after every kind of write: they replace counting with fts5vocab
// and matching with FTS5, and the ranking and spelling read them, so a drift would silently
// change answers.
#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>

#include "analyzer_pool.hpp"
#include "index/fts_tokenizer.hpp"
#include "index/posting_edits.hpp"
#include "index/sqlite_util.hpp"
#include "index/store.hpp"
#include "test_helpers.hpp"

namespace {

using Counts = std::map<std::string, long long>;

Counts query_counts(sqlite3 *db, const std::string &sql) {
  Counts out;
  sqlite3_stmt *st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    out[std::string(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)),
                    static_cast<size_t>(sqlite3_column_bytes(st, 0)))] =
        sqlite3_column_int64(st, 1);
  REQUIRE(rc == SQLITE_DONE);
  sqlite3_finalize(st);
  return out;
}

// The primary languages that have a full-text table in the file.
std::set<std::string> fts_languages(sqlite3 *db) {
  std::set<std::string> langs;
  sqlite3_stmt *st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db,
                             "SELECT substr(name, 5) FROM sqlite_master WHERE type = 'table' AND "
                             "name LIKE 'fts\\_%' ESCAPE '\\' AND sql LIKE 'CREATE VIRTUAL%'",
                             -1, &st, nullptr) == SQLITE_OK);
  while (sqlite3_step(st) == SQLITE_ROW)
    langs.insert(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  return langs;
}

// Compares, for every full-text table of the file, fts5vocab's counts with the store's.
// Returns the number of languages compared.
size_t check_counts(const std::string &path) {
  sqlite3 *db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  faqlite::index::register_fts_tokenizer(db, nullptr);  // fts5vocab opens the tables
  const std::set<std::string> langs = fts_languages(db);
  for (const auto &l : langs) {
    INFO("language " << l);
    REQUIRE(sqlite3_exec(db,
                         ("CREATE VIRTUAL TABLE temp.v_" + l + " USING fts5vocab(main, 'fts_" + l +
                          "', 'row')")
                             .c_str(),
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    Counts fts = query_counts(db, "SELECT term, doc FROM temp.v_" + l);
    Counts kept = query_counts(db, "SELECT term, df FROM terms WHERE lang = '" + l + "'");
    REQUIRE(!fts.empty());
    REQUIRE(kept.size() == fts.size());
    REQUIRE(kept == fts);
  }
  Counts stray = query_counts(
      db,
      "SELECT lang, count(*) FROM terms WHERE lang NOT IN (SELECT substr(name, 5) FROM "
      "sqlite_master WHERE name LIKE 'fts\\_%' ESCAPE '\\') GROUP BY lang");
  REQUIRE(stray.empty());
  sqlite3_close(db);
  return langs.size();
}

// One term's rows as text, "rowid:tf,tf,tf,tf:col/off col/off ...;" per row, so that a
// difference reads plainly in the failure.
using Lists = std::map<std::string, std::string>;

// Compares, for every full-text table, the postings with FTS5's own index read through
// fts5vocab's 'instance' table (one row per occurrence: term, row, column, position).
void check_postings(const std::string &path) {
  using faqlite::index::PostingList;
  sqlite3 *db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  faqlite::index::register_fts_tokenizer(db, nullptr);
  const std::set<std::string> langs = fts_languages(db);
  sqlite3_stmt *st = nullptr;
  const std::map<std::string, int> column = {
      {"question", 0}, {"alternates", 1}, {"title", 2}, {"answer", 3}};
  for (const auto &l : langs) {
    INFO("language " << l);
    REQUIRE(sqlite3_exec(db,
                         ("CREATE VIRTUAL TABLE IF NOT EXISTS temp.i_" + l +
                          " USING fts5vocab(main, 'fts_" + l + "', 'instance')")
                             .c_str(),
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    // FTS5's: per term and row, the counts and the short columns' positions (and the answer's,
    // for terms that keep them), in index order.
    struct Row {
      int tf[4] = {0, 0, 0, 0};
      std::string hits;
    };
    std::map<std::string, std::map<long long, Row>> fts;
    REQUIRE(sqlite3_prepare_v2(db, ("SELECT term, doc, col, offset FROM temp.i_" + l).c_str(), -1,
                               &st, nullptr) == SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
      const std::string term(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)),
                             static_cast<size_t>(sqlite3_column_bytes(st, 0)));
      const int col = column.at(reinterpret_cast<const char *>(sqlite3_column_text(st, 2)));
      Row &r = fts[term][sqlite3_column_int64(st, 1)];
      ++r.tf[col];
      if (col < 3 || faqlite::index::keeps_answer_positions(term))
        r.hits += std::to_string(col) + "/" + std::to_string(sqlite3_column_int(st, 3)) + " ";
    }
    sqlite3_finalize(st);
    Lists expected, kept;
    for (const auto &[term, rows] : fts) {
      std::string &text = expected[term];
      for (const auto &[rowid, r] : rows)
        text += std::to_string(rowid) + ":" + std::to_string(r.tf[0]) + "," +
                std::to_string(r.tf[1]) + "," + std::to_string(r.tf[2]) + "," +
                std::to_string(r.tf[3]) + ":" + r.hits + ";";
    }
    // The store's, decoded chunk by chunk.
    std::map<std::string, PostingList> lists;
    REQUIRE(sqlite3_prepare_v2(db,
                               ("SELECT term, chunk, data FROM postings WHERE lang = '" + l +
                                "' ORDER BY term, chunk")
                                   .c_str(),
                               -1, &st, nullptr) == SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
      const std::string term(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)),
                             static_cast<size_t>(sqlite3_column_bytes(st, 0)));
      REQUIRE(faqlite::index::decode_chunk(
          static_cast<const unsigned char *>(sqlite3_column_blob(st, 2)),
          static_cast<size_t>(sqlite3_column_bytes(st, 2)), sqlite3_column_int64(st, 1), term, true,
          lists[term]));
    }
    sqlite3_finalize(st);
    for (const auto &[term, list] : lists) {
      std::string &text = kept[term];
      for (size_t i = 0; i < list.rows.size(); ++i) {
        const auto &r = list.rows[i];
        text += std::to_string(r.rowid) + ":" + std::to_string(r.tf[0]) + "," +
                std::to_string(r.tf[1]) + "," + std::to_string(r.tf[2]) + "," +
                std::to_string(r.tf[3]) + ":";
        for (size_t h = r.hits_begin; h < list.hits_end(i); ++h)
          text += std::to_string(list.hits[h].col) + "/" + std::to_string(list.hits[h].off) + " ";
        text += ";";
      }
    }
    REQUIRE(!expected.empty());
    REQUIRE(kept.size() == expected.size());
    for (const auto &[term, text] : expected) {
      INFO("term \"" << term << "\"");
      REQUIRE(kept.count(term) == 1);
      REQUIRE(kept[term] == text);
    }
  }
  Counts stray = query_counts(
      db,
      "SELECT lang, count(*) FROM postings WHERE lang NOT IN (SELECT substr(name, 5) FROM "
      "sqlite_master WHERE name LIKE 'fts\\_%' ESCAPE '\\') GROUP BY lang");
  REQUIRE(stray.empty());
  sqlite3_close(db);
}

}  // namespace

TEST_CASE("the store's term counts and postings equal FTS5's after every kind of write",
          "[store][terms]") {
  const std::string path = test::temp_path("terms.db");
  test::remove_index(path);
  {
    test::Engine e(path);
    REQUIRE(e.e);
    REQUIRE(test::index_path(e, FAQLITE_CORPUS_DIR) == FAQLITE_OK);
  }
  REQUIRE(check_counts(path) >= 5);  // the bundled corpus: several languages
  check_postings(path);
  {
    test::Engine e(path);
    // Replace an entry with different words, add one, delete one (in every language).
    REQUIRE(
        faqlite_put(
            e,
            R"({"id": "salary-median", "question": "What is the median pay?", "answer": "Zyxwv quokka pay."})",
            -1, 1) == FAQLITE_OK);
    REQUIRE(
        faqlite_put(
            e,
            R"({"id": "t-new", "lang": "fr", "question": "Quel salaire ?", "answer": "Un salaire inédit."})",
            -1, 0) == FAQLITE_OK);
    // Chinese keeps the answer's positions too: a replaced row's chunk is read back with them.
    REQUIRE(faqlite_put(e,
                        R"({"id": "t-zh", "lang": "zh", "question": "经理的薪水是多少？",
                            "answer": "国际销售经理的薪水很高，经理的经理更高。"})",
                        -1, 0) == FAQLITE_OK);
    REQUIRE(faqlite_put(e,
                        R"({"id": "t-zh", "lang": "zh", "question": "经理的薪水是多少？",
                            "answer": "销售经理的薪水：经理，经理。"})",
                        -1, 1) == FAQLITE_OK);
    REQUIRE(faqlite_delete(e, "mba", nullptr) == FAQLITE_OK);
    // A failed write (a duplicate without replace) changes nothing.
    REQUIRE(faqlite_put(e,
                        R"({"id": "t-new", "lang": "fr", "question": "Encore", "answer": "Non."})",
                        -1, 0) == FAQLITE_EEXISTS);
  }
  check_counts(path);
  check_postings(path);
  {
    // Incremental re-indexing of a file replaces its entries in place.
    test::Engine e(path);
    REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
    REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
  }
  check_counts(path);
  check_postings(path);
  {
    // An index from another analyzer version is rebuilt on open, counts included.
    sqlite3 *db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db,
                         "UPDATE meta SET value = 'old' WHERE key = 'analyzer'; UPDATE terms SET "
                         "df = df + 7",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    test::Engine e(path);
    REQUIRE(e.e);
  }
  check_counts(path);
  check_postings(path);
  {
    // Replacing the whole index drops the old counts.
    test::Engine e(path);
    REQUIRE(test::index_path(e, test::data("corpus/small.json"), "{\"replace_all\": true}") ==
            FAQLITE_OK);
  }
  REQUIRE(check_counts(path) == 1);
  check_postings(path);
  test::remove_index(path);
}

namespace {

// The number of segments of an FTS5 table, from its structure record (rowid 10 of %_data: a
// 4-byte cookie, then the varints nLevel and nSegment).
long fts5_segments(const std::string &path, const std::string &table) {
  sqlite3 *db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt *st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, ("SELECT block FROM " + table + "_data WHERE id = 10").c_str(), -1,
                             &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  const auto *p = static_cast<const unsigned char *>(sqlite3_column_blob(st, 0));
  const int n = sqlite3_column_bytes(st, 0);
  auto varint = [&](int &i) {
    long v = 0;
    for (int shift = 0; i < n; shift += 7) {
      const unsigned char b = p[i++];
      v |= static_cast<long>(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
    }
    return v;
  };
  int i = 4;
  varint(i);  // levels
  const long segments = varint(i);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return segments;
}

}  // namespace

TEST_CASE("a bulk write that makes most of a table leaves it in one FTS5 segment",
          "[store][terms]") {
  const std::string path = test::temp_path("segments.db");
  const std::string corpus = test::temp_path("segments.jsonl");
  test::remove_index(path);
  {
    std::ofstream out(corpus);
    for (int i = 0; i < 1200; ++i)
      out << R"({"id": "e)" << i << R"(", "question": "How do I change setting number )" << i
          << R"( on my account?", "answer": "Open the settings page and pick option )" << i
          << R"(."})"
          << "\n";
  }
  faqlite_progress_fn progress = [](const char *, size_t, size_t, void *) { return 0; };  // go on
  {
    test::Engine e(path);
    const char *p[] = {corpus.c_str()};
    REQUIRE(faqlite_index_paths(e, p, 1, nullptr, progress, nullptr) == FAQLITE_OK);
    // Indexing the file again replaces every entry: new segments beside the old, merged into one.
    REQUIRE(faqlite_index_paths(e, p, 1, nullptr, progress, nullptr) == FAQLITE_OK);
    REQUIRE(test::top_id(test::ask(e, "change setting number 77")) == "e77");
  }
  REQUIRE(fts5_segments(path, "fts_en") == 1);
  check_counts(path);
  check_postings(path);
  {
    // A small write into a large table leaves it alone (a merge would rewrite the whole table).
    test::Engine e(path);
    REQUIRE(faqlite_put(
                e,
                R"({"id": "extra", "question": "Where is my invoice?", "answer": "In billing."})",
                -1, 0) == FAQLITE_OK);
  }
  REQUIRE(fts5_segments(path, "fts_en") == 2);
  test::remove_index(path);
  std::filesystem::remove(corpus);
}

TEST_CASE("a long write that applies its postings in parts keeps them equal to FTS5's",
          "[store][terms]") {
  // A bulk write applies the edits of its older chunks as it goes and keeps the newest chunk
  // pending; rows spanning two chunks, a bound of 40 edits, and replacements in both chunks
  // exercise every path: new chunks written once, chunks read back and merged, rows removed.
  const std::string path = test::temp_path("terms-parts.db");
  test::remove_index(path);
  sqlite3 *db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  faqlite::index::TermSink sink;
  faqlite::index::register_fts_tokenizer(db, &sink);
  {
    test::AnalyzerPool analyzers;
    faqlite::index::Store store(db, &sink, analyzers.of());
    REQUIRE(store.check(true) == faqlite::index::OpenState::kFresh);
    store.create_schema();
    store.set_max_pending_edits(40);
    // A row in `entries` only, so that the next rowids start just below a chunk boundary
    // (65,536); it never reaches FTS5 and is gone before the comparison.
    faqlite::index::exec(db,
                         "INSERT INTO entries(rowid, id, lang, plang, kind, question, alternates, "
                         "answer, title, section, tags, follow_ups, meta, source) VALUES(65500, "
                         "'pad', 'en', 'en', 'faq', '', '[]', '', '', '', '[]', '[]', '{}', '')");
    auto make = [](int i, const std::string &lang, const std::string &extra) {
      faqlite::index::Entry e;
      e.id = "e" + std::to_string(i);
      e.lang = lang;
      e.kind = "faq";
      e.question = "How do I reset password number " + std::to_string(i % 7) + " " + extra + "?";
      e.alternates = {"password reset " + extra, "forgot my login"};
      e.answer = "Open the account page, choose reset, and follow the mail. Salary " +
                 std::to_string(i % 13) + " " + extra + ".";
      e.title = "Account";
      e.section = "Login";
      return e;
    };
    {
      faqlite::index::Transaction tx(db, true);
      faqlite::index::Corpus c;
      for (int i = 0; i < 90; ++i) c.entries.push_back(make(i, i % 3 ? "en" : "es", "first"));
      store.write_corpus(c, false);
      tx.commit();
    }
    {
      // Replaces some rows of each chunk, adds new ones after them.
      faqlite::index::Transaction tx(db, true);
      faqlite::index::Corpus c;
      for (int i = 0; i < 120; i += 4) c.entries.push_back(make(i, i % 3 ? "en" : "es", "second"));
      store.write_corpus(c, false);
      tx.commit();
    }
    {
      faqlite::index::Transaction tx(db, true);
      REQUIRE(store.remove("e40", "") == 1);
      REQUIRE(store.remove("e41", "") == 1);
      tx.commit();
    }
    faqlite::index::exec(db, "DELETE FROM entries WHERE id = 'pad'");
    sqlite3_stmt *st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT min(rowid), max(rowid) FROM entries", -1, &st,
                               nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    CHECK(sqlite3_column_int64(st, 0) < 65536);  // both sides of the boundary
    CHECK(sqlite3_column_int64(st, 1) >= 65536);
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  check_counts(path);
  check_postings(path);
  test::remove_index(path);
}

TEST_CASE("damaged postings give a clear error, never a wrong answer, and a rebuild repairs them",
          "[store][terms]") {
  const std::string path = test::temp_path("terms-damaged.db");
  test::remove_index(path);
  {
    test::Engine e(path);
    REQUIRE(e.e);
    REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
    REQUIRE(test::top_id(test::ask(e, "reset my password")) == "reset-password");
  }
  // A row that claims no column: no valid chunk starts so.
  REQUIRE(test::exec_on_file(path,
                             "UPDATE postings SET data = x'0100' WHERE lang = 'en' AND term = "
                             "'password'") == 1);
  {
    test::Engine e(path);
    REQUIRE(e.e);
    const nlohmann::json j = test::ask(e, "reset my password");
    REQUIRE(j.contains("rc"));
    CHECK(j["rc"] == FAQLITE_ECORRUPT);
    CHECK(j["error"].get<std::string>().find("postings of \"password\"") != std::string::npos);
    // The FTS5 matcher does not read the postings: it still answers.
    test::Engine ref(path, R"({"matcher": "fts5"})");
    REQUIRE(test::top_id(test::ask(ref, "reset my password")) == "reset-password");
    REQUIRE(faqlite_rebuild(e) == FAQLITE_OK);
    REQUIRE(test::top_id(test::ask(e, "reset my password")) == "reset-password");
  }
  check_counts(path);
  check_postings(path);
  test::remove_index(path);
}

TEST_CASE("CJK phrases from the postings: damaged rows are refused, lost ones fall back to FTS5",
          "[store][terms]") {
  // "薪水" is searched as the phrase of its two characters, put together from their postings.
  const std::string path = test::temp_path("terms-cjk.db");
  test::remove_index(path);
  std::string before;
  {
    test::Engine e(path);
    REQUIRE(test::index_path(e, std::string(FAQLITE_CORPUS_DIR) + "/zh.json") == FAQLITE_OK);
    const nlohmann::json j = test::ask(e, "薪水", R"({"lang": "zh"})");
    REQUIRE(!test::top_id(j).empty());
    before = j.dump();
    test::Engine ref(path, R"({"matcher": "fts5"})");
    REQUIRE(test::ask(ref, "薪水", R"({"lang": "zh"})").dump() == before);
  }
  auto damage = [&](const char *sql) { REQUIRE(test::exec_on_file(path, sql) >= 1); };
  // A character's record cut short: a clear error, not a phrase with rows missing.
  damage("UPDATE postings SET data = substr(data, 1, length(data) - 1) WHERE term = '水'");
  {
    test::Engine e(path);
    const nlohmann::json j = test::ask(e, "薪水", R"({"lang": "zh"})");
    REQUIRE(j.contains("rc"));
    CHECK(j["rc"] == FAQLITE_ECORRUPT);
    REQUIRE(faqlite_rebuild(e) == FAQLITE_OK);
    CHECK(test::ask(e, "薪水", R"({"lang": "zh"})").dump() == before);
  }
  // A character's records gone: FTS5 tells the phrase's rows, the answer stays the same.
  damage("DELETE FROM postings WHERE term = '薪'");
  {
    test::Engine e(path);
    CHECK(test::ask(e, "薪水", R"({"lang": "zh"})").dump() == before);
  }
  test::remove_index(path);
}
