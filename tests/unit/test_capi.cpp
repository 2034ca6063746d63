// The C API contract: versions, handles, errors, ownership, writes, results.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <thread>
#include <vector>

#include <sqlite3.h>

#include "test_helpers.hpp"

using nlohmann::json;

TEST_CASE("versions agree between header and library", "[capi]") {
  REQUIRE(faqlite_version_number() == FAQLITE_VERSION_NUMBER);
  REQUIRE(std::string(faqlite_version_string()) == FAQLITE_VERSION_STRING);
  REQUIRE(std::string(faqlite_analyzer_fingerprint()).find("icu/") != std::string::npos);
}

TEST_CASE("free functions accept NULL and bad handles give EINVAL", "[capi]") {
  faqlite_close(nullptr);
  faqlite_result_free(nullptr);
  faqlite_free(nullptr);
  faqlite_result *r = nullptr;
  REQUIRE(faqlite_ask(nullptr, "x", -1, nullptr, &r) == FAQLITE_EINVAL);
  REQUIRE(r == nullptr);
  REQUIRE(std::string(faqlite_last_error()).find("engine is NULL") != std::string::npos);
  REQUIRE(faqlite_last_error_code() == FAQLITE_EINVAL);
  REQUIRE(faqlite_open(nullptr, nullptr, nullptr) == FAQLITE_EINVAL);
  REQUIRE(std::string(faqlite_strerror(FAQLITE_ECORRUPT)).find("damaged") != std::string::npos);
  REQUIRE(faqlite_result_count(nullptr) == 0);
  REQUIRE(faqlite_result_id(nullptr, 0) == nullptr);
  REQUIRE(faqlite_result_score(nullptr, 0) == -1.0);
}

TEST_CASE("open rejects unknown and ill-typed options", "[capi]") {
  faqlite_engine *e = nullptr;
  REQUIRE(faqlite_open(":memory:", "{\"treshold\": 0.5}", &e) == FAQLITE_EINVAL);
  REQUIRE(e == nullptr);
  REQUIRE(std::string(faqlite_last_error()).find("treshold") != std::string::npos);
  REQUIRE(faqlite_open(":memory:", "{\"threshold\": 2}", &e) == FAQLITE_EINVAL);
  REQUIRE(faqlite_open(":memory:", "not json", &e) == FAQLITE_EINVAL);
  REQUIRE(faqlite_open("/nonexistent-dir/x.db", "{\"readonly\": true}", &e) == FAQLITE_ENOTFOUND);
  for (const char *bad : {"{\"cache_mb\": 0}", "{\"cache_mb\": 70000}", "{\"cache_mb\": \"64\"}"}) {
    INFO(bad);
    REQUIRE(faqlite_open(":memory:", bad, &e) == FAQLITE_EINVAL);
    REQUIRE(e == nullptr);
    REQUIRE(std::string(faqlite_last_error()).find("cache_mb") != std::string::npos);
  }
}

TEST_CASE("answers do not depend on the cache budget or on how many sessions share it",
          "[capi][cache]") {
  // One megabyte holds a fraction of the bundled corpus's analyses, and four threads share it:
  // entries are evicted and decoded again all the time, and every answer must stay the same.
  test::Engine roomy(":memory:"), tight(":memory:", "{\"cache_mb\": 1}");
  REQUIRE(test::index_path(roomy, FAQLITE_CORPUS_DIR) == FAQLITE_OK);
  REQUIRE(test::index_path(tight, FAQLITE_CORPUS_DIR) == FAQLITE_OK);
  std::vector<std::pair<std::string, std::string>> asks;
  for (const auto &item : test::eval_items()) {
    nlohmann::json opts = {{"k", 10}, {"explain", true}, {"lang", item["lang"]}};
    asks.emplace_back(item["query"].get<std::string>(), opts.dump());
  }
  REQUIRE(asks.size() >= 300);
  std::vector<std::string> expected;
  for (const auto &[q, o] : asks) expected.push_back(test::ask(roomy, q, o).dump());
  for (size_t i = 0; i < asks.size(); ++i)
    CHECK(test::ask(tight, asks[i].first, asks[i].second).dump() == expected[i]);
  std::atomic<size_t> differ{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (size_t k = 0; k < asks.size(); ++k) {
        const size_t i = (k * 7 + static_cast<size_t>(t) * 101) % asks.size();
        if (test::ask(tight, asks[i].first, asks[i].second).dump() != expected[i]) ++differ;
      }
    });
  for (auto &th : threads) th.join();
  CHECK(differ == 0);
}

