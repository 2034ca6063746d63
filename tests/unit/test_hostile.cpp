// Hostile input on the C API: every item is answered or refused with the right code and a clear
// message; none crashes, hangs, or lets SQLite see user text as syntax.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "test_helpers.hpp"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

bool has(const std::string &s, const std::string &part) {
  return s.find(part) != std::string::npos;
}

// Error text that would mean user input reached SQLite as SQL or FTS5 syntax.
bool looks_like_sql_error(const std::string &msg) {
  return has(msg, "fts5") || has(msg, "near \"") || has(msg, "sqlite") ||
         has(msg, "malformed MATCH") || has(msg, "no such column") ||
         has(msg, "unrecognized token");
}

struct Asked {
  int rc = FAQLITE_OK;
  std::string error;
  json result;
};

Asked ask_raw(faqlite_engine *e, const std::string &q, const char *opts = nullptr) {
  Asked a;
  faqlite_result *r = nullptr;
  a.rc = faqlite_ask(e, q.data(), static_cast<long>(q.size()), opts, &r);
  if (a.rc != FAQLITE_OK) {
    a.error = faqlite_last_error();
    REQUIRE(r == nullptr);
    return a;
  }
  a.result = json::parse(faqlite_result_json(r));
  faqlite_result_free(r);
  return a;
}

std::string read_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file(const std::string &path, const std::string &bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// An index file with enough entries to span many pages, closed cleanly (WAL checkpointed).
std::string make_index_file(const std::string &name, int entries) {
  std::string path = test::temp_path(name);
  test::remove_index(path);
  test::Engine e(path);
  REQUIRE(e.e);
  REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
  std::string lines;
  for (int i = 0; i < entries; ++i)
    lines += "{\"id\": \"bulk" + std::to_string(i) +
             "\", \"question\": \"How do I configure option " + std::to_string(i) +
             " of the billing module?\", \"answer\": \"Open the settings page " +
             std::to_string(i) + " and follow the steps for invoices and passwords.\"}\n";
  REQUIRE(faqlite_index_text(e, lines.data(), static_cast<long>(lines.size()), "bulk.jsonl",
                             nullptr) == FAQLITE_OK);
  return path;
}

}  // namespace

TEST_CASE("FTS5 syntax in a question is searched as words", "[hostile]") {
  test::Engine e;
  REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
  // Each one holds a real word: it must still find the entry, which an FTS5 parse would not.
  const std::vector<std::string> with_word = {"\"password",
                                              "password\"",
                                              "\"reset\" \"password",
                                              "password AND",
                                              "OR password",
                                              "NOT password",
                                              "password AND NOT reset",
                                              "NEAR(password reset, 2)",
                                              "NEAR(password",
                                              "password*",
                                              "*password",
                                              "^password",
                                              "question:password",
                                              "answer: password",
                                              "{question answer}: password",
                                              "-password",
                                              "password -",
                                              "(password",
                                              "password))",
                                              "((password) OR (",
                                              "password + reset",
                                              "\"\"\"password\"\"",
                                              "password\x1f",
                                              "\x1fpassword",
                                              "password'); DROP TABLE entries; --"};
  for (const auto &q : with_word) {
    INFO(q);
    Asked a = ask_raw(e, q, "{\"threshold\": 0}");
    REQUIRE(a.rc == FAQLITE_OK);
    REQUIRE(test::top_id(a.result) == "reset-password");
  }
  // Syntax alone: a clean unanswered result.
  for (const std::string q :
       {"\"", "AND", "OR",  "NOT", "NEAR(", "*",          "^",      "col:", "-",  "(",
        ")",  "(((", ")))", ":",   "\"\"",  "AND OR NOT", "NEAR()", "+",    "{}", "\x1f"}) {
    INFO(q);
    Asked a = ask_raw(e, q);
    REQUIRE(a.rc == FAQLITE_OK);
    REQUIRE(a.result["answered"] == false);
    REQUIRE(a.result["outcome"] == "fallback");
  }
  // The entries table is still there after the injection attempt.
  REQUIRE(test::top_id(test::ask(e, "reset password")) == "reset-password");
}

