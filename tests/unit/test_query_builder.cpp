// User text is data: the FTS5 expression is built from analyzer terms only.
#include <catch2/catch.hpp>

#include "analysis/analyzer.hpp"
#include "search/query_builder.hpp"
#include "test_helpers.hpp"

using faqlite::analysis::Analyzer;
using faqlite::search::build_query;
using faqlite::search::BuildOptions;

TEST_CASE("FTS5 syntax in a question never reaches MATCH as syntax", "[query][security]") {
  Analyzer a("en");
  for (std::string q :
       {"\"", "reset AND password", "NEAR(reset password)", "pass*", "^reset", "question: reset",
        "-reset", "(reset", "reset)", "'", "it's v1.2", "multi-agent", "col:x OR y NOT z"}) {
    INFO(q);
    auto query = build_query(a, q, BuildOptions{}, faqlite::search::default_rank_params());
    // Every phrase is a quoted, marker-prefixed term list joined by OR.
    std::string m = query.match;
    size_t pos = 0, phrases = 0;
    while (pos < m.size()) {
      REQUIRE(m[pos] == '"');
      REQUIRE(m[pos + 1] == '\x1f');
      size_t end = pos + 1;
      while (true) {
        end = m.find('"', end + 1);
        REQUIRE(end != std::string::npos);
        if (end + 1 < m.size() && m[end + 1] == '"') {
          ++end;
          continue;
        }
        break;
      }
      ++phrases;
      pos = end + 1;
      if (pos < m.size()) {
        REQUIRE(m.compare(pos, 4, " OR ") == 0);
        pos += 4;
      }
    }
    REQUIRE(phrases == query.phrases.size());
  }
}

TEST_CASE("hostile questions are answered without SQLite errors", "[query][security]") {
  test::Engine e;
  REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
  for (std::string q : {"\"",
                        "\"\"",
                        "reset AND",
                        "OR",
                        "NOT reset",
                        "NEAR(",
                        "NEAR(a b, 3)",
                        "*",
                        "pass*word",
                        "^",
                        "question:",
                        "{question answer}: reset",
                        "-",
                        "- -",
                        "(((",
                        ")))",
                        "reset\" OR \"x",
                        "'; DROP TABLE entries; --",
                        "\x1f"
                        "reset",
                        "a\x1f"
                        "b"}) {
    INFO(q);
    auto j = test::ask(e, q, "{\"threshold\": 0}");
    REQUIRE_FALSE(j.contains("error"));
  }
  // The index is intact afterwards.
  REQUIRE(test::top_id(test::ask(e, "reset password")) == "reset-password");
}

TEST_CASE("stop words do not drive matching, but a stop-word-only question still searches",
          "[query]") {
  Analyzer a("en");
  auto q = build_query(a, "how do I reset my password", BuildOptions{},
                       faqlite::search::default_rank_params());
  std::vector<std::string> words;
  for (const auto &g : q.groups) words.push_back(g.word);
  REQUIRE(words == std::vector<std::string>{"reset", "password"});
  auto only = build_query(a, "what is it", BuildOptions{}, faqlite::search::default_rank_params());
  REQUIRE(only.groups.size() == 3);
}

TEST_CASE("CJK words are searched as phrases of characters", "[query]") {
  Analyzer zh("zh");
  auto q =
      build_query(zh, "国际销售经理的薪水", BuildOptions{}, faqlite::search::default_rank_params());
  REQUIRE_FALSE(q.groups.empty());
  bool multi = false;
  for (const auto &g : q.groups) multi = multi || g.alts[0].terms.size() > 1;
  REQUIRE(multi);
  for (const auto &g : q.groups) REQUIRE(g.word != "的");
}

TEST_CASE("context words join an elliptical follow-up with a lower weight", "[query]") {
  Analyzer a("en");
  BuildOptions o;
  o.context = {"what is the median salary?"};
  auto q = build_query(a, "and for seniors?", o, faqlite::search::default_rank_params());
  bool has_salary = false;
  for (const auto &g : q.groups)
    if (g.word == "salary") {
      has_salary = true;
      REQUIRE(g.from_context);
      REQUIRE(g.weight < 1.0);
    }
  REQUIRE(has_salary);
}