TEST_CASE("a result keeps its answers' texts after the cache has dropped their entries",
          "[capi][cache]") {
  // Answers share the entries the session's cache loaded instead of copying them; a result
  // held while other questions push those entries out must still read them whole (under the
  // sanitizers, a use after free here is an error).
  test::Engine tight(":memory:", "{\"cache_mb\": 1}"), roomy(":memory:");
  REQUIRE(test::index_path(tight, FAQLITE_CORPUS_DIR) == FAQLITE_OK);
  REQUIRE(test::index_path(roomy, FAQLITE_CORPUS_DIR) == FAQLITE_OK);
  const std::vector<nlohmann::json> items = test::eval_items();
  REQUIRE(items.size() >= 300);
  const std::string opts = "{\"k\": 10}";
  std::vector<faqlite_result *> held;
  std::vector<std::string> expected;
  for (size_t i = 0; i < items.size(); i += 40) {
    const std::string q = items[i]["query"].get<std::string>();
    faqlite_result *r = nullptr;
    REQUIRE(faqlite_ask(tight, q.data(), static_cast<long>(q.size()), opts.c_str(), &r) ==
            FAQLITE_OK);
    held.push_back(r);
    expected.push_back(test::ask(roomy, q, opts).dump());
  }
  // Every other question, through the same 1 MB cache.
  for (const auto &item : items) test::ask(tight, item["query"].get<std::string>(), opts);
  for (size_t k = 0; k < held.size(); ++k) {
    INFO(k);
    faqlite_result *r = held[k];
    const nlohmann::json j = nlohmann::json::parse(faqlite_result_json(r));
    CHECK(j.dump() == expected[k]);
    REQUIRE(faqlite_result_count(r) == j["answers"].size());
    for (size_t i = 0; i < faqlite_result_count(r); ++i) {
      CHECK(std::string(faqlite_result_answer(r, i)) == j["answers"][i]["answer"]);
      CHECK(std::string(faqlite_result_question(r, i)) == j["answers"][i]["question"]);
      CHECK(std::string(faqlite_result_id(r, i)) == j["answers"][i]["id"]);
      CHECK(std::string(faqlite_result_lang(r, i)) == j["answers"][i]["lang"]);
    }
    faqlite_result_free(r);
  }
}

TEST_CASE("index a JSON document and answer with the documented result shape", "[capi]") {
  test::Engine e;
  REQUIRE(e.e);
  REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
  json j = test::ask(e, "how can I reset my password?");
  REQUIRE(j["query"] == "how can I reset my password?");
  REQUIRE(j["lang"] == "en");
  REQUIRE(j["answered"] == true);
  REQUIRE(j["outcome"] == "answered");
  REQUIRE(test::top_id(j) == "reset-password");
  const json &a = j["answers"][0];
  for (const char *f :
       {"id", "score", "confidence", "lang", "question", "answer", "snippet", "section", "tags"})
    REQUIRE(a.contains(f));
  REQUIRE(a["confidence"].get<double>() > 0.0);
  REQUIRE(a["confidence"].get<double>() <= 1.0);
  REQUIRE(a["snippet"].get<std::string>().find("<mark>") != std::string::npos);
  REQUIRE(a["follow_ups"][0]["id"] == "change-email");
  REQUIRE(j["context"].back() == "how can I reset my password?");
}