TEST_CASE("empty and whitespace-only questions are unanswered results", "[hostile]") {
  test::Engine e;
  REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
  for (const std::string q :
       {"", " ", "\t\r\n", "\xC2\xA0\xE2\x80\x83\xE3\x80\x80", "\xE2\x80\x8B"}) {
    Asked a = ask_raw(e, q);
    REQUIRE(a.rc == FAQLITE_OK);
    REQUIRE(a.result["answered"] == false);
    REQUIRE(a.result["answers"].empty());
    REQUIRE_FALSE(a.result["fallback"].get<std::string>().empty());
  }
  // A NUL-terminated empty string and an explicit zero length agree.
  faqlite_result *r = nullptr;
  REQUIRE(faqlite_ask(e, "", FAQLITE_NUL_TERMINATED, nullptr, &r) == FAQLITE_OK);
  REQUIRE(faqlite_result_outcome(r) == FAQLITE_OUTCOME_FALLBACK);
  faqlite_result_free(r);
  REQUIRE(faqlite_ask(e, "ignored", 0, nullptr, &r) == FAQLITE_OK);
  REQUIRE(faqlite_result_count(r) == 0);
  faqlite_result_free(r);
}

TEST_CASE("invalid UTF-8 is refused with EINVAL and the byte position", "[hostile]") {
  test::Engine e;
  REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
  const std::vector<std::string> bad = {"\xff",
                                        "pass\xffword",
                                        "\xc3",
                                        "caf\xc3",
                                        "\xc0\x80",
                                        "\xe0\x80\x80",
                                        "\xed\xa0\x80 surrogate",
                                        "\xf4\x90\x80\x80",
                                        "\xf8\x88\x80\x80\x80",
                                        "password \x80"};
  for (const auto &q : bad) {
    INFO(q);
    Asked a = ask_raw(e, q);
    REQUIRE(a.rc == FAQLITE_EINVAL);
    REQUIRE(has(a.error, "UTF-8"));
    REQUIRE(has(a.error, "byte"));
    REQUIRE(faqlite_last_error_code() == FAQLITE_EINVAL);
  }
  // Everywhere text enters: context turns, entries, corpus text, analysis, options.
  REQUIRE(ask_raw(e, "password", "{\"context\": [\"ok\"]}").rc == FAQLITE_OK);
  std::string ctx_opts = "{\"context\": [\"\xff\"]}";
  REQUIRE(ask_raw(e, "password", ctx_opts.c_str()).rc == FAQLITE_EINVAL);
  std::string entry = "{\"id\": \"u\", \"question\": \"q\xff\", \"answer\": \"a\"}";
  REQUIRE(faqlite_put(e, entry.data(), static_cast<long>(entry.size()), 1) == FAQLITE_EFORMAT);
  REQUIRE(has(faqlite_last_error(), "UTF-8"));
  std::string lines =
      "{\"id\": \"u\", \"question\": \"q\", \"answer\": \"a\"}\n{\"id\": \"v\xc3\"}\n";
  REQUIRE(faqlite_index_text(e, lines.data(), static_cast<long>(lines.size()), "bad.jsonl",
                             nullptr) == FAQLITE_EFORMAT);
  REQUIRE(has(faqlite_last_error(), "bad.jsonl:2"));
  REQUIRE(has(faqlite_last_error(), "UTF-8"));
  char *out = nullptr;
  REQUIRE(faqlite_analyze(e, "\xff", -1, "en", 1, &out) == FAQLITE_EINVAL);
  REQUIRE(out == nullptr);
  // JSON's own escapes cannot smuggle a lone surrogate past the check either.
  const char *lone = R"({"id": "s", "question": "q \ud800", "answer": "a"})";
  int rc = faqlite_put(e, lone, -1, 1);
  REQUIRE((rc == FAQLITE_EFORMAT || rc == FAQLITE_OK));
  if (rc == FAQLITE_OK) {
    REQUIRE(faqlite_get(e, "s", nullptr, &out) == FAQLITE_OK);
    std::string got = out;
    faqlite_free(out);
    REQUIRE(json::parse(got)["question"].get<std::string>().find('\xed') == std::string::npos);
  }
}

