// The stored entry analyses (index/entry_analysis.hpp): answering reads them for snippets and
// the phrasing re-rank instead of analyzing the texts again, so they must be exactly what the
// analyzer makes of the stored text after every kind of write, survive their encoding, and a
// damaged one must be refused with a clear error, never read past or shown wrong.
#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <tuple>

#include "index/entry_analysis.hpp"
#include "index/fts_tokenizer.hpp"
#include "index/sqlite_util.hpp"
#include "index/store.hpp"
#include "test_helpers.hpp"

namespace {

using faqlite::index::AnalyzedEntry;
using faqlite::index::StoredAnalysis;

// A unit as values (its terms as strings), so that analyses made apart compare equal.
using FlatUnit = std::tuple<int, int, bool, bool, std::vector<std::string>>;
struct Flat {
  std::vector<FlatUnit> answer;
  std::vector<std::vector<FlatUnit>> phrasings;
  bool operator==(const Flat &o) const { return answer == o.answer && phrasings == o.phrasings; }
};

// The term string of a unit's k-th term: from the analysis itself, or for a stored one from the
// lexicon its ids name.
using TermOf = std::function<std::string(uint32_t term_index)>;

FlatUnit flat_unit(const faqlite::index::AnalysisUnits &a, const AnalyzedEntry::Unit &u,
                   const TermOf &term_of) {
  std::vector<std::string> terms;
  for (uint32_t k = 0; k < u.count; ++k) terms.push_back(term_of(a.ids.at(u.begin + k)));
  return {u.start, u.end, u.stop, u.unigram, terms};
}

Flat flatten(const faqlite::index::AnalysisUnits &a, const TermOf &term_of) {
  Flat f;
  for (const auto &u : a.answer) f.answer.push_back(flat_unit(a, u, term_of));
  for (const auto &words : a.phrasings) {
    f.phrasings.emplace_back();
    for (const auto &u : words) f.phrasings.back().push_back(flat_unit(a, u, term_of));
  }
  return f;
}

Flat flatten(const AnalyzedEntry &a) {
  return flatten(a, [&](uint32_t i) { return std::string(a.term(i)); });
}

// A stored analysis read through `lexicon` (id -> term).
Flat flatten(const StoredAnalysis &a, const std::map<uint32_t, std::string> &lexicon) {
  return flatten(a, [&](uint32_t i) {
    auto it = lexicon.find(a.terms.at(i));
    REQUIRE(it != lexicon.end());
    return it->second;
  });
}

// Every entry of the file: its stored analysis, decoded, against a fresh analysis of its text by
// an analyzer of its table's language. Returns how many entries were compared.
size_t check_stored_analyses(const std::string &path) {
  sqlite3 *db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  std::map<std::string, std::unique_ptr<faqlite::analysis::Analyzer>> analyzers;
  sqlite3_stmt *st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db,
                             "SELECT e.id, e.plang, e.question, e.alternates, e.title, e.answer, "
                             "a.data FROM entries e LEFT JOIN analyses a ON a.rowid = e.rowid",
                             -1, &st, nullptr) == SQLITE_OK);
  // The lexicon: one id per term, every id distinct and below the limit.
  std::map<uint32_t, std::string> lexicon;
  sqlite3_stmt *lx = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT id, term FROM lexicon", -1, &lx, nullptr) == SQLITE_OK);
  while (sqlite3_step(lx) == SQLITE_ROW) {
    const long long id = sqlite3_column_int64(lx, 0);
    REQUIRE(id > 0);
    REQUIRE(id < faqlite::index::kLexiconLimit);
    const auto *t = reinterpret_cast<const char *>(sqlite3_column_text(lx, 1));
    REQUIRE(lexicon.emplace(static_cast<uint32_t>(id), t ? t : "").second);
  }
  sqlite3_finalize(lx);
  size_t n = 0;
  auto text = [&](int c) {
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(st, c));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(st, c))) : std::string();
  };
  while (sqlite3_step(st) == SQLITE_ROW) {
    const std::string id = text(0), lang = text(1);
    INFO("entry " << id << " (" << lang << ")");
    faqlite::index::Entry e;
    e.question = text(2);
    for (const auto &a : nlohmann::json::parse(text(3))) e.alternates.push_back(a);
    e.title = text(4);
    e.answer = text(5);
    REQUIRE(sqlite3_column_type(st, 6) == SQLITE_BLOB);
    StoredAnalysis stored;
    REQUIRE(faqlite::index::decode_analysis(
        static_cast<const unsigned char *>(sqlite3_column_blob(st, 6)),
        static_cast<size_t>(sqlite3_column_bytes(st, 6)), e.answer.size(), stored));
    auto &an = analyzers[lang];
    if (!an) an = std::make_unique<faqlite::analysis::Analyzer>(lang);
    const AnalyzedEntry fresh =
        faqlite::index::analyze_entry(*an, e.answer, faqlite::index::Store::phrasings(e));
    CHECK(flatten(stored, lexicon) == flatten(fresh));
    CHECK(stored.phrasings.size() == faqlite::index::Store::phrasings(e).size());
    ++n;
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

long long count(const std::string &path, const std::string &sql) {
  sqlite3 *db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt *st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  const long long v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

// An index at `path` with one entry, "a": where the office is.
void write_office_index(const std::string &path) {
  test::Engine e(path);
  REQUIRE(e.e);
  REQUIRE(faqlite_put(e, R"({"id": "a", "question": "Where is the office?",
                             "answer": "In Berlin."})",
                      -1, 0) == FAQLITE_OK);
}