TEST_CASE("result accessors mirror the JSON and strings stay owned by the result", "[capi]") {
  test::Engine e;
  REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
  faqlite_result *r = nullptr;
  REQUIRE(faqlite_ask(e, "where are my invoices", -1, "{\"k\": 2}", &r) == FAQLITE_OK);
  REQUIRE(faqlite_result_count(r) >= 1);
  REQUIRE(faqlite_result_count(r) <= 2);
  REQUIRE(std::string(faqlite_result_id(r, 0)) == "invoice");
  REQUIRE(faqlite_result_outcome(r) == FAQLITE_OUTCOME_ANSWERED);
  REQUIRE(faqlite_result_fallback(r) == nullptr);
  REQUIRE(faqlite_result_confidence(r, 0) > 0);
  REQUIRE(faqlite_result_id(r, 99) == nullptr);
  faqlite_result_free(r);
}

TEST_CASE("the result JSON is written on first use, once, from any thread", "[capi]") {
  test::Engine e;
  REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
  faqlite_result *r = nullptr;
  REQUIRE(faqlite_ask(e, "where are my invoices", -1, "{\"k\": 3}", &r) == FAQLITE_OK);
  // Accessors first: they do not need the JSON.
  const std::string id = faqlite_result_id(r, 0);
  std::vector<const char *> seen(8, nullptr);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < seen.size(); ++i)
    threads.emplace_back([&, i] { seen[i] = faqlite_result_json(r); });
  for (auto &t : threads) t.join();
  for (const char *p : seen) REQUIRE(p == seen[0]);  // one rendering, the same borrowed string
  REQUIRE(seen[0] != nullptr);
  json j = json::parse(seen[0]);
  REQUIRE(j["answers"][0]["id"] == id);
  REQUIRE(faqlite_result_json(r) == seen[0]);
  faqlite_result_free(r);
}

TEST_CASE("matching is OR with ranking, not AND", "[capi]") {
  test::Engine e;
  REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
  // "zebra" is in no entry: an AND query would find nothing.
  json j = test::ask(e, "reset password zebra", "{\"threshold\": 0}");
  REQUIRE(test::top_id(j) == "reset-password");
}

TEST_CASE("question fields outrank the answer", "[capi][ranking]") {
  test::Engine e;
  REQUIRE(faqlite_put(e,
                      R"({"id":"q","question":"How do I export data?","answer":"Use the menu."})",
                      -1, 0) == FAQLITE_OK);
  REQUIRE(
      faqlite_put(
          e,
          R"({"id":"a","question":"Where is the menu?","answer":"You can export data from many places, export is everywhere."})",
          -1, 0) == FAQLITE_OK);
  json j = test::ask(e, "export data", "{\"threshold\": 0}");
  REQUIRE(test::top_id(j) == "q");
}

TEST_CASE("put, replace, delete and get", "[capi]") {
  test::Engine e;
  const char *entry =
      R"({"id": "x1", "question": "What is faqlite?", "answer": "An FAQ engine.", "tags": ["about"]})";
  REQUIRE(faqlite_put(e, entry, -1, 0) == FAQLITE_OK);
  REQUIRE(faqlite_put(e, entry, -1, 0) == FAQLITE_EEXISTS);
  REQUIRE(faqlite_put(
              e, R"({"id": "x1", "question": "What is faqlite?", "answer": "A small FAQ engine."})",
              -1, 1) == FAQLITE_OK);
  char *out = nullptr;
  REQUIRE(faqlite_get(e, "x1", nullptr, &out) == FAQLITE_OK);
  json g = json::parse(out);
  faqlite_free(out);
  REQUIRE(g["answer"] == "A small FAQ engine.");
  REQUIRE(test::top_id(test::ask(e, "what is faqlite")) == "x1");
  REQUIRE(faqlite_delete(e, "x1", nullptr) == FAQLITE_OK);
  REQUIRE(faqlite_delete(e, "x1", nullptr) == FAQLITE_ENOTFOUND);
  REQUIRE(faqlite_get(e, "x1", nullptr, &out) == FAQLITE_ENOTFOUND);
  REQUIRE(out == nullptr);
  json j = test::ask(e, "what is faqlite");
  REQUIRE(j["answers"].empty());
  REQUIRE(j["answered"] == false);
}

