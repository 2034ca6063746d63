// Snippets (search/snippet.hpp): a long answer is cut to a window of at most max_chars code
// points around the matches, measured in characters, not bytes, whatever the script.
#include <catch2/catch.hpp>

#include <unicode/unistr.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "analysis/analyzer.hpp"
#include "index/entry_analysis.hpp"
#include "search/query_builder.hpp"
#include "search/snippet.hpp"
#include "test_helpers.hpp"

namespace {

int32_t code_points(const std::string &s) {
  return icu::UnicodeString::fromUTF8(s).countChar32();
}

// The snippet's text as shown: marks and ellipses removed, entities decoded.
std::string visible(std::string html) {
  for (const std::string tag : {"<mark>", "</mark>"})
    for (size_t p; (p = html.find(tag)) != std::string::npos;) html.erase(p, tag.size());
  for (const auto &[ent, ch] : {std::pair<std::string, std::string>{"&amp;", "&"},
                                {"&lt;", "<"},
                                {"&gt;", ">"},
                                {"&quot;", "\""},
                                {"&#39;", "'"}})
    for (size_t p; (p = html.find(ent)) != std::string::npos;) html.replace(p, ent.size(), ch);
  if (html.rfind("… ", 0) == 0) html.erase(0, std::string("… ").size());
  const std::string tail = " …";
  if (html.size() >= tail.size() && html.compare(html.size() - tail.size(), tail.size(), tail) == 0)
    html.erase(html.size() - tail.size());
  return html;
}

}  // namespace

TEST_CASE("the stored analysis gives every answer unit its range in code points",
          "[snippet][analysis]") {
  faqlite::analysis::Analyzer en("en");
  const std::string answer =
      "Größe – 国际销售经理 earn € 1.200 😀 a month; パスワード is \"secret\" & <b>bold</b>.";
  const auto a = faqlite::index::analyze_entry(en, answer, {});
  REQUIRE(a.answer.size() > 8);
  for (const auto &u : a.answer) {
    INFO(answer.substr(static_cast<size_t>(u.start), static_cast<size_t>(u.end - u.start)));
    CHECK(u.char_start == code_points(answer.substr(0, static_cast<size_t>(u.start))));
    CHECK(u.char_end == code_points(answer.substr(0, static_cast<size_t>(u.end))));
  }
  CHECK(a.answer_chars == static_cast<size_t>(code_points(answer)));
}

TEST_CASE("a long answer is cut to a window of max_chars characters around the matches",
          "[snippet]") {
  faqlite::analysis::Analyzer de("de");
  // 3-byte and 4-byte characters before the match: a window measured in bytes would be far
  // shorter than max_chars, one that miscounted would run past it.
  std::string answer;
  for (int i = 0; i < 30; ++i) answer += "Übergrößen für Büros – 事务所 😀 kosten viel. ";
  answer += "Das Gehalt eines Vertriebsleiters liegt bei 120.000 € im Jahr. ";
  for (int i = 0; i < 30; ++i) answer += "Öffnungszeiten: täglich außer sonntags. ";
  REQUIRE(code_points(answer) > 1000);
  const auto q =
      faqlite::search::build_query(de, "Gehalt Vertriebsleiter", faqlite::search::BuildOptions{},
                                   faqlite::search::default_rank_params());
  for (size_t max_chars : {size_t{80}, size_t{280}}) {
    INFO("max_chars " << max_chars);
    const faqlite::search::Snippet sn = faqlite::search::make_snippet(de, answer, q, max_chars);
    CHECK(sn.html.rfind("… ", 0) == 0);
    CHECK(sn.html.find("<mark>Gehalt</mark>") != std::string::npos);
    const std::string shown = visible(sn.html);
    CHECK(answer.find(shown) != std::string::npos);
    CHECK(code_points(shown) <= static_cast<int32_t>(max_chars));
    // Not needlessly short: the window is filled up to the next word that would not fit.
    CHECK(code_points(shown) > static_cast<int32_t>(max_chars) - 20);
  }
  // A short answer is shown whole, however many bytes its characters take.
  const std::string short_answer = "事务所の給料 – Gehalt 😀";
  const auto whole = faqlite::search::make_snippet(de, short_answer, q, 20);
  REQUIRE(short_answer.size() > 20);
  REQUIRE(code_points(short_answer) <= 20);
  CHECK(visible(whole.html) == short_answer);
}