AnalyzedEntry sample_analysis() {
  faqlite::analysis::Analyzer en("en");
  return faqlite::index::analyze_entry(
      en,
      "Managers' salaries: $100,000 – e-mail the U.S.A. office; don't wait. 国际销售经理 "
      "パスワード",
      {"How much do they make?", "salary of managers", "", "国际销售经理的薪水"});
}

}  // namespace

TEST_CASE("every entry's stored analysis is the analyzer's own, after every kind of write",
          "[store][analysis]") {
  const std::string path = test::temp_path("analyses.db");
  test::remove_index(path);
  {
    test::Engine e(path);
    REQUIRE(e.e);
    // Ten languages, Chinese and Japanese among them, with hyphens, apostrophes and numbers.
    REQUIRE(test::index_path(e, FAQLITE_CORPUS_DIR) == FAQLITE_OK);
  }
  const size_t bundled = check_stored_analyses(path);
  CHECK(bundled > 100);
  {
    test::Engine e(path);
    // A new entry, a replaced one (new text, another language's table), a removed one.
    REQUIRE(faqlite_put(e,
                        R"({"id": "x-new", "lang": "de", "question": "Wie groß ist das Büro?",
                            "alternates": ["Bürogröße", "E-Mail-Adresse des Büros"],
                            "answer": "Das Büro hat 1.200 m² – größer als üblich."})",
                        -1, 0) == FAQLITE_OK);
    REQUIRE(faqlite_put(e,
                        R"({"id": "x-new", "lang": "de", "question": "Wo ist das Büro?",
                            "answer": "In Köln, gleich am Dom."})",
                        -1, 1) == FAQLITE_OK);
    REQUIRE(faqlite_put(e,
                        R"({"id": "x-ja", "lang": "ja", "question": "給料はいくらですか",
                            "answer": "平均は月に40万円です。"})",
                        -1, 0) == FAQLITE_OK);
    REQUIRE(faqlite_delete(e, "x-ja", "ja") == FAQLITE_OK);
    // The replaced text is what snippets show now.
    const nlohmann::json j = test::ask(e, "wo ist das Büro", R"({"lang": "de"})");
    REQUIRE(test::top_id(j) == "x-new");
    CHECK(j["answers"][0]["snippet"].get<std::string>().find("Köln") != std::string::npos);
  }
  CHECK(check_stored_analyses(path) == bundled + 1);
  CHECK(count(path, "SELECT count(*) FROM analyses") ==
        count(path, "SELECT count(*) FROM entries"));
  {
    test::Engine e(path);
    REQUIRE(faqlite_rebuild(e) == FAQLITE_OK);
  }
  CHECK(check_stored_analyses(path) == bundled + 1);
  test::remove_index(path);
}

