// A bulk write analyzes its next entries on a helper thread (index/ahead_analysis.hpp) and the
// FTS5 tokenizer replays those tokens. The index must be byte for byte the one a write on one
// thread makes: the same FTS5 index, postings, document frequencies, lexicon and stored analyses,
// in every language the analyzer treats differently (stemmed, segmented by dictionary, unigram).
#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "analyzer_pool.hpp"
#include "index/ahead_analysis.hpp"
#include "index/fts_tokenizer.hpp"
#include "index/sqlite_util.hpp"
#include "index/store.hpp"
#include "test_helpers.hpp"

namespace {

using faqlite::index::Entry;

// Deterministic entries in six languages, with repeated and varied words, so that analyzer
// caches fill and the helper runs many batches ahead.
std::vector<Entry> make_entries(size_t n, const std::string &variant) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> words = {
      {"en",
       {"salary", "managers", "negotiating", "international", "travelling", "contracts", "résumé",
        "MBA", "export", "quota", "teams", "languages"}},
      {"es",
       {"salario", "gerentes", "negociación", "internacional", "viajes", "contratos", "idiomas",
        "ventas", "clientes", "mercados"}},
      {"de",
       {"Gehalt", "Vertriebsleiter", "Verhandlungen", "Auslandsreisen", "Verträge",
        "Sprachkenntnisse", "Kunden", "Märkte"}},
      {"zh", {"国际销售经理", "薪水", "谈判", "出差", "合同", "客户", "市场", "语言"}},
      {"ja", {"国際営業マネージャー", "給料", "交渉", "出張", "契約", "顧客", "市場", "言語"}},
      {"th", {"ผู้จัดการฝ่ายขาย", "เงินเดือน", "การเจรจา", "เดินทาง", "สัญญา", "ลูกค้า"}},
  };
  std::vector<Entry> out;
  for (size_t i = 0; i < n; ++i) {
    const auto &[lang, w] = words[i % words.size()];
    auto pick = [&](size_t k) { return w[(i * 7 + k * 3 + i / 5) % w.size()]; };
    const std::string sep = lang == "zh" || lang == "ja" || lang == "th" ? "" : " ";
    Entry e;
    e.id = "e" + std::to_string(i);
    e.lang = lang;
    e.kind = "faq";
    e.question = pick(0) + sep + pick(1) + sep + pick(2) + "?";
    if (i % 3) e.alternates = {pick(3) + sep + pick(4), pick(5) + sep + variant};
    std::string answer;
    for (size_t k = 0; k < 20 + i % 30; ++k) answer += pick(k) + (k % 6 == 5 ? ". " : sep);
    e.answer = answer + variant + " " + std::to_string(i % 97) + "%";
    e.title = i % 4 ? pick(6) : "";
    e.section = i % 5 ? "" : "Pay";
    if (i % 7 == 0) e.tags = {pick(7), "career"};
    out.push_back(std::move(e));
  }
  return out;
}

struct Built {
  size_t replayed = 0;
  std::map<std::string, std::string> tables;  // a dump of each table, in key order
};

std::string dump(sqlite3 *db, const std::string &sql) {
  std::string out;
  sqlite3_stmt *st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(st); ++c) {
      const auto *t = reinterpret_cast<const char *>(sqlite3_column_text(st, c));
      out += t ? t : "NULL";
      out += '|';
    }
    out += '\n';
  }
  REQUIRE(rc == SQLITE_DONE);
  sqlite3_finalize(st);
  return out;
}