TEST_CASE("an answer's snippet from the stored analysis is cut by characters too",
          "[snippet][store]") {
  const std::string path = test::temp_path("snippet.db");
  test::remove_index(path);
  std::string answer;
  for (int i = 0; i < 20; ++i) answer += "Übergrößen für Büros – 事务所 😀 kosten viel. ";
  answer += "Das Gehalt eines Vertriebsleiters liegt bei 120.000 € im Jahr. ";
  for (int i = 0; i < 20; ++i) answer += "Öffnungszeiten: täglich außer sonntags. ";
  {
    test::Engine e(path);
    REQUIRE(e.e);
    const nlohmann::json entry = {
        {"id", "gehalt"}, {"lang", "de"}, {"question", "Was verdient man?"}, {"answer", answer}};
    REQUIRE(faqlite_put(e, entry.dump().c_str(), -1, 0) == FAQLITE_OK);
  }
  // A new engine: the analysis is read back from the file, not the one made while writing.
  test::Engine e(path);
  const nlohmann::json j = test::ask(e, "Gehalt Vertriebsleiter", R"({"lang": "de"})");
  REQUIRE(test::top_id(j) == "gehalt");
  const std::string html = j["answers"][0]["snippet"];
  CHECK(html.find("<mark>Gehalt</mark>") != std::string::npos);
  const std::string shown = visible(html);
  CHECK(answer.find(shown) != std::string::npos);
  CHECK(code_points(shown) <= 280);
  CHECK(code_points(shown) > 260);
  test::remove_index(path);
}

TEST_CASE("a snippet escapes every HTML-special byte wherever it falls", "[snippet]") {
  // The escaping skips plain text eight bytes at a time: special bytes at every offset and in
  // runs, beside multibyte characters, must still be found.
  faqlite::analysis::Analyzer en("en");
  const auto q = faqlite::search::build_query(en, "zebra", faqlite::search::BuildOptions{},
                                              faqlite::search::default_rank_params());
  const std::vector<std::string> pieces = {"a", "b", " ", "&", "<", ">", "\"", "'", "é", "事", "😀"};
  std::mt19937 rng(7);
  for (int n = 0; n < 2000; ++n) {
    std::string text;
    const size_t len = rng() % 40;
    for (size_t i = 0; i < len; ++i) text += pieces[rng() % pieces.size()];
    INFO(text);
    CHECK(faqlite::search::make_snippet(en, text, q, 1000).html ==
          faqlite::search::html_escape(text));
  }
}

namespace {
// A made-up word of letters only (no stem or number rule touches it much): `n` in base 20.
std::string made_up_word(size_t n) {
  static const char *const kSyllables[] = {"ba", "ke", "mi", "no", "tu", "ra", "se",
                                           "lo", "vi", "du", "fa", "gi", "po", "ze",
                                           "hu", "ja", "wo", "ne", "ly", "qu"};
  std::string w = "x";
  do {
    w += kSyllables[n % 20];
    n /= 20;
  } while (n);
  return w + "t";
}
}  // namespace

TEST_CASE("snippets and phrasing matches stay right when the session's term table is emptied",
          "[snippet][store]") {
  // Thousands of entries of words found nowhere else: answering them all fills the session's
  // table of analysis terms past its budget, so it is emptied between the candidates of some
  // question; the question's own term ids must be made again then, or the marks go astray.
  const std::string path = test::temp_path("term_table_reset.db");
  test::remove_index(path);
  constexpr size_t kEntries = 2000, kWords = 150;
  {
    test::Engine e(path);
    REQUIRE(e.e);
    std::string corpus;
    for (size_t i = 0; i < kEntries; ++i) {
      std::string answer;
      for (size_t k = 0; k < kWords; ++k) answer += made_up_word(i * kWords + k) + " ";
      corpus += nlohmann::json({{"id", "e" + std::to_string(i)},
                                {"lang", "en"},
                                {"question", "What is " + made_up_word(i * kWords) + "?"},
                                {"answer", answer}})
                    .dump() +
                "\n";
    }
    const std::string file = test::temp_path("term_table_reset.jsonl");
    {
      std::ofstream out(file);
      out << corpus;
    }
    REQUIRE(test::index_path(e, file) == FAQLITE_OK);
    std::filesystem::remove(file);
  }
  test::Engine e(path);
  size_t checked = 0;
  for (size_t i = 0; i < kEntries; ++i) {
    const std::string w1 = made_up_word(i * kWords + 7), w2 = made_up_word(i * kWords + 140);
    const nlohmann::json j = test::ask(e, w1 + " " + w2, R"({"lang": "en"})");
    INFO("entry " << i);
    REQUIRE(test::top_id(j) == "e" + std::to_string(i));
    const std::string html = j["answers"][0]["snippet"];
    // The window holds one of the two words (they are further apart than a snippet is long).
    CHECK((html.find("<mark>" + w1 + "</mark>") != std::string::npos ||
           html.find("<mark>" + w2 + "</mark>") != std::string::npos));
    CHECK(html.find("<mark>", html.find("<mark>") + 1) == std::string::npos);  // and only it
    ++checked;
  }
  CHECK(checked == kEntries);
  test::remove_index(path);
}