TEST_CASE("an entry analysis survives its encoding and a damaged one is refused",
          "[store][analysis]") {
  const AnalyzedEntry a = sample_analysis();
  REQUIRE(a.answer.size() > 10);
  REQUIRE(a.phrasings.size() == 4);
  CHECK(a.phrasings[2].empty());
  const size_t answer_bytes = static_cast<size_t>(a.answer.back().end);
  // Lexicon ids as a store would give them: any, in no order.
  std::vector<uint32_t> lexicon_ids;
  std::map<uint32_t, std::string> lexicon;
  for (size_t i = 0; i < a.n_terms(); ++i) {
    lexicon_ids.push_back(static_cast<uint32_t>(1000003 - 97 * i));
    lexicon[lexicon_ids.back()] = std::string(a.term(i));
  }
  lexicon_ids.back() = faqlite::index::kLexiconLimit - 1;  // the largest there can be
  lexicon[lexicon_ids.back()] = std::string(a.term(a.n_terms() - 1));
  std::string blob;
  faqlite::index::encode_analysis(a, lexicon_ids, blob);
  const auto *data = reinterpret_cast<const unsigned char *>(blob.data());
  StoredAnalysis back;
  REQUIRE(faqlite::index::decode_analysis(data, blob.size(), answer_bytes, back));
  CHECK(flatten(back, lexicon) == flatten(a));
  CHECK(back.terms == lexicon_ids);
  CHECK(back.ids == a.ids);

  // Cut short anywhere, one byte too many, an answer shorter than the ranges: refused.
  for (size_t n = 0; n < blob.size(); ++n) {
    INFO("first " << n << " bytes");
    CHECK_FALSE(faqlite::index::decode_analysis(data, n, answer_bytes, back));
  }
  std::string longer = blob + '\0';
  CHECK_FALSE(faqlite::index::decode_analysis(
      reinterpret_cast<const unsigned char *>(longer.data()), longer.size(), answer_bytes, back));
  CHECK_FALSE(faqlite::index::decode_analysis(data, blob.size(), answer_bytes - 1, back));
  // A term index past the terms.
  AnalyzedEntry bad = a;
  bad.ids[bad.answer[0].begin] = static_cast<uint32_t>(bad.n_terms());
  std::string bad_blob;
  faqlite::index::encode_analysis(bad, lexicon_ids, bad_blob);
  CHECK_FALSE(
      faqlite::index::decode_analysis(reinterpret_cast<const unsigned char *>(bad_blob.data()),
                                      bad_blob.size(), answer_bytes, back));
  // A lexicon id past the limit (the range question terms no entry has are numbered in).
  std::vector<uint32_t> past = lexicon_ids;
  past[0] = faqlite::index::kLexiconLimit;
  faqlite::index::encode_analysis(a, past, bad_blob);
  CHECK_FALSE(
      faqlite::index::decode_analysis(reinterpret_cast<const unsigned char *>(bad_blob.data()),
                                      bad_blob.size(), answer_bytes, back));

  // Random damage: refused, or read into an analysis whose ids and ranges are all in bounds.
  std::mt19937 rng(7);
  for (int round = 0; round < 2000; ++round) {
    std::string d = blob;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) d[rng() % d.size()] = static_cast<char>(rng() & 0xff);
    if (!faqlite::index::decode_analysis(reinterpret_cast<const unsigned char *>(d.data()),
                                         d.size(), answer_bytes, back))
      continue;
    for (uint32_t id : back.ids) REQUIRE(id < back.terms.size());
    for (uint32_t t : back.terms) REQUIRE(t < faqlite::index::kLexiconLimit);
    for (const auto &u : back.answer) {
      REQUIRE(u.start >= 0);
      REQUIRE(u.start <= u.end);
      REQUIRE(static_cast<size_t>(u.end) <= answer_bytes);
      REQUIRE(static_cast<size_t>(u.begin) + u.count <= back.ids.size());
    }
  }
}