// Two writes into a fresh file (new entries, then a third of them replaced with other text and
// new ones added) with `threads`, and the dump of everything they made.
Built build(const std::string &path, int threads) {
  test::remove_index(path);
  sqlite3 *db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  faqlite::index::TermSink sink;
  faqlite::index::register_fts_tokenizer(db, &sink);
  Built b;
  {
    test::AnalyzerPool analyzers;
    faqlite::index::Store store(db, &sink, analyzers.of());
    REQUIRE(store.check(true) == faqlite::index::OpenState::kFresh);
    store.create_schema();
    store.set_write_threads(threads);
    store.set_max_pending_edits(5000);  // postings applied in parts during the write too
    {
      faqlite::index::Transaction tx(db, true);
      faqlite::index::Corpus c;
      c.entries = make_entries(900, "first");
      store.write_corpus(c, false);
      tx.commit();
    }
    {
      faqlite::index::Transaction tx(db, true);
      faqlite::index::Corpus c;
      for (auto &e : make_entries(1200, "second"))
        if (std::stoi(e.id.substr(1)) % 3 == 0 || std::stoi(e.id.substr(1)) >= 900)
          c.entries.push_back(std::move(e));
      store.write_corpus(c, false);
      tx.commit();
    }
    b.replayed = store.replayed_columns();
  }
  b.tables["postings"] =
      dump(db, "SELECT lang, term, chunk, hex(data) FROM postings ORDER BY 1, 2, 3");
  b.tables["terms"] = dump(db, "SELECT lang, term, df FROM terms ORDER BY 1, 2");
  b.tables["lexicon"] = dump(db, "SELECT term, id FROM lexicon ORDER BY 1");
  b.tables["analyses"] = dump(db, "SELECT rowid, hex(data) FROM analyses ORDER BY 1");
  b.tables["entries"] = dump(db, "SELECT rowid, id, lang, answer FROM entries ORDER BY 1");
  for (const std::string l : {"en", "es", "de", "zh", "ja", "th"}) {
    REQUIRE(sqlite3_exec(db,
                         ("CREATE VIRTUAL TABLE temp.i_" + l + " USING fts5vocab(main, 'fts_" + l +
                          "', 'instance')")
                             .c_str(),
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    b.tables["fts_" + l] =
        dump(db, "SELECT term, doc, col, offset FROM temp.i_" + l + " ORDER BY 1, 2, 3, 4");
    REQUIRE(!b.tables["fts_" + l].empty());
  }
  sqlite3_close(db);
  test::remove_index(path);
  return b;
}

}  // namespace

TEST_CASE("a write analyzed ahead on a helper thread makes the index one thread makes",
          "[store][ahead]") {
  // The writer takes the helper's phrasings when their number is the entry's.
  for (const auto &e : make_entries(900, "first"))
    REQUIRE(faqlite::index::Store::phrasing_count(e) == faqlite::index::Store::phrasings(e).size());
  const Built one = build(test::temp_path("ahead-1.db"), 1);
  const Built two = build(test::temp_path("ahead-2.db"), 2);
  CHECK(one.replayed == 0);
  // Every column of every inserted row came from the helper (900 + 600 rows, 4 columns): the
  // helper really ran, in both writes.
  CHECK(two.replayed == (900 + 600) * 4);
  REQUIRE(one.tables.size() == two.tables.size());
  for (const auto &[name, text] : one.tables) {
    INFO("table " << name);
    CHECK(two.tables.at(name) == text);
  }
}

TEST_CASE("the helper's analysis is replayed only for the text it was made from",
          "[store][ahead]") {
  faqlite::index::PreparedEntry p;
  p.lang = "en";
  p.texts[0] = "how much do they make";
  p.tokens[0].push_back({"make", 0, 4, false});
  CHECK(p.tokens_of(0, "en", "how much do they make") == &p.tokens[0]);
  CHECK(p.tokens_of(0, "en", "how much do they earn") == nullptr);  // other text
  CHECK(p.tokens_of(0, "es", "how much do they make") == nullptr);  // other language
  CHECK(p.tokens_of(1, "en", "how much do they make") == nullptr);  // other column
  CHECK(p.tokens_of(-1, "en", "how much do they make") == nullptr);
  CHECK(p.tokens_of(4, "en", "how much do they make") == nullptr);
  p.lang.clear();  // not prepared
  CHECK(p.tokens_of(0, "en", "how much do they make") == nullptr);
}

TEST_CASE("the helper hands entries over in order and stops early without harm", "[store][ahead]") {
  {
    faqlite::index::AheadAnalysis ahead(1000, [](size_t i, faqlite::index::PreparedEntry &out) {
      if (i % 100 == 7) throw std::runtime_error("refused");  // left unprepared
      out.texts[0] = std::to_string(i);
      out.lang = "en";
    });
    for (size_t i = 0; i < 1000; ++i) {
      const faqlite::index::PreparedEntry *p = ahead.get(i);
      if (i % 100 == 7) {
        CHECK(p == nullptr);
        continue;
      }
      REQUIRE(p != nullptr);
      CHECK(p->texts[0] == std::to_string(i));
    }
    CHECK(ahead.get(1000) == nullptr);  // past the end
  }
  // Destroyed after a few entries, with the helper still ahead: it stops and joins.
  for (int round = 0; round < 20; ++round) {
    faqlite::index::AheadAnalysis ahead(100000, [](size_t i, faqlite::index::PreparedEntry &out) {
      out.texts[0] = std::to_string(i);
      out.lang = "en";
    });
    REQUIRE(ahead.get(0) != nullptr);
    REQUIRE(ahead.get(1)->texts[0] == "1");
  }
}
