// faqlite_check_paths and `faqlite check`: every broken fixture gives its precise message.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_helpers.hpp"

using nlohmann::json;

namespace {

struct Checked {
  int rc;
  json report;  // null when the call gave no report
};

Checked check(const std::vector<std::string> &paths, const char *opts = nullptr) {
  std::vector<const char *> p;
  for (const auto &s : paths) p.push_back(s.c_str());
  char *out = nullptr;
  int rc = faqlite_check_paths(p.data(), p.size(), opts, &out);
  Checked c{rc, nullptr};
  if (out) c.report = json::parse(out);
  faqlite_free(out);
  return c;
}

std::string fixture(const std::string &name) {
  return test::data("check/" + name);
}

// The human "file:line: field: problem" lines of the report.
std::vector<std::string> texts(const json &report, const std::string &severity = "") {
  std::vector<std::string> out;
  for (const auto &p : report["problems"])
    if (severity.empty() || p["severity"] == severity) out.push_back(p["text"].get<std::string>());
  return out;
}

struct Run {
  int code;
  std::string out, err;
};

Run run_cli(const std::string &args) {
  std::string err_file = test::temp_path("check-err.txt");
  std::string cmd = std::string(FAQLITE_CLI) + " " + args + " 2>" + err_file;
  test::Command c = test::run_command(cmd);
  std::ifstream f(err_file);
  std::stringstream ss;
  ss << f.rdbuf();
  return {c.code, c.out, ss.str()};
}

}  // namespace

TEST_CASE("check: clean files pass without warnings", "[check]") {
  Checked c = check({fixture("good")});
  REQUIRE(c.rc == FAQLITE_OK);
  REQUIRE(c.report["ok"] == true);
  REQUIRE(c.report["errors"] == 0);
  REQUIRE(c.report["warnings"] == 0);
  REQUIRE(c.report["entries"] == 4);
  REQUIRE(c.report["languages"] == json({{"en", 2}, {"es", 2}}));
}

TEST_CASE("check: a follow-up that points nowhere", "[check]") {
  std::string f = fixture("dangling_follow_up.json");
  Checked c = check({f});
  REQUIRE(c.rc == FAQLITE_EFORMAT);
  REQUIRE(std::string(faqlite_last_error()).find("1 problem found") != std::string::npos);
  REQUIRE(texts(c.report) ==
          std::vector<std::string>{f + ":10: follow_ups: \"nowhere\" points to no entry in "
                                       "language \"en\" (id \"a\", en)"});
  const json &p = c.report["problems"][0];
  REQUIRE(p["code"] == "dangling_follow_up");
  REQUIRE(p["line"] == 10);
  REQUIRE(p["field"] == "follow_ups");
}

TEST_CASE("check: a duplicate id names both places", "[check]") {
  std::string f = fixture("duplicate_id.json");
  Checked c = check({f});
  REQUIRE(c.rc == FAQLITE_EFORMAT);
  REQUIRE(texts(c.report) ==
          std::vector<std::string>{f +
                                   ":7: id: \"same\" is a duplicate in language \"en\"; the "
                                   "first is at " +
                                   f + ":5"});
  REQUIRE(c.report["problems"][0]["code"] == "duplicate_id");
}

TEST_CASE("check: an unknown language code", "[check]") {
  std::string f = fixture("unknown_lang.json");
  Checked c = check({f});
  REQUIRE(c.rc == FAQLITE_EFORMAT);
  REQUIRE(texts(c.report) == std::vector<std::string>{f + ":8: lang: unknown language code "
                                                          "\"tlh\" (id \"klingon\")"});
  REQUIRE(c.report["problems"][0]["code"] == "unknown_language");
  REQUIRE(c.report["entries"] == 1);  // the valid entry was still read
}

TEST_CASE("check: an empty answer", "[check]") {
  std::string f = fixture("empty_answer.json");
  Checked c = check({f});
  REQUIRE(c.rc == FAQLITE_EFORMAT);
  REQUIRE(texts(c.report) == std::vector<std::string>{f + ":9: answer: is empty (id \"blank\")"});
  REQUIRE(c.report["problems"][0]["code"] == "empty_answer");
}

TEST_CASE("check: missing translations are warnings unless required", "[check]") {
  std::string dir = fixture("missing_translation");
  Checked c = check({dir});
  REQUIRE(c.rc == FAQLITE_OK);
  REQUIRE(c.report["warnings"] == 1);
  REQUIRE(c.report["missing_translations"] == json({{"es", {"b"}}}));
  std::string problem =
      "id: \"b\" has no translation in \"es\" (present in en; first at " + dir + "/en.json:6)";
  REQUIRE(texts(c.report, "warning") ==
          std::vector<std::string>{dir + "/es.json: warning: " + problem});

  c = check({dir}, "{\"require_translations\": true}");
  REQUIRE(c.rc == FAQLITE_EFORMAT);
  REQUIRE(texts(c.report, "error") == std::vector<std::string>{dir + "/es.json: " + problem});
}