TEST_CASE("an analysis decoded into a used one is the same as decoded into a new one",
          "[store][analysis]") {
  // Answering decodes one analysis after another into the same object (Session::analyzed):
  // nothing of a longer analysis before, or of a decoding that failed halfway, may remain.
  faqlite::analysis::Analyzer en("en");
  const AnalyzedEntry big = sample_analysis();
  const AnalyzedEntry small = faqlite::index::analyze_entry(en, "Call us.", {"Phone?"});
  auto encode = [](const AnalyzedEntry &a) {
    std::vector<uint32_t> lexicon_ids;
    for (uint32_t i = 0; i < a.n_terms(); ++i) lexicon_ids.push_back(50 + 3 * i);
    std::string blob;
    faqlite::index::encode_analysis(a, lexicon_ids, blob);
    return blob;
  };
  const std::string big_blob = encode(big), small_blob = encode(small);
  auto decode = [](const std::string &blob, size_t bytes, size_t answer_bytes,
                   StoredAnalysis &out) {
    return faqlite::index::decode_analysis(reinterpret_cast<const unsigned char *>(blob.data()),
                                           bytes, answer_bytes, out);
  };
  const size_t big_answer = static_cast<size_t>(big.answer.back().end);
  const size_t small_answer = static_cast<size_t>(small.answer.back().end);
  StoredAnalysis fresh;
  REQUIRE(decode(small_blob, small_blob.size(), small_answer, fresh));
  StoredAnalysis used;
  REQUIRE(decode(big_blob, big_blob.size(), big_answer, used));
  used.answer_chars = 99;
  REQUIRE(decode(small_blob, small_blob.size(), small_answer, used));
  auto same = [&](const StoredAnalysis &x, const StoredAnalysis &y) {
    auto id = [](uint32_t i) { return std::to_string(i); };
    CHECK(flatten(x, id) == flatten(y, id));
    CHECK(x.terms == y.terms);
    CHECK(x.ids == y.ids);
    CHECK(x.phrasings.size() == y.phrasings.size());
    CHECK(x.answer_chars == y.answer_chars);
  };
  same(used, fresh);
  // A decoding cut short halfway, then a whole one.
  REQUIRE_FALSE(decode(big_blob, big_blob.size() / 2, big_answer, used));
  REQUIRE(decode(small_blob, small_blob.size(), small_answer, used));
  same(used, fresh);
  // And back to the longer one.
  StoredAnalysis big_fresh;
  REQUIRE(decode(big_blob, big_blob.size(), big_answer, big_fresh));
  REQUIRE(decode(big_blob, big_blob.size(), big_answer, used));
  same(used, big_fresh);
}

TEST_CASE("a damaged or missing stored analysis gives a clear error and a rebuild repairs it",
          "[store][analysis]") {
  const std::string path = test::temp_path("analyses-damaged.db");
  test::remove_index(path);
  std::string before;
  {
    test::Engine e(path);
    REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
    const nlohmann::json j = test::ask(e, "reset my password");
    REQUIRE(test::top_id(j) == "reset-password");
    before = j.dump();
  }
  for (const char *damage :
       {"UPDATE analyses SET data = x'01ff' WHERE rowid = (SELECT rowid FROM entries WHERE id = "
        "'reset-password')",
        "DELETE FROM analyses WHERE rowid = (SELECT rowid FROM entries WHERE id = "
        "'reset-password')"}) {
    INFO(damage);
    REQUIRE(test::exec_on_file(path, damage) == 1);
    test::Engine e(path);
    REQUIRE(e.e);
    const nlohmann::json j = test::ask(e, "reset my password");
    REQUIRE(j.contains("rc"));
    CHECK(j["rc"] == FAQLITE_ECORRUPT);
    const std::string msg = j["error"].get<std::string>();
    CHECK(msg.find("analysis of entry \"reset-password\"") != std::string::npos);
    CHECK(msg.find("rebuild") != std::string::npos);
    REQUIRE(faqlite_rebuild(e) == FAQLITE_OK);
    CHECK(test::ask(e, "reset my password").dump() == before);
  }
  test::remove_index(path);
}

