// User text is data: the FTS5 expression is built from analyzer terms only.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <vector>

#include "analysis/analyzer.hpp"
#include "search/query_builder.hpp"
#include "search/vocabulary.hpp"
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

namespace {

// The optimal string alignment distance by the whole table, for checking the faster forms.
int full_distance(const std::u32string &a, const std::u32string &b) {
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1, 0));
  for (size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i)
    for (size_t j = 1; j <= m; ++j) {
      d[i][j] = std::min(
          {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[n][m];
}

}  // namespace

TEST_CASE("the spelling distance within a limit agrees with the whole table", "[query][typos]") {
  using faqlite::search::edit_distance;
  std::mt19937 rng(9);
  auto word = [&](size_t max_len) {
    std::u32string w;
    const size_t n = 1 + rng() % max_len;
    for (size_t i = 0; i < n; ++i) w += static_cast<char32_t>(U'a' + rng() % 3);
    return w;
  };
  for (int i = 0; i < 100000; ++i) {
    const std::u32string a = word(13), b = word(13);
    const int full = full_distance(a, b);
    auto text = [](const std::u32string &w) { return std::string(w.begin(), w.end()); };
    INFO(text(a) << " / " << text(b) << ": " << full);
    for (int limit : {1, 2, 3}) {
      const int d = edit_distance(a, b, limit);
      if (full <= limit)
        REQUIRE(d == full);
      else
        REQUIRE(d > limit);
    }
  }
}

TEST_CASE("the one-edit check of spelling suggestions agrees with the full distance",
          "[query][typos]") {
  using faqlite::search::edit_distance;
  auto u = [](const char *s) { return faqlite::search::to_u32(s); };
  // One change, addition, removal or swap of neighbours is one edit; anything else is more.
  CHECK(edit_distance(u("salary"), u("salary"), 1) == 0);
  CHECK(edit_distance(u("salery"), u("salary"), 1) == 1);
  CHECK(edit_distance(u("salay"), u("salary"), 1) == 1);
  CHECK(edit_distance(u("salarry"), u("salary"), 1) == 1);
  CHECK(edit_distance(u("slaary"), u("salary"), 1) == 1);
  CHECK(edit_distance(u("gehälter"), u("gehalter"), 1) == 1);
  CHECK(edit_distance(u("slarya"), u("salary"), 1) > 1);
  CHECK(edit_distance(u("salaries"), u("salary"), 1) > 1);
  // Against the table (which limit 2 still uses) on random words of a small alphabet, where
  // repeated letters, swaps at either end and shared ends are common.
  std::mt19937 rng(5);
  auto word = [&] {
    std::u32string w;
    const size_t n = 1 + rng() % 7;
    for (size_t i = 0; i < n; ++i) w += static_cast<char32_t>(U'a' + rng() % 3);
    return w;
  };
  for (int i = 0; i < 200000; ++i) {
    const std::u32string a = word(), b = word();
    const int one = edit_distance(a, b, 1), full = edit_distance(a, b, 2);
    auto text = [](const std::u32string &w) { return std::string(w.begin(), w.end()); };
    INFO(text(a) << " / " << text(b));
    REQUIRE((one <= 1) == (full <= 1));
    if (one <= 1) REQUIRE(one == full);
  }
}
