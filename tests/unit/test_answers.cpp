// Answers a person can trust: outcomes, synonyms, typos, explanations, thresholds, the
// unanswered log, and many threads asking at once.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "test_helpers.hpp"

using nlohmann::json;

namespace {

void load_small(faqlite_engine *e) {
  REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
}

}  // namespace

TEST_CASE("synonym sets of the corpus match at query time, counted once", "[answers][synonyms]") {
  test::Engine e;
  load_small(e);
  // "bill" is only a synonym of "invoice"; "receipt" too.
  json j = test::ask(e, "where is my bill", "{\"explain\": true}");
  REQUIRE(test::top_id(j) == "invoice");
  bool via_synonym = false;
  for (const auto &m : j["answers"][0]["explanation"]["matched"])
    via_synonym = via_synonym || m["via"] == "synonym";
  REQUIRE(via_synonym);
  // The exact word ranks its entry at least as high as the synonym does.
  json exact = test::ask(e, "where is my invoice");
  REQUIRE(test::top_id(exact) == "invoice");
  REQUIRE(exact["answers"][0]["score"].get<double>() >= j["answers"][0]["score"].get<double>());
}

TEST_CASE("an exact match outranks a spelling correction", "[answers][typos]") {
  test::Engine e;
  REQUIRE(faqlite_put(e, R"({"id":"cart","question":"What is in my cart?","answer":"Your items."})",
                      -1, 0) == FAQLITE_OK);
  REQUIRE(faqlite_put(e, R"({"id":"card","question":"Which card can I use?","answer":"Any card."})",
                      -1, 0) == FAQLITE_OK);
  json j = test::ask(e, "card", "{\"threshold\": 0}");
  REQUIRE(test::top_id(j) == "card");
  REQUIRE_FALSE(j.contains("corrections"));  // a known word is never corrected
  json t = test::ask(e, "pasword", "{\"threshold\": 0}");
  REQUIRE(t["answers"].empty());  // nothing close in this tiny vocabulary
  test::Engine s;
  load_small(s);
  json c = test::ask(s, "resett my pasword");
  REQUIRE(test::top_id(c) == "reset-password");
  REQUIRE(c["corrections"].size() >= 1);
}

TEST_CASE("explanations name the matched words, fields and expansions", "[answers]") {
  test::Engine e;
  load_small(e);
  json j = test::ask(e, "resetting passwords", "{\"explain\": true}");
  const json &ex = j["answers"][0]["explanation"];
  REQUIRE(ex["coverage"].get<double>() > 0.5);
  bool stem = false;
  for (const auto &m : ex["matched"]) {
    REQUIRE(m.contains("field"));
    stem = stem || m["via"] == "stem";
  }
  REQUIRE(stem);
  json plain = test::ask(e, "resetting passwords");
  REQUIRE_FALSE(plain["answers"][0].contains("explanation"));
}

TEST_CASE("clarify when two different entries are nearly tied", "[answers][outcomes]") {
  test::Engine e(":memory:", "{\"clarify_margin\": 0.2}");
  REQUIRE(
      faqlite_put(
          e,
          R"({"id":"a","question":"How do I export my contacts?","answer":"Use the export button in Contacts."})",
          -1, 0) == FAQLITE_OK);
  REQUIRE(
      faqlite_put(
          e,
          R"({"id":"b","question":"How do I export my calendar?","answer":"Use the export button in Calendar."})",
          -1, 0) == FAQLITE_OK);
  REQUIRE(faqlite_put(e, R"({"id":"c","question":"Where is the trash?","answer":"Bottom left."})",
                      -1, 0) == FAQLITE_OK);
  json j = test::ask(e, "how do I export", "{\"threshold\": 0.1}");
  REQUIRE(j["outcome"] == "clarify");
  REQUIRE(j["answered"] == false);
  REQUIRE(j["answers"].size() >= 2);
  json sure = test::ask(e, "export my contacts", "{\"threshold\": 0.1}");
  REQUIRE(sure["outcome"] == "answered");
  REQUIRE(test::top_id(sure) == "a");
}