TEST_CASE("the lexicon gives each term one id across writes, a rolled-back one and a rebuild",
          "[store][analysis]") {
  // Stored analyses name their terms by lexicon id. A write that is rolled back must leave no id
  // behind that a later write could hand out twice (its new terms were numbered, then undone),
  // and a term dropped by a replaced entry keeps its id until a rebuild renumbers everything.
  const std::string path = test::temp_path("analyses-lexicon.db");
  test::remove_index(path);
  auto entry = [](const std::string &id, const std::string &answer) {
    faqlite::index::Entry e;
    e.id = id;
    e.lang = "en";
    e.kind = "faq";
    e.question = "What is " + id + "?";
    e.answer = answer;
    return e;
  };
  auto lexicon_count = [&](const std::string &term) {
    return count(path, "SELECT count(*) FROM lexicon WHERE term = '" + term + "'");
  };
  sqlite3 *db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  faqlite::index::TermSink sink;
  faqlite::index::register_fts_tokenizer(db, &sink);
  {
    faqlite::analysis::Analyzer en("en");
    faqlite::index::Store store(
        db, &sink, [&](const std::string &) -> faqlite::analysis::Analyzer & { return en; });
    REQUIRE(store.check(true) == faqlite::index::OpenState::kFresh);
    store.create_schema();
    auto write = [&](const faqlite::index::Entry &e, bool commit) {
      faqlite::index::Transaction tx(db, true);
      store.put(e, true);
      if (commit) tx.commit();
    };
    write(entry("a", "Apples grow in orchards."), true);
    // Rolled back: "zyxwvut" and "quasar" were numbered in this write only.
    write(entry("b", "A zyxwvut quasar."), false);
    // New terms of the next write take the numbers the rolled-back one had used.
    write(entry("c", "Quokkas live on islands."), true);
    write(entry("d", "The zyxwvut is here."), true);
    // "orchards" leaves entry a's text but stays in the lexicon.
    write(entry("a", "Apples grow on trees."), true);
    REQUIRE(store.lexicon_find("quokkas") > 0);
    REQUIRE(store.lexicon_find("zyxwvut") > 0);
    CHECK(store.lexicon_find("quokkas") != store.lexicon_find("zyxwvut"));
    CHECK(store.lexicon_find("quasar") == -1);
  }
  sqlite3_close(db);
  // Every analysis reads back as its own text's (check_stored_analyses), with one id per term.
  CHECK(check_stored_analyses(path) == 3);
  CHECK(lexicon_count("orchards") == 1);
  CHECK(count(path, "SELECT count(*) FROM lexicon") ==
        count(path, "SELECT count(DISTINCT id) FROM lexicon"));
  CHECK(count(path, "SELECT max(id) + 1 FROM lexicon") ==
        count(path, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'lexicon_next'"));
  {
    test::Engine e(path);
    REQUIRE(e.e);
    REQUIRE(faqlite_rebuild(e) == FAQLITE_OK);
  }
  CHECK(check_stored_analyses(path) == 3);
  CHECK(lexicon_count("orchards") == 0);
  CHECK(count(path, "SELECT max(id) + 1 FROM lexicon") ==
        count(path, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'lexicon_next'"));
  test::remove_index(path);
}

TEST_CASE("a question word no entry had is matched once a write adds it", "[store][analysis]") {
  // A session remembers the lexicon ids of question words, and that a word has none; a write
  // (in this engine or another process) may add it, so what it remembered must go with the
  // index generation.
  const std::string path = test::temp_path("analyses-new-word.db");
  test::remove_index(path);
  test::Engine e(path);
  REQUIRE(e.e);
  REQUIRE(faqlite_put(e,
                      R"({"id": "office", "question": "Where is the office?",
                          "answer": "The office is in Berlin, near the station."})",
                      -1, 0) == FAQLITE_OK);
  nlohmann::json j = test::ask(e, "where is the zorblax office");
  REQUIRE(test::top_id(j) == "office");
  CHECK(j["answers"][0]["snippet"].get<std::string>().find("zorblax") == std::string::npos);
  REQUIRE(faqlite_put(e,
                      R"({"id": "office", "question": "Where is the office?",
                          "answer": "The office is in Berlin; ask the zorblax at the door."})",
                      -1, 1) == FAQLITE_OK);
  j = test::ask(e, "where is the zorblax office");
  REQUIRE(test::top_id(j) == "office");
  CHECK(j["answers"][0]["snippet"].get<std::string>().find("<mark>zorblax</mark>") !=
        std::string::npos);
  test::remove_index(path);
}