TEST_CASE("an answer shows its entry's tags, follow-ups and metadata, also when there are none",
          "[capi]") {
  // Loading an entry skips parsing empty lists and objects; a full one must still come whole.
  test::Engine e;
  REQUIRE(faqlite_put(e,
                      R"({"id": "full", "question": "Where is the visa desk?",
                          "answer": "The visa desk is on floor two.", "tags": ["visa", "office"],
                          "follow_ups": ["bare"], "meta": {"floor": 2, "open": [9, 17]}})",
                      -1, 0) == FAQLITE_OK);
  REQUIRE(faqlite_put(e, R"({"id": "bare", "question": "Where is the canteen desk?",
                             "answer": "The canteen desk is on floor one."})",
                      -1, 0) == FAQLITE_OK);
  json j = test::ask(e, "where is the visa desk", R"({"threshold": 0})");
  REQUIRE(test::top_id(j) == "full");
  const json &a = j["answers"][0];
  CHECK(a["tags"] == json::array({"visa", "office"}));
  CHECK(a["meta"] == json::parse(R"({"floor": 2, "open": [9, 17]})"));
  REQUIRE(a["follow_ups"].size() == 1);
  CHECK(a["follow_ups"][0]["id"] == "bare");
  j = test::ask(e, "where is the canteen desk", R"({"threshold": 0})");
  REQUIRE(test::top_id(j) == "bare");
  CHECK(j["answers"][0]["tags"] == json::array());
  CHECK(j["answers"][0]["follow_ups"] == json::array());
  CHECK_FALSE(j["answers"][0].contains("meta"));
}

TEST_CASE("a bad entry is refused with the field named", "[capi][corpus]") {
  test::Engine e;
  REQUIRE(faqlite_put(e, R"({"id": "x", "question": "q"})", -1, 1) == FAQLITE_EFORMAT);
  REQUIRE(std::string(faqlite_last_error()).find("\"answer\" is missing") != std::string::npos);
  REQUIRE(faqlite_put(e, R"({"id": "x", "answer": "a", "tags": "nope"})", -1, 1) ==
          FAQLITE_EFORMAT);
  REQUIRE(std::string(faqlite_last_error()).find("\"tags\"") != std::string::npos);
  REQUIRE(faqlite_put(e, "{not json", -1, 1) == FAQLITE_EFORMAT);
}

TEST_CASE("fallback carries the corpus fallback answer", "[capi]") {
  test::Engine e;
  REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
  json j = test::ask(e, "what is the capital of mongolia");
  REQUIRE(j["answered"] == false);
  REQUIRE(j["outcome"] == "fallback");
  REQUIRE(j["fallback"].get<std::string>().find("No good answer") == 0);
}

TEST_CASE("empty and whitespace questions are unanswered, not errors", "[capi]") {
  test::Engine e;
  REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
  for (std::string q : {"", "   ", "\t\n", "?!", "***"}) {
    json j = test::ask(e, q);
    REQUIRE_FALSE(j.contains("error"));
    REQUIRE(j["answered"] == false);
  }
}

