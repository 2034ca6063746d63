// The stored entry analyses (index/entry_analysis.hpp): answering reads them for snippets and
// the phrasing re-rank instead of analyzing the texts again, so they must be exactly what the
// analyzer makes of the stored text after every kind of write, survive their encoding, and a
// damaged one must be refused with a clear error, never read past or shown wrong.
#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <tuple>

#include "index/entry_analysis.hpp"
#include "index/store.hpp"
#include "test_helpers.hpp"

namespace {

using faqlite::index::AnalyzedEntry;

// A unit as values (its terms as strings), so that analyses made apart compare equal.
using FlatUnit = std::tuple<int, int, bool, bool, std::vector<std::string>>;
struct Flat {
  std::vector<FlatUnit> answer;
  std::vector<std::vector<FlatUnit>> phrasings;
  bool operator==(const Flat &o) const { return answer == o.answer && phrasings == o.phrasings; }
};

FlatUnit flat_unit(const AnalyzedEntry &a, const AnalyzedEntry::Unit &u) {
  std::vector<std::string> terms;
  for (uint32_t k = 0; k < u.count; ++k) terms.emplace_back(a.term(a.ids.at(u.begin + k)));
  return {u.start, u.end, u.stop, u.unigram, terms};
}

Flat flatten(const AnalyzedEntry &a) {
  Flat f;
  for (const auto &u : a.answer) f.answer.push_back(flat_unit(a, u));
  for (const auto &words : a.phrasings) {
    f.phrasings.emplace_back();
    for (const auto &u : words) f.phrasings.back().push_back(flat_unit(a, u));
  }
  return f;
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
    AnalyzedEntry stored;
    REQUIRE(faqlite::index::decode_analysis(
        static_cast<const unsigned char *>(sqlite3_column_blob(st, 6)),
        static_cast<size_t>(sqlite3_column_bytes(st, 6)), e.answer.size(), stored));
    auto &an = analyzers[lang];
    if (!an) an = std::make_unique<faqlite::analysis::Analyzer>(lang);
    const AnalyzedEntry fresh =
        faqlite::index::analyze_entry(*an, e.answer, faqlite::index::Store::phrasings(e));
    CHECK(flatten(stored) == flatten(fresh));
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
  std::string blob;
  faqlite::index::encode_analysis(a, blob);
  const auto *data = reinterpret_cast<const unsigned char *>(blob.data());
  AnalyzedEntry back;
  REQUIRE(faqlite::index::decode_analysis(data, blob.size(), answer_bytes, back));
  CHECK(flatten(back) == flatten(a));
  CHECK(back.term_text == a.term_text);
  CHECK(back.term_ends == a.term_ends);

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
  faqlite::index::encode_analysis(bad, bad_blob);
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
    for (uint32_t id : back.ids) REQUIRE(id < back.n_terms());
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
    std::string blob;
    faqlite::index::encode_analysis(a, blob);
    return blob;
  };
  const std::string big_blob = encode(big), small_blob = encode(small);
  auto decode = [](const std::string &blob, size_t bytes, size_t answer_bytes, AnalyzedEntry &out) {
    return faqlite::index::decode_analysis(reinterpret_cast<const unsigned char *>(blob.data()),
                                           bytes, answer_bytes, out);
  };
  const size_t big_answer = static_cast<size_t>(big.answer.back().end);
  const size_t small_answer = static_cast<size_t>(small.answer.back().end);
  AnalyzedEntry fresh;
  REQUIRE(decode(small_blob, small_blob.size(), small_answer, fresh));
  AnalyzedEntry used;
  REQUIRE(decode(big_blob, big_blob.size(), big_answer, used));
  used.answer_chars = 99;
  REQUIRE(decode(small_blob, small_blob.size(), small_answer, used));
  auto same = [&](const AnalyzedEntry &x, const AnalyzedEntry &y) {
    CHECK(flatten(x) == flatten(y));
    CHECK(x.term_text == y.term_text);
    CHECK(x.term_ends == y.term_ends);
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
  AnalyzedEntry big_fresh;
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