TEST_CASE("NUL bytes inside a question with an explicit length", "[hostile]") {
  test::Engine e;
  REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
  const std::string q("reset\0my\0password", 17);
  Asked a = ask_raw(e, q, "{\"threshold\": 0}");
  REQUIRE(a.rc == FAQLITE_OK);
  REQUIRE(test::top_id(a.result) == "reset-password");
  // The whole question comes back, NULs included, not cut at the first one.
  REQUIRE(a.result["query"].get<std::string>() == q);
  Asked only_nul = ask_raw(e, std::string(5, '\0'));
  REQUIRE(only_nul.rc == FAQLITE_OK);
  REQUIRE(only_nul.result["answered"] == false);
  // In a stored entry too: a NUL inside an answer survives a round trip.
  const char entry[] =
      R"({"id": "nul", "question": "zero byte question", "answer": "before\u0000after"})";
  REQUIRE(faqlite_put(e, entry, -1, 0) == FAQLITE_OK);
  Asked z = ask_raw(e, "zero byte question");
  REQUIRE(test::top_id(z.result) == "nul");
  REQUIRE(z.result["answers"][0]["answer"].get<std::string>() == std::string("before\0after", 12));
}

TEST_CASE("long questions are refused with ELIMIT by default and answered when allowed",
          "[hostile]") {
  test::Engine e;
  REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
  std::string words;
  while (words.size() < 100 * 1024) words += "password reset please ";
  for (size_t size : {static_cast<size_t>(4097), static_cast<size_t>(100 * 1024),
                      static_cast<size_t>(1024 * 1024)}) {
    std::string q = words;
    while (q.size() < size) q += words;
    q.resize(size);
    INFO(size);
    Asked a = ask_raw(e, q);
    REQUIRE(a.rc == FAQLITE_ELIMIT);
    REQUIRE(has(a.error, std::to_string(size) + " bytes"));
    REQUIRE(has(a.error, "4096"));
  }
  // Exactly at the limit is fine.
  std::string at_limit = words.substr(0, 4096);
  REQUIRE(ask_raw(e, at_limit).rc == FAQLITE_OK);

  // An engine configured for it answers a 1 MB question (only the first words count).
  test::Engine big(":memory:", "{\"max_question_bytes\": 2097152}");
  REQUIRE(test::index_path(big, test::data("corpus/small.json")) == FAQLITE_OK);
  std::string mb = words;
  while (mb.size() < 1024 * 1024) mb += words;
  mb.resize(1024 * 1024);
  Asked a = ask_raw(big, mb);
  REQUIRE(a.rc == FAQLITE_OK);
  REQUIRE(test::top_id(a.result) == "reset-password");
  // A megabyte without a single word break is one long token: still no crash.
  Asked one = ask_raw(big, std::string(1024 * 1024, 'x'));
  REQUIRE(one.rc == FAQLITE_OK);
  Asked cjk = ask_raw(big, [] {
    std::string s;
    while (s.size() < 1024 * 1024) s += "\xE5\xAF\x86\xE7\xA0\x81";  // 密码
    return s;
  }());
  REQUIRE(cjk.rc == FAQLITE_OK);
}