TEST_CASE("ask options are validated", "[capi]") {
  test::Engine e;
  REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
  REQUIRE(test::ask(e, "password", "{\"k\": 0}")["rc"] == FAQLITE_EINVAL);
  REQUIRE(test::ask(e, "password", "{\"k\": 100000}")["rc"] == FAQLITE_ELIMIT);
  REQUIRE(test::ask(e, "password", "{\"lang\": 7}")["rc"] == FAQLITE_EINVAL);
  REQUIRE(test::ask(e, "password", "{\"bogus\": 1}")["rc"] == FAQLITE_EINVAL);
  REQUIRE(test::ask(e, "password", "{\"filters\": {\"colour\": \"red\"}}")["rc"] == FAQLITE_EINVAL);
  REQUIRE(test::ask(e, std::string(5000, 'a'))["rc"] == FAQLITE_ELIMIT);
  std::string invalid = "pass\xff\xfeword";
  json bad = test::ask(e, invalid);
  REQUIRE(bad["rc"] == FAQLITE_EINVAL);
  REQUIRE(bad["error"].get<std::string>().find("UTF-8") != std::string::npos);
}

TEST_CASE("filters restrict answers by tags, section and kind", "[capi][filters]") {
  test::Engine e;
  REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
  json j =
      test::ask(e, "settings", R"({"threshold": 0, "k": 10, "filters": {"section": "Billing"}})");
  for (const auto &a : j["answers"]) REQUIRE(a["section"] == "Billing");
  j = test::ask(
      e, "settings address",
      R"({"threshold": 0, "k": 10, "filters": {"any": [{"tags": "security"}, {"id": "change-email"}]}})");
  REQUIRE_FALSE(j["answers"].empty());
  for (const auto &a : j["answers"])
    REQUIRE((a["id"] == "reset-password" || a["id"] == "change-email"));
  j = test::ask(e, "documents version", R"({"threshold": 0, "filters": {"kind": "passage"}})");
  REQUIRE(test::top_id(j) == "guide-intro");
  j = test::ask(e, "documents version",
                R"({"threshold": 0, "filters": {"not": {"kind": "passage"}}})");
  for (const auto &a : j["answers"]) REQUIRE(a["kind"] != "passage");
}

TEST_CASE("JSON Lines corpora with several languages", "[capi][corpus]") {
  test::Engine e;
  REQUIRE(test::index_path(e, test::data("corpus/small.jsonl")) == FAQLITE_OK);
  REQUIRE(test::top_id(test::ask(e, "olvidé mi contraseña")) == "j1");
  REQUIRE(test::top_id(test::ask(e, "密码重置")) == "j2");
  REQUIRE(test::top_id(test::ask(e, "パスワード変更")) == "j3");
}

TEST_CASE("a malformed corpus file leaves the index unchanged", "[capi][corpus]") {
  test::Engine e;
  REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
  char *before = nullptr;
  REQUIRE(faqlite_stats(e, &before) == FAQLITE_OK);
  json b = json::parse(before);
  faqlite_free(before);
  const char *paths[] = {test::data("corpus/small.jsonl").c_str(), nullptr};
  std::string bad = test::data("corpus/bad_field.jsonl");
  std::string good = test::data("corpus/small.jsonl");
  const char *both[] = {good.c_str(), bad.c_str()};
  (void)paths;
  REQUIRE(faqlite_index_paths(e, both, 2, nullptr, nullptr, nullptr) == FAQLITE_EFORMAT);
  std::string msg = faqlite_last_error();
  REQUIRE(msg.find("bad_field.jsonl:2") != std::string::npos);
  REQUIRE(msg.find("\"answer\"") != std::string::npos);
  char *after = nullptr;
  REQUIRE(faqlite_stats(e, &after) == FAQLITE_OK);
  json a = json::parse(after);
  faqlite_free(after);
  REQUIRE(a["entries"] == b["entries"]);
  REQUIRE(a["generation"] == b["generation"]);
}