TEST_CASE("check: every schema error of a file is reported, with its line and field", "[check]") {
  std::string f = fixture("many_errors.json");
  Checked c = check({f});
  REQUIRE(c.rc == FAQLITE_EFORMAT);
  REQUIRE(texts(c.report) ==
          std::vector<std::string>{
              f + ":7: anwser: unknown field (id \"typo\")",
              f + ":11: kind: must be \"faq\", \"passage\" or \"chitchat\", not \"faqq\" (id "
                  "\"bad-kind\")",
              f + ":18: follow_ups: must be an array of strings (id \"good\")"});
  REQUIRE(c.report["entries"] == 1);
}

TEST_CASE("check: JSON Lines are checked line by line", "[check]") {
  std::string f = fixture("lines.jsonl");
  Checked c = check({f});
  REQUIRE(c.rc == FAQLITE_EFORMAT);
  auto t = texts(c.report);
  REQUIRE(t.size() == 3);
  REQUIRE(t[0].rfind(f + ":2: syntax: invalid JSON: ", 0) == 0);
  REQUIRE(t[1] == f + ":4: id: is missing");
  REQUIRE(t[2] == f + ":5: follow_ups: \"zero\" points to no entry in language \"en\" (id "
                      "\"four\", en)");
}

TEST_CASE("check: a file that is not JSON does not stop the others", "[check]") {
  std::string broken = fixture("broken_syntax.json"), dangling = fixture("dangling_follow_up.json");
  Checked c = check({broken, dangling});
  REQUIRE(c.rc == FAQLITE_EFORMAT);
  auto t = texts(c.report);
  REQUIRE(t.size() == 2);
  REQUIRE(t[0].rfind(broken + ":5: syntax: invalid JSON: ", 0) == 0);
  REQUIRE(t[1].rfind(dangling + ":10: follow_ups: ", 0) == 0);
}

TEST_CASE("check: synonym sets sharing a word and FAQ entries without alternates warn", "[check]") {
  std::string f = fixture("synonyms.json");
  Checked c = check({f});
  REQUIRE(c.rc == FAQLITE_OK);
  REQUIRE(texts(c.report, "warning") ==
          std::vector<std::string>{
              f + ":7: warning: synonyms: \"Pay\" of synonyms[2] is also in synonyms[0]",
              f + ":10: warning: alternates: FAQ entry has no alternate phrasings (id \"q\", en)"});
}

TEST_CASE("check: unreadable paths and bad arguments", "[check]") {
  Checked c = check({fixture("no-such-file.json")});
  REQUIRE(c.rc == FAQLITE_ENOTFOUND);
  REQUIRE(c.report.is_null());
  REQUIRE(std::string(faqlite_last_error()).find("no-such-file.json") != std::string::npos);
  REQUIRE(check({fixture("good")}, "{\"require_translation\": true}").rc == FAQLITE_EINVAL);
  REQUIRE(faqlite_check_paths(nullptr, 1, nullptr, nullptr) == FAQLITE_EINVAL);
}

TEST_CASE("check: the bundled corpus passes", "[check][corpus]") {
  Checked c = check({FAQLITE_CORPUS_DIR});
  INFO(c.report.dump(2));
  REQUIRE(c.rc == FAQLITE_OK);
  REQUIRE(c.report["errors"] == 0);
}

TEST_CASE("faqlite check: exit codes and report lines", "[check][cli]") {
  Run r = run_cli("check " + fixture("good"));
  REQUIRE(r.code == 0);
  REQUIRE(r.out.empty());
  REQUIRE(r.err.find("0 errors") != std::string::npos);

  std::string f = fixture("empty_answer.json");
  r = run_cli("check " + f);
  REQUIRE(r.code == 1);
  REQUIRE(r.out == f + ":9: answer: is empty (id \"blank\")\n");

  r = run_cli("check --json " + f);
  REQUIRE(r.code == 1);
  REQUIRE(json::parse(r.out)["problems"][0]["code"] == "empty_answer");

  r = run_cli("check --require-translations " + fixture("missing_translation"));
  REQUIRE(r.code == 1);

  r = run_cli("check " + fixture("no-such-file.json"));
  REQUIRE(r.code == 3);
  REQUIRE(r.err.find("no-such-file.json") != std::string::npos);

  REQUIRE(run_cli("check").code == 2);
}