TEST_CASE("k, context turns and filters have limits with clear errors", "[hostile][limits]") {
  test::Engine e(":memory:", "{\"max_k\": 10, \"max_context_turns\": 2}");
  REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
  Asked a = ask_raw(e, "password", "{\"k\": 11}");
  REQUIRE(a.rc == FAQLITE_ELIMIT);
  REQUIRE(has(a.error, "\"k\""));
  REQUIRE(has(a.error, "10"));
  REQUIRE(ask_raw(e, "password", "{\"k\": 10}").rc == FAQLITE_OK);
  REQUIRE(ask_raw(e, "password", "{\"k\": -1}").rc == FAQLITE_EINVAL);
  REQUIRE(ask_raw(e, "password", "{\"k\": 1e30}").rc == FAQLITE_EINVAL);
  REQUIRE(ask_raw(e, "password", "{\"k\": 18446744073709551615}").rc != FAQLITE_OK);
  a = ask_raw(e, "password", "{\"context\": [\"a\", \"b\", \"c\"]}");
  REQUIRE(a.rc == FAQLITE_ELIMIT);
  REQUIRE(has(a.error, "context"));
  REQUIRE(ask_raw(e, "password", "{\"context\": [\"a\", \"b\"]}").rc == FAQLITE_OK);

  // A filter with very many conditions is refused or answered, never an SQLite error.
  std::string many = "{\"filters\": {\"any\": [";
  for (int i = 0; i < 5000; ++i)
    many += std::string(i ? "," : "") + "{\"section\": \"s" + std::to_string(i) + "\"}";
  many += "]}}";
  a = ask_raw(e, "password", many.c_str());
  INFO(a.error);
  REQUIRE_FALSE(looks_like_sql_error(a.error));
  REQUIRE(a.rc == FAQLITE_ELIMIT);
  REQUIRE(has(a.error, "conditions"));
  std::string wide = "{\"filters\": {\"all\": [";
  for (int i = 0; i < 200; ++i) {
    wide += std::string(i ? "," : "") + "{\"tags\": [";
    for (int v = 0; v < 256; ++v)
      wide += std::string(v ? "," : "") + "\"t" + std::to_string(v) + "\"";
    wide += "]}";
  }
  wide += "]}}";
  a = ask_raw(e, "password", wide.c_str());
  INFO(a.error);
  REQUIRE_FALSE(looks_like_sql_error(a.error));
  REQUIRE(a.rc == FAQLITE_ELIMIT);
  // Under the limits a broad filter works.
  std::string fine = "{\"threshold\": 0, \"filters\": {\"any\": [";
  for (int i = 0; i < 40; ++i)
    fine += "{\"section\": [\"s" + std::to_string(i) + "\", \"Account\"]},";
  fine += "{\"tags\": \"security\"}]}}";
  a = ask_raw(e, "password", fine.c_str());
  REQUIRE(a.rc == FAQLITE_OK);
  REQUIRE(test::top_id(a.result) == "reset-password");
  // Deep nesting in the options is refused, not recursed into.
  std::string deep = "{\"filters\": ";
  for (int i = 0; i < 10000; ++i) deep += "{\"not\": ";
  deep += "{}" + std::string(10000, '}') + "}";
  a = ask_raw(e, "password", deep.c_str());
  REQUIRE(a.rc == FAQLITE_EINVAL);
  REQUIRE(has(a.error, "nested"));
  std::string deep_array(200000, '[');
  a = ask_raw(e, "password", deep_array.c_str());
  REQUIRE(a.rc == FAQLITE_EINVAL);
}

TEST_CASE("deeply nested options and entries are refused before parsing", "[hostile][limits]") {
  const int n = 200000;
  std::string deep_obj;
  for (int i = 0; i < n; ++i) deep_obj += "{\"a\": ";
  deep_obj += "1" + std::string(n, '}');
  const std::string opts = "{\"k\": 3, \"x\": " + deep_obj + "}";
  faqlite_engine *bad = nullptr;
  REQUIRE(faqlite_open(":memory:", opts.c_str(), &bad) == FAQLITE_EINVAL);
  REQUIRE(bad == nullptr);
  REQUIRE(has(faqlite_last_error(), "nested"));
  test::Engine e;
  REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
  Asked a = ask_raw(e, "password", opts.c_str());
  REQUIRE(a.rc == FAQLITE_EINVAL);
  REQUIRE(has(a.error, "nested"));
  const std::string entry = "{\"id\": \"deep\", \"answer\": \"x\", \"meta\": " + deep_obj + "}";
  REQUIRE(faqlite_put(e, entry.data(), static_cast<long>(entry.size()), 1) == FAQLITE_EFORMAT);
  REQUIRE(has(faqlite_last_error(), "nested"));
  char *corpus = nullptr, *report = nullptr;
  REQUIRE(faqlite_import_text("# T\n\ntext", -1, opts.c_str(), &corpus, &report) == FAQLITE_EINVAL);
  REQUIRE(has(faqlite_last_error(), "nested"));
  REQUIRE(corpus == nullptr);
  const std::string small = test::data("corpus/small.json");
  const char *one[] = {small.c_str()};
  REQUIRE(faqlite_check_paths(one, 1, opts.c_str(), &report) == FAQLITE_EINVAL);
  REQUIRE(has(faqlite_last_error(), "nested"));
  REQUIRE(report == nullptr);
  // Nothing was written by the refused entry.
  char *stats = nullptr;
  REQUIRE(faqlite_stats(e, &stats) == FAQLITE_OK);
  REQUIRE(json::parse(stats)["entries"] == 5);
  faqlite_free(stats);
}