TEST_CASE("thresholds: per engine, per language and per question", "[answers][outcomes]") {
  test::Engine strict(":memory:", "{\"threshold\": 0.99}");
  load_small(strict);
  REQUIRE(test::ask(strict, "reset my password")["outcome"] == "fallback");
  REQUIRE(test::ask(strict, "reset my password", "{\"threshold\": 0.1}")["outcome"] == "answered");
  test::Engine per_lang(":memory:", "{\"thresholds\": {\"en\": 0.99}}");
  load_small(per_lang);
  REQUIRE(test::ask(per_lang, "reset my password")["outcome"] == "fallback");
  json es = test::ask(per_lang, "restablecer contraseña", "{\"lang\": \"es\"}");
  REQUIRE(es["lang"] == "es");
}

TEST_CASE("confidence depends on the evidence, not on the rank alone", "[answers][confidence]") {
  test::Engine e;
  load_small(e);
  double full = test::ask(e, "how do I reset my password")["answers"][0]["confidence"];
  double partial = test::ask(e, "password")["answers"][0]["confidence"];
  double noisy = test::ask(e, "reset password for my llama farm spreadsheet",
                           "{\"threshold\": 0}")["answers"][0]["confidence"];
  REQUIRE(full > partial);
  REQUIRE(full > noisy);
  REQUIRE(full <= 1.0);
  REQUIRE(noisy >= 0.0);
}

TEST_CASE("questions that end in fallback or clarify are logged and grouped",
          "[answers][unanswered]") {
  test::Engine e(":memory:", "{\"log_unanswered\": true}");
  load_small(e);
  test::ask(e, "do you ship to Mars?");
  test::ask(e, "do you ship to Mars?");
  test::ask(e, "  do you   ship to Mars?  ");
  test::ask(e, "how do I reset my password");  // answered: not logged
  char *out = nullptr;
  REQUIRE(faqlite_unanswered(e, 10, &out) == FAQLITE_OK);
  json j = json::parse(out);
  faqlite_free(out);
  REQUIRE(j.size() >= 1);
  bool found = false;
  for (const auto &row : j) {
    REQUIRE(row["query"] != "how do I reset my password");
    if (row["query"] == "do you ship to Mars?") {
      found = true;
      REQUIRE(row["count"] == 3);
      REQUIRE(row["outcome"] == "fallback");
    }
  }
  REQUIRE(found);
  test::Engine quiet;
  load_small(quiet);
  test::ask(quiet, "do you ship to Mars?");
  REQUIRE(faqlite_unanswered(quiet, 10, &out) == FAQLITE_OK);
  REQUIRE(json::parse(out).empty());
  faqlite_free(out);
}

TEST_CASE("follow-up suggestions come from the corpus in the answer's language", "[answers]") {
  test::Engine e;
  load_small(e);
  json j = test::ask(e, "reset password");
  REQUIRE(j["answers"][0]["follow_ups"].size() == 1);
  REQUIRE(j["answers"][0]["follow_ups"][0]["question"] == "How can I change my e-mail address?");
}

TEST_CASE("eight threads asking at once on one engine", "[answers][threads]") {
  test::Engine e;
  load_small(e);
  std::atomic<int> failures{0}, right{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        const bool pw = (i + t) % 2 == 0;
        json j = test::ask(e, pw ? "reset my password" : "download my invoice");
        if (j.contains("error"))
          ++failures;
        else if (test::top_id(j) == (pw ? "reset-password" : "invoice"))
          ++right;
      }
    });
  }
  for (auto &th : threads) th.join();
  REQUIRE(failures == 0);
  REQUIRE(right == 400);
}

TEST_CASE("re-indexing a corpus document replaces its language's synonyms and fallback",
          "[answers][synonyms]") {
  test::Engine e;
  const char *with =
      R"({"faqlite": 1, "lang": "en", "fallback": "first", "synonyms": [["invoice", "receipt"]],
    "entries": [{"id": "inv", "question": "Where are invoices?", "answer": "Under Billing."}]})";
  const char *without = R"({"faqlite": 1, "lang": "en", "fallback": "second",
    "entries": [{"id": "inv", "question": "Where are invoices?", "answer": "Under Billing."}]})";
  REQUIRE(faqlite_index_text(e, with, -1, "a.json", nullptr) == FAQLITE_OK);
  REQUIRE(test::top_id(test::ask(e, "receipt")) == "inv");
  REQUIRE(faqlite_index_text(e, without, -1, "a.json", nullptr) == FAQLITE_OK);
  json j = test::ask(e, "receipt");
  REQUIRE(j["answers"].empty());
  REQUIRE(j["fallback"] == "second");
}
