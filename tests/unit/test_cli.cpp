// The command line tool, run as a user would: exit codes, JSON output, batch mode.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "test_helpers.hpp"

using nlohmann::json;

namespace {

struct Run {
  int code;
  std::string out;
};

Run run(const std::string &args, const std::string &stdin_text = "") {
  std::string in_file = test::temp_path("cli-in.txt");
  std::ofstream(in_file) << stdin_text;
  std::string cmd = std::string(FAQLITE_CLI) + " " + args + " < " + in_file + " 2>" +
                    test::temp_path("cli-err.txt");
  test::Command c = test::run_command(cmd);
  return {c.code, c.out};
}

std::string err_text() {
  std::ifstream f(test::temp_path("cli-err.txt"));
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("faqlite index and ask --json and --jsonl", "[cli]") {
  std::string db = test::temp_path("cli.db");
  std::filesystem::remove(db);
  REQUIRE(run("index --db " + db + " " + test::data("corpus/small.json") + " " +
              test::data("corpus/small.jsonl"))
              .code == 0);
  Run r = run("ask --db " + db + " --json \"forgot my password\"");
  REQUIRE(r.code == 0);
  REQUIRE(test::top_id(json::parse(r.out)) == "reset-password");

  std::string batch =
      "{\"id\": \"a\", \"query\": \"where are invoices\"}\n"
      "\n"
      "{\"id\": 7, \"query\": \"密码重置\", \"lang\": \"zh\"}\n"
      "{\"id\": \"c\", \"query\": \"change e-mail\", \"k\": 1}\n";
  r = run("ask --db " + db + " --jsonl", batch);
  REQUIRE(r.code == 0);
  std::istringstream lines(r.out);
  std::string line;
  std::vector<json> out;
  while (std::getline(lines, line)) out.push_back(json::parse(line));
  REQUIRE(out.size() == 3);
  REQUIRE(out[0]["id"] == "a");
  REQUIRE(test::top_id(out[0]) == "invoice");
  REQUIRE(out[1]["id"] == 7);
  REQUIRE(test::top_id(out[1]) == "j2");
  REQUIRE(out[2]["answers"].size() == 1);
  REQUIRE(test::top_id(out[2]) == "change-email");
  std::filesystem::remove(db);
}

// One parsed JSON value per output line of `ask --jsonl`.
static std::vector<json> json_lines(const std::string &text) {
  std::vector<json> out;
  std::istringstream lines(text);
  for (std::string l; std::getline(lines, l);) out.push_back(json::parse(l));
  return out;
}

TEST_CASE("bad batch lines get an error line and the batch goes on", "[cli]") {
  std::string db = test::temp_path("cli2.db");
  std::filesystem::remove(db);
  REQUIRE(run("index --db " + db + " " + test::data("corpus/small.json")).code == 0);
  Run r = run("ask --db " + db + " --jsonl",
              "not json\n{\"id\":1}\n{\"id\":2,\"query\":\"invoice\"}\n");
  REQUIRE(r.code == 3);
  std::vector<json> out = json_lines(r.out);
  REQUIRE(out.size() == 3);
  REQUIRE(out[0]["error"].get<std::string>().find("line 1") != std::string::npos);
  REQUIRE(out[1]["error"].get<std::string>().find("query") != std::string::npos);
  REQUIRE(test::top_id(out[2]) == "invoice");
  std::filesystem::remove(db);
}

TEST_CASE("deeply nested batch lines and filters are refused, not recursed into",
          "[cli][hostile]") {
  std::string db = test::temp_path("cli3.db");
  std::filesystem::remove(db);
  REQUIRE(run("index --db " + db + " " + test::data("corpus/small.json")).code == 0);
  const int n = 200000;  // deep enough to overflow the stack of a recursive copy or dump
  std::string filters = "{\"query\": \"invoice\", \"filters\": ";
  for (int i = 0; i < n; ++i) filters += "{\"not\": ";
  filters += "{}" + std::string(n, '}') + "}";
  std::string context =
      "{\"query\": \"invoice\", \"context\": " + std::string(n, '[') + std::string(n, ']') + "}";
  Run r =
      run("ask --db " + db + " --jsonl", filters + "\n" + context + "\n{\"query\": \"invoice\"}\n");
  REQUIRE(r.code == 3);
  std::vector<json> out = json_lines(r.out);
  REQUIRE(out.size() == 3);
  REQUIRE(out[0]["error"].get<std::string>().find("nested") != std::string::npos);
  REQUIRE(out[1]["error"].get<std::string>().find("nested") != std::string::npos);
  REQUIRE(test::top_id(out[2]) == "invoice");
  std::string deep_filter = std::string(5000, '[') + std::string(5000, ']');
  r = run("ask --db " + db + " --filters '" + deep_filter + "' invoice");
  REQUIRE(r.code == 2);
  std::filesystem::remove(db);
}

TEST_CASE("CLI exit codes and messages", "[cli]") {
  REQUIRE(run("").code == 2);
  REQUIRE(run("frobnicate").code == 2);
  REQUIRE(run("ask --help").code == 0);
  REQUIRE(run("index --help").code == 0);
  REQUIRE(run("ask --db /nonexistent/x.db \"hi\"").code == 4);
  std::string db = test::temp_path("cli3.db");
  std::filesystem::remove(db);
  Run r = run("index --db " + db + " " + test::data("corpus/bad_field.jsonl"));
  REQUIRE(r.code == 3);
  REQUIRE(err_text().find("bad_field.jsonl:2") != std::string::npos);
  // --threads takes 1 or 2; anything else is a usage error naming the value.
  REQUIRE(run("index --db " + db + " --threads 3 " + test::data("corpus/small.json")).code == 2);
  REQUIRE(err_text().find("--threads takes 1 or 2, not \"3\"") != std::string::npos);
  REQUIRE(run("index --db " + db + " --threads x " + test::data("corpus/small.json")).code == 2);
  REQUIRE(run("index --db " + db + " --threads 1 " + test::data("corpus/small.json")).code == 0);
  std::filesystem::remove(db);
}

TEST_CASE("ask without --db answers from the bundled corpus", "[cli][corpus]") {
  std::string cache = test::temp_path("cache");
  std::filesystem::remove_all(cache);
  Run r = run("ask --json \"how much does an international sales manager earn\"");
  // Run with a private cache so the test builds the default index itself.
  std::string cmd = "XDG_CACHE_HOME=" + cache + " " + std::string(FAQLITE_CLI) +
                    " ask --json \"how much does an international sales manager earn\"";
  FILE *p = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  REQUIRE(pclose(p) == 0);
  json j = json::parse(out);
  REQUIRE(j["answered"] == true);
  std::string id = test::top_id(j);
  REQUIRE(id.rfind("salary", 0) == 0);
  REQUIRE(j["answers"][0]["answer"].get<std::string>().find("100,000") != std::string::npos);
  (void)r;
  std::filesystem::remove_all(cache);
}

TEST_CASE("faqlite rebuild brings an index of an older layout back, keeping its entries", "[cli]") {
  const std::string db = test::temp_path("cli-rebuild.db");
  test::remove_index(db);
  REQUIRE(run("index --db " + db + " " + test::data("corpus/small.json")).code == 0);
  REQUIRE(run("ask --db " + db + " --json \"how do I reset my password\"").code == 0);
  // A current index is rebuilt on request.
  REQUIRE(run("rebuild --db " + db).code == 0);
  Run before = run("ask --db " + db + " --json \"how do I reset my password\"");
  REQUIRE(before.code == 0);
  // As if an older faqlite had written it: read-only commands refuse it and say what to do.
  REQUIRE(test::exec_on_file(db, "UPDATE meta SET value = 'older' WHERE key = 'analyzer'") == 1);
  REQUIRE(run("ask --db " + db + " \"how do I reset my password\"").code == 4);
  CHECK(err_text().find("must be rebuilt") != std::string::npos);
  REQUIRE(run("rebuild --db " + db).code == 0);
  Run after = run("ask --db " + db + " --json \"how do I reset my password\"");
  REQUIRE(after.code == 0);
  CHECK(json::parse(after.out)["answers"] == json::parse(before.out)["answers"]);
  // No file, no --db, an extra argument: errors, and nothing created.
  const std::string missing = test::temp_path("cli-rebuild-missing.db");
  std::filesystem::remove(missing);
  CHECK(run("rebuild --db " + missing).code == 4);
  CHECK_FALSE(std::filesystem::exists(missing));
  CHECK(run("rebuild").code == 2);
  CHECK(run("rebuild --db " + db + " extra").code == 2);
  test::remove_index(db);
}