TEST_CASE("deeply nested and oversized corpus JSON is refused with the place named",
          "[hostile][corpus]") {
  test::Engine e;
  std::string doc = "{\"faqlite\": 1, \"entries\": [{\"id\": \"a\", \"answer\": \"x\", \"meta\": ";
  for (int i = 0; i < 100000; ++i) doc += "{\"a\": ";
  doc += "1" + std::string(100000, '}') + "}]}";
  REQUIRE(faqlite_index_text(e, doc.data(), static_cast<long>(doc.size()), "deep.json", nullptr) ==
          FAQLITE_EFORMAT);
  REQUIRE(has(faqlite_last_error(), "deep.json:1"));
  REQUIRE(has(faqlite_last_error(), "nested deeper"));
  std::string arrays(1 << 20, '[');
  REQUIRE(faqlite_index_text(e, arrays.data(), static_cast<long>(arrays.size()), "arrays.jsonl",
                             nullptr) == FAQLITE_EFORMAT);
  REQUIRE(has(faqlite_last_error(), "arrays.jsonl:1"));
  // Deep nesting in a single put, and in JSON Lines on a later line.
  std::string entry =
      "{\"id\": \"a\", \"answer\": \"x\", \"meta\": " + std::string(50000, '[') + "}";
  int rc = faqlite_put(e, entry.data(), static_cast<long>(entry.size()), 1);
  REQUIRE((rc == FAQLITE_EFORMAT || rc == FAQLITE_EINVAL));
  std::string lines =
      "{\"id\": \"a\", \"question\": \"q\", \"answer\": \"x\"}\n" + std::string(50000, '{') + "\n";
  REQUIRE(faqlite_index_text(e, lines.data(), static_cast<long>(lines.size()), "deep.jsonl",
                             nullptr) == FAQLITE_EFORMAT);
  REQUIRE(has(faqlite_last_error(), "deep.jsonl:2"));
  // An entry above max_entry_bytes.
  test::Engine small(":memory:", "{\"max_entry_bytes\": 1000}");
  std::string big =
      "{\"id\": \"big\", \"question\": \"q\", \"answer\": \"" + std::string(2000, 'x') + "\"}";
  REQUIRE(faqlite_put(small, big.data(), static_cast<long>(big.size()), 1) == FAQLITE_EFORMAT);
  REQUIRE(has(faqlite_last_error(), "limit of 1000"));
  // Nothing was indexed by any of the refusals.
  char *stats = nullptr;
  REQUIRE(faqlite_stats(e, &stats) == FAQLITE_OK);
  REQUIRE(json::parse(stats)["entries"] == 0);
  faqlite_free(stats);
}

TEST_CASE("the number of entries one indexing call reads is limited", "[hostile][corpus][limits]") {
  test::Engine e(":memory:", "{\"max_corpus_entries\": 6}");
  REQUIRE(e.e);
  std::string lines;
  for (int i = 0; i < 7; ++i)
    lines += "{\"id\": \"e" + std::to_string(i) + "\", \"question\": \"q\", \"answer\": \"a\"}\n";
  REQUIRE(faqlite_index_text(e, lines.data(), static_cast<long>(lines.size()), "many.jsonl",
                             nullptr) == FAQLITE_ELIMIT);
  REQUIRE(has(faqlite_last_error(), "many.jsonl:7"));
  REQUIRE(has(faqlite_last_error(), "max_corpus_entries"));
  // Across files: each is under the limit, together they are not.
  const std::string a = test::data("corpus/small.json"), b = test::data("corpus/small.jsonl");
  const char *both[] = {a.c_str(), b.c_str()};
  REQUIRE(faqlite_index_paths(e, both, 2, nullptr, nullptr, nullptr) == FAQLITE_ELIMIT);
  REQUIRE(has(faqlite_last_error(), "small.jsonl"));
  char *stats = nullptr;
  REQUIRE(faqlite_stats(e, &stats) == FAQLITE_OK);
  REQUIRE(json::parse(stats)["entries"] == 0);
  faqlite_free(stats);
  REQUIRE(test::index_path(e, a) == FAQLITE_OK);
  faqlite_engine *bad = nullptr;
  REQUIRE(faqlite_open(":memory:", "{\"max_corpus_entries\": 0}", &bad) == FAQLITE_EINVAL);
}