TEST_CASE("a full or damaged lexicon fails a write with a clear error and changes nothing",
          "[store][analysis]") {
  const std::string path = test::temp_path("analyses-lexicon-limit.db");
  test::remove_index(path);
  write_office_index(path);
  const long long entries = count(path, "SELECT count(*) FROM entries");
  // Every id below 2^31 given out: a write with a new term has none left for it.
  REQUIRE(test::exec_on_file(path,
                             "UPDATE meta SET value = '2147483648' "
                             "WHERE key = 'lexicon_next'") == 1);
  {
    test::Engine e(path);
    REQUIRE(faqlite_put(e, R"({"id": "b", "question": "Where is the office?",
                               "answer": "In Berlin, zorblax."})",
                        -1, 0) == FAQLITE_ELIMIT);
    CHECK(std::string(faqlite_last_error()).find("rebuild") != std::string::npos);
    // Nothing of the failed write remains, and the index still answers.
    CHECK(count(path, "SELECT count(*) FROM entries") == entries);
    CHECK(count(path, "SELECT count(*) FROM lexicon WHERE term = 'zorblax'") == 0);
    CHECK(test::top_id(test::ask(e, "where is the office")) == "a");
    // A rebuild renumbers from 1, and the write goes through.
    REQUIRE(faqlite_rebuild(e) == FAQLITE_OK);
    REQUIRE(faqlite_put(e, R"({"id": "b", "question": "Where is the office?",
                               "answer": "In Berlin, zorblax."})",
                        -1, 0) == FAQLITE_OK);
  }
  CHECK(count(path, "SELECT max(id) FROM lexicon") < 100);
  CHECK(check_stored_analyses(path) == 2);
  // A lexicon id out of range in the file: the write that needs it stops with a clear error.
  REQUIRE(test::exec_on_file(path, "UPDATE lexicon SET id = 0 WHERE term = 'berlin'") == 1);
  {
    test::Engine e(path);
    REQUIRE(faqlite_put(e, R"({"id": "c", "question": "Is Berlin far?", "answer": "No."})", -1,
                        0) == FAQLITE_ECORRUPT);
    CHECK(std::string(faqlite_last_error()).find("lexicon") != std::string::npos);
    CHECK(count(path, "SELECT count(*) FROM entries") == entries + 1);
  }
  test::remove_index(path);
}

TEST_CASE("a lexicon whose next id was lost numbers new terms after its largest",
          "[store][analysis]") {
  // `meta` keeps the next id; a file that lost it (damaged, or edited by hand) must not hand an
  // id out a second time, which would make one stored term read as another.
  const std::string path = test::temp_path("analyses-lexicon-next.db");
  test::remove_index(path);
  write_office_index(path);
  REQUIRE(test::exec_on_file(path, "DELETE FROM meta WHERE key = 'lexicon_next'") == 1);
  {
    test::Engine e(path);
    REQUIRE(faqlite_put(e, R"({"id": "b", "question": "Is the canteen open?",
                               "answer": "Yes, until noon."})",
                        -1, 0) == FAQLITE_OK);
    CHECK(test::top_id(test::ask(e, "is the canteen open")) == "b");
  }
  CHECK(count(path, "SELECT count(*) FROM lexicon") ==
        count(path, "SELECT count(DISTINCT id) FROM lexicon"));
  CHECK(check_stored_analyses(path) == 2);
  test::remove_index(path);
}