TEST_CASE("corpus errors name file, line or entry, field and problem", "[corpus]") {
  test::Engine e;
  struct Case {
    const char *file;
    std::vector<std::string> parts;
  };
  std::vector<Case> cases = {
      {"corpus/bad_syntax.jsonl", {"bad_syntax.jsonl:3", "invalid JSON"}},
      {"corpus/duplicate.json", {"duplicate.json#1", "duplicate id \"a\"", "duplicate.json#0"}},
      {"corpus/bad_lang.json", {"bad_lang.json#0", "\"lang\""}},
      {"corpus/unknown_field.json", {"unknown_field.json#0", "unknown field \"awnser\""}},
  };
  for (const auto &c : cases) {
    INFO(c.file);
    REQUIRE(test::index_path(e, test::data(c.file)) == FAQLITE_EFORMAT);
    std::string msg = faqlite_last_error();
    for (const auto &p : c.parts) {
      INFO(msg);
      REQUIRE(msg.find(p) != std::string::npos);
    }
  }
  REQUIRE(test::index_path(e, test::data("corpus/does-not-exist.json")) == FAQLITE_ENOTFOUND);
}

TEST_CASE("an index file is reopened and answers the same", "[capi][store]") {
  std::string path = test::temp_path("reopen.db");
  std::filesystem::remove(path);
  double conf = 0;
  {
    test::Engine e(path);
    REQUIRE(e.e);
    REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
    json j = test::ask(e, "download invoice");
    REQUIRE(test::top_id(j) == "invoice");
    conf = j["answers"][0]["confidence"];
  }
  {
    test::Engine e(path, "{\"readonly\": true}");
    REQUIRE(e.e);
    json j = test::ask(e, "download invoice");
    REQUIRE(test::top_id(j) == "invoice");
    REQUIRE(j["answers"][0]["confidence"] == conf);
    REQUIRE(faqlite_put(e, R"({"id":"z","question":"q","answer":"a"})", -1, 1) ==
            FAQLITE_EREADONLY);
  }
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
}

TEST_CASE("a file that is not a faqlite index is refused", "[capi][store]") {
  std::string path = test::temp_path("notindex.db");
  {
    FILE *f = std::fopen(path.c_str(), "wb");
    std::fputs("this is not a database at all, just some text that is long enough to matter", f);
    std::fclose(f);
  }
  faqlite_engine *e = nullptr;
  REQUIRE(faqlite_open(path.c_str(), nullptr, &e) == FAQLITE_ECORRUPT);
  REQUIRE(e == nullptr);
  REQUIRE(std::string(faqlite_last_error()).find("not a faqlite index") != std::string::npos);
  std::filesystem::remove(path);
}

TEST_CASE("an index from an older analyzer is rebuilt on open", "[capi][store]") {
  std::string path = test::temp_path("rebuild.db");
  std::filesystem::remove(path);
  {
    test::Engine e(path);
    REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
  }
  {
    // Pretend an older analyzer built it.
    test::Engine e(path);
    REQUIRE(e.e);
  }
  sqlite3 *db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "UPDATE meta SET value = 'old-analyzer' WHERE key = 'analyzer'", nullptr,
                       nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  {
    faqlite_engine *ro = nullptr;
    REQUIRE(faqlite_open(path.c_str(), "{\"readonly\": true}", &ro) == FAQLITE_EVERSION);
  }
  {
    test::Engine e(path);
    REQUIRE(e.e);
    REQUIRE(test::top_id(test::ask(e, "reset my password")) == "reset-password");
  }
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt *st = nullptr;
  sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'analyzer'", -1, &st, nullptr);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  REQUIRE(std::string(reinterpret_cast<const char *>(sqlite3_column_text(st, 0))) ==
          faqlite_analyzer_fingerprint());
  sqlite3_finalize(st);
  REQUIRE(sqlite3_exec(db, "UPDATE meta SET value = '99' WHERE key = 'format'", nullptr, nullptr,
                       nullptr) == SQLITE_OK);
  sqlite3_close(db);
  faqlite_engine *newer = nullptr;
  REQUIRE(faqlite_open(path.c_str(), nullptr, &newer) == FAQLITE_EVERSION);
  REQUIRE(std::string(faqlite_last_error()).find("newer faqlite") != std::string::npos);
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
}