TEST_CASE("the index option \"threads\" takes 1 or 2 and names what is wrong",
          "[hostile][corpus]") {
  test::Engine e(":memory:");
  REQUIRE(e.e);
  const std::string one = "{\"id\": \"a\", \"question\": \"q\", \"answer\": \"a\"}\n";
  for (const char *opts :
       {"{\"threads\": 0}", "{\"threads\": 3}", "{\"threads\": \"2\"}", "{\"threads\": 1.5}"}) {
    INFO(opts);
    REQUIRE(faqlite_index_text(e, one.data(), static_cast<long>(one.size()), "one.jsonl", opts) ==
            FAQLITE_EINVAL);
    REQUIRE(has(faqlite_last_error(), "threads"));
  }
  REQUIRE(faqlite_index_text(e, one.data(), static_cast<long>(one.size()), "one.jsonl",
                             "{\"threads\": 1}") == FAQLITE_OK);
}

TEST_CASE("a long unanswered question is logged cut at a character boundary",
          "[hostile][regression]") {
  // The log keeps 500 bytes of a question; a cut inside a character stored invalid UTF-8.
  test::Engine e(":memory:", "{\"log_unanswered\": true}");
  REQUIRE(test::index_path(e, test::data("corpus/small.json")) == FAQLITE_OK);
  std::string q;
  for (int i = 0; i < 200; ++i) q += "\xE5\xAF\x86";  // 600 bytes of a 3-byte character
  REQUIRE(ask_raw(e, q).result["answered"] == false);
  char *out = nullptr;
  REQUIRE(faqlite_unanswered(e, 10, &out) == FAQLITE_OK);
  json log = json::parse(out);
  faqlite_free(out);
  REQUIRE(log.size() == 1);
  const std::string kept = log[0]["query"];
  REQUIRE(kept.size() == 498);
  REQUIRE(kept == q.substr(0, 498));
}

TEST_CASE("numbers out of range in a corpus are a format error", "[hostile][corpus][regression]") {
  // Found by fuzz_corpus: nlohmann reports "1e400" as out_of_range, not as a parse error, and it
  // used to escape as a generic FAQLITE_ERROR with the library's internal exception text.
  test::Engine e;
  const std::string line =
      "{\"id\": \"a\", \"question\": \"q\", \"answer\": \"x\", \"meta\": {\"n\": 1e400}}\n";
  REQUIRE(faqlite_index_text(e, line.data(), static_cast<long>(line.size()), "big.jsonl",
                             nullptr) == FAQLITE_EFORMAT);
  std::string msg = faqlite_last_error();
  REQUIRE(msg.rfind("big.jsonl:1: invalid JSON", 0) == 0);
  REQUIRE(has(msg, "1e400"));
  const std::string doc =
      "{\"faqlite\": 1, \"entries\": [{\"id\": \"a\", \"answer\": \"x\", \"meta\": {\"n\": "
      "-1e999}}]}";
  REQUIRE(faqlite_index_text(e, doc.data(), static_cast<long>(doc.size()), "big.json", nullptr) ==
          FAQLITE_EFORMAT);
  REQUIRE(std::string(faqlite_last_error()).rfind("big.json: invalid JSON", 0) == 0);
  const std::string opts = "{\"k\": 1e400}";
  REQUIRE(ask_raw(e, "x", opts.c_str()).rc == FAQLITE_EINVAL);
  REQUIRE(faqlite_put(e, line.data(), static_cast<long>(line.size()), 1) == FAQLITE_EFORMAT);
}

TEST_CASE("numeric ids keep every digit", "[hostile][corpus][regression]") {
  // Found while writing the fuzz_api model: an id above 2^63 was stored as a negative number.
  test::Engine e;
  REQUIRE(faqlite_put(e, R"({"id": 18446744073709551615, "question": "big id", "answer": "x"})", -1,
                      0) == FAQLITE_OK);
  REQUIRE(faqlite_put(e, R"({"id": -5, "question": "negative id", "answer": "y"})", -1, 0) ==
          FAQLITE_OK);
  char *out = nullptr;
  REQUIRE(faqlite_get(e, "18446744073709551615", nullptr, &out) == FAQLITE_OK);
  faqlite_free(out);
  REQUIRE(faqlite_get(e, "-1", nullptr, &out) == FAQLITE_ENOTFOUND);
  REQUIRE(faqlite_get(e, "-5", nullptr, &out) == FAQLITE_OK);
  faqlite_free(out);
}

TEST_CASE("a corpus of 100,000 one-word entries indexes and answers", "[hostile][corpus][large]") {
  test::Engine e;
  REQUIRE(e.e);
  std::string lines;
  lines.reserve(100000 * 64);
  for (int i = 0; i < 100000; ++i) {
    const std::string w = "w" + std::to_string(i);
    lines += "{\"id\": \"" + w + "\", \"question\": \"" + w + "\", \"answer\": \"" + w + "\"}\n";
  }
  REQUIRE(faqlite_index_text(e, lines.data(), static_cast<long>(lines.size()), "words.jsonl",
                             nullptr) == FAQLITE_OK);
  char *stats = nullptr;
  REQUIRE(faqlite_stats(e, &stats) == FAQLITE_OK);
  REQUIRE(json::parse(stats)["entries"] == 100000);
  faqlite_free(stats);
  json j = test::ask(e, "w77777");
  REQUIRE(test::top_id(j) == "w77777");
  REQUIRE(j["answered"] == true);
  // Unknown words go through spelling suggestions over the whole vocabulary: still an answer.
  j = test::ask(e, "w7777x", "{\"threshold\": 0}");
  REQUIRE_FALSE(j.contains("error"));
  j = test::ask(e, "how do I reset my password");
  REQUIRE_FALSE(j.contains("error"));
  REQUIRE(j["answered"] == false);
}

TEST_CASE("a file that is not an index is refused and left untouched", "[hostile][store]") {
  struct Case {
    const char *name;
    std::string bytes;
  };
  std::string random_bytes(8192, '\0');
  std::mt19937 rng(7);
  for (auto &c : random_bytes) c = static_cast<char>(rng());
  const std::vector<Case> cases = {
      {"text", "this is a text file, not an index\n"},
      {"json", read_file(test::data("corpus/small.json"))},
      {"random", random_bytes},
      {"sqlite-header-only", std::string("SQLite format 3\0", 16) + std::string(84, '\xff')},
  };
  for (const auto &c : cases) {
    INFO(c.name);
    std::string path = test::temp_path(std::string("notindex-") + c.name);
    test::remove_index(path);
    write_file(path, c.bytes);
    faqlite_engine *e = nullptr;
    REQUIRE(faqlite_open(path.c_str(), nullptr, &e) == FAQLITE_ECORRUPT);
    REQUIRE(e == nullptr);
    REQUIRE(has(faqlite_last_error(), "not a faqlite index"));
    REQUIRE(faqlite_open(path.c_str(), "{\"readonly\": true}", &e) == FAQLITE_ECORRUPT);
    REQUIRE(read_file(path) == c.bytes);
    test::remove_index(path);
  }
  // Another program's SQLite database: refused, and not converted into an index.
  std::string path = test::temp_path("other-app.db");
  test::remove_index(path);
  sqlite3 *db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "CREATE TABLE people(name TEXT); INSERT INTO people VALUES('ann');",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  const std::string before = read_file(path);
  faqlite_engine *e = nullptr;
  REQUIRE(faqlite_open(path.c_str(), nullptr, &e) == FAQLITE_ECORRUPT);
  REQUIRE(has(faqlite_last_error(), "no faqlite metadata"));
  REQUIRE(read_file(path) == before);
  REQUIRE_FALSE(fs::exists(path + "-wal"));
  test::remove_index(path);
}

TEST_CASE("an index from a newer faqlite is refused with EVERSION", "[hostile][store]") {
  std::string path = make_index_file("newer.db", 10);
  sqlite3 *db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "UPDATE meta SET value = '99' WHERE key = 'format'", nullptr, nullptr,
                       nullptr) == SQLITE_OK);
  sqlite3_close(db);
  for (const char *opts : {static_cast<const char *>(nullptr), "{\"readonly\": true}"}) {
    faqlite_engine *e = nullptr;
    REQUIRE(faqlite_open(path.c_str(), opts, &e) == FAQLITE_EVERSION);
    REQUIRE(e == nullptr);
    std::string msg = faqlite_last_error();
    REQUIRE(has(msg, "format version 99"));
    REQUIRE(has(msg, "newer"));
  }
  // An unreadable version number is damage, not a version.
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "UPDATE meta SET value = 'x' WHERE key = 'format'", nullptr, nullptr,
                       nullptr) == SQLITE_OK);
  sqlite3_close(db);
  faqlite_engine *e = nullptr;
  REQUIRE(faqlite_open(path.c_str(), nullptr, &e) == FAQLITE_ECORRUPT);
  test::remove_index(path);
}

TEST_CASE("a truncated index is refused or reported as damaged, never a crash",
          "[hostile][store]") {
  const std::string path = make_index_file("truncated.db", 400);
  const std::string full = read_file(path);
  REQUIRE(full.size() > 64 * 1024);
  for (size_t keep : {full.size() / 2, full.size() / 8, static_cast<size_t>(4096),
                      static_cast<size_t>(100), static_cast<size_t>(10)}) {
    INFO(keep);
    test::remove_index(path);
    write_file(path, full.substr(0, keep));
    faqlite_engine *e = nullptr;
    int rc = faqlite_open(path.c_str(), nullptr, &e);
    if (rc != FAQLITE_OK) {
      REQUIRE(rc == FAQLITE_ECORRUPT);
      REQUIRE(e == nullptr);
      REQUIRE((has(faqlite_last_error(), "damaged") ||
               has(faqlite_last_error(), "not a faqlite index")));
      continue;
    }
    // Opened (SQLite reads pages lazily): every use answers or reports the damage.
    bool reported = false;
    for (const std::string q : {"reset password", "configure option 399 billing", "invoices"}) {
      Asked a = ask_raw(e, q);
      INFO(a.error);
      REQUIRE((a.rc == FAQLITE_OK || a.rc == FAQLITE_ECORRUPT));
      if (a.rc == FAQLITE_ECORRUPT) REQUIRE(has(a.error, "damaged"));
      reported = reported || a.rc == FAQLITE_ECORRUPT;
    }
    char *out = nullptr;
    rc = faqlite_get(e, "bulk399", nullptr, &out);
    REQUIRE((rc == FAQLITE_OK || rc == FAQLITE_ECORRUPT || rc == FAQLITE_ENOTFOUND));
    faqlite_free(out);
    reported = reported || rc == FAQLITE_ECORRUPT;
    faqlite_close(e);
    REQUIRE(reported);
  }
  test::remove_index(path);
}

TEST_CASE("an index with damaged pages reports ECORRUPT, never a crash", "[hostile][store]") {
  const std::string path = make_index_file("damaged.db", 400);
  const std::string full = read_file(path);
  std::mt19937 rng(2024);
  for (int round = 0; round < 12; ++round) {
    INFO(round);
    std::string bytes = full;
    // Overwrite a few runs of bytes after the file header with noise.
    for (int k = 0; k < 4; ++k) {
      size_t at = 100 + rng() % (bytes.size() - 200);
      for (size_t i = 0; i < 64 && at + i < bytes.size(); ++i)
        bytes[at + i] = static_cast<char>(rng());
    }
    test::remove_index(path);
    write_file(path, bytes);
    faqlite_engine *e = nullptr;
    int rc = faqlite_open(path.c_str(), nullptr, &e);
    INFO(faqlite_last_error());
    REQUIRE((rc == FAQLITE_OK || rc == FAQLITE_ECORRUPT));
    if (rc != FAQLITE_OK) continue;
    for (const std::string q :
         {"reset password", "configure option 17 billing", "invoices module"}) {
      Asked a = ask_raw(e, q);
      INFO(a.error);
      REQUIRE((a.rc == FAQLITE_OK || a.rc == FAQLITE_ECORRUPT));
      if (a.rc == FAQLITE_ECORRUPT) REQUIRE(has(a.error, "damaged"));
    }
    char *out = nullptr;
    rc = faqlite_stats(e, &out);
    INFO(faqlite_last_error());
    REQUIRE((rc == FAQLITE_OK || rc == FAQLITE_ECORRUPT));
    faqlite_free(out);
    faqlite_close(e);
  }
  test::remove_index(path);
}
