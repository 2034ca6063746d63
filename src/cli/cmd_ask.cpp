// faqlite ask: one question (human-readable or --json), or a JSON Lines batch on stdin.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <string>

#include "cli/cli.hpp"
#include "cli/json_depth.hpp"

namespace faqlite_cli {
using nlohmann::json;

namespace {

const char *kHelp =
    "usage: faqlite ask [--db FILE] [--lang L] [-k N] [--json] [--explain] [--threshold T]\n"
    "                   [--context TURN]... \"question\"\n"
    "       faqlite ask --db FILE --jsonl < questions.jsonl\n"
    "\n"
    "Answers a question from the index FILE (default: the bundled career-guide corpus, indexed\n"
    "into a cache on first use). --json prints the JSON result; --jsonl reads lines\n"
    "{\"id\": ..., \"query\": ..., \"lang\": ..., \"context\": [...], \"k\": N, \"filters\": "
    "{...}}\n"
    "and writes one JSON result per line, in input order, with the input's id.\n";

void print_human(const faqlite_result *r) {
  json j = json::parse(faqlite_result_json(r));
  const std::string outcome = j["outcome"];
  if (j.contains("corrections"))
    for (const auto &c : j["corrections"])
      std::printf("(did you mean \"%s\" for \"%s\"?)\n", c["to"].get<std::string>().c_str(),
                  c["from"].get<std::string>().c_str());
  if (outcome == "fallback") {
    std::printf("%s\n", j["fallback"].get<std::string>().c_str());
    if (!j["answers"].empty()) std::printf("\nClosest entries (low confidence):\n");
  } else if (outcome == "clarify") {
    std::printf("Did you mean one of these?\n");
  }
  int i = 0;
  for (const auto &a : j["answers"]) {
    ++i;
    std::string q = a["question"].get<std::string>();
    if (q.empty()) q = a["title"].get<std::string>();
    std::printf("\n[%d] %s (%s)  confidence %.2f\n", i, a["id"].get<std::string>().c_str(),
                a["lang"].get<std::string>().c_str(), a["confidence"].get<double>());
    if (!q.empty()) std::printf("Q: %s\n", q.c_str());
    if (outcome != "fallback" || i == 1)
      std::printf("A: %s\n", a["answer"].get<std::string>().c_str());
    if (i == 1 && outcome == "answered" && !a["follow_ups"].empty()) {
      std::printf("Related:");
      for (const auto &f : a["follow_ups"])
        std::printf("\n  - %s", f["question"].get<std::string>().c_str());
      std::printf("\n");
    }
  }
}

int batch(faqlite_engine *e, const Args &a) {
  std::string line;
  size_t line_no = 0;
  int failures = 0;
  json defaults = json::object();
  if (a.has("-k")) defaults["k"] = std::stoi(a.get("-k"));
  while (std::getline(std::cin, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const bool too_deep = json_depth(line, kMaxInputJsonDepth) > kMaxInputJsonDepth;
    json in = too_deep ? json(nullptr) : json::parse(line, nullptr, false);
    json id = nullptr;
    std::string error;
    faqlite_result *r = nullptr;
    if (too_deep) {
      error = "line " + std::to_string(line_no) + ": JSON nested more than " +
              std::to_string(kMaxInputJsonDepth) + " levels deep";
    } else if (in.is_discarded() || !in.is_object()) {
      error = "line " + std::to_string(line_no) + ": not a JSON object";
    } else {
      id = in.value("id", json(nullptr));
      if (!in.contains("query") || !in["query"].is_string()) {
        error = "line " + std::to_string(line_no) + ": field \"query\" (string) is missing";
      } else {
        json opts = defaults;
        for (const char *k : {"lang", "context", "k", "filters", "threshold", "explain"})
          if (in.contains(k) && !in[k].is_null()) opts[k] = in[k];
        if (a.has("--lang") && !opts.contains("lang")) opts["lang"] = a.get("--lang");
        std::string q = in["query"];
        std::string o = opts.dump();
        int rc = faqlite_ask(e, q.data(), static_cast<long>(q.size()), o.c_str(), &r);
        if (rc != FAQLITE_OK)
          error = "line " + std::to_string(line_no) + ": " + faqlite_last_error();
      }
    }
    if (!error.empty()) {
      ++failures;
      std::cout << json({{"id", id}, {"error", error}})
                       .dump(-1, ' ', false, json::error_handler_t::replace)
                << '\n';
      continue;
    }
    // Splice the id in front of the result's fields rather than re-parsing the result.
    std::string body = faqlite_result_json(r);
    std::cout << "{\"id\":" << id.dump(-1, ' ', false, json::error_handler_t::replace) << ","
              << body.substr(1) << '\n';
    faqlite_result_free(r);
  }
  std::cout.flush();
  return failures ? kExitInput : kExitOk;
}

}  // namespace

int cmd_ask(int argc, char **argv) {
  Args a;
  if (!parse_args(argc, argv, 2, {"--db", "--lang", "-k", "--threshold", "--context", "--filters"},
                  {"--json", "--jsonl", "--explain", "--help", "-h"}, a))
    return kExitUsage;
  if (a.has("--help") || a.has("-h")) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  json opts = json::object();
  try {
    if (a.has("-k")) opts["k"] = std::stoi(a.get("-k"));
    if (a.has("--threshold")) opts["threshold"] = std::stod(a.get("--threshold"));
  } catch (...) {
    std::fprintf(stderr, "faqlite ask: -k and --threshold take numbers\n");
    return kExitUsage;
  }
  if (a.has("--lang")) opts["lang"] = a.get("--lang");
  if (a.has("--explain")) opts["explain"] = true;
  if (a.has("--context")) opts["context"] = json::array({a.get("--context")});
  if (a.has("--filters")) {
    const std::string text = a.get("--filters");
    if (json_depth(text, kMaxInputJsonDepth) > kMaxInputJsonDepth) {
      std::fprintf(stderr, "faqlite ask: --filters is nested more than %zu levels deep\n",
                   kMaxInputJsonDepth);
      return kExitUsage;
    }
    json f = json::parse(text, nullptr, false);
    if (f.is_discarded()) {
      std::fprintf(stderr, "faqlite ask: --filters is not valid JSON\n");
      return kExitUsage;
    }
    opts["filters"] = f;
  }
  if (!a.has("--jsonl") && a.positional.size() != 1) {
    std::fprintf(stderr, "faqlite ask: give one question (quote it), or --jsonl\n%s", kHelp);
    return kExitUsage;
  }
  int code = kExitOk;
  faqlite_engine *e = open_engine(a, true, code);
  if (!e) return code;
  if (a.has("--jsonl")) {
    code = batch(e, a);
    faqlite_close(e);
    return code;
  }
  const std::string &q = a.positional[0];
  faqlite_result *r = nullptr;
  std::string o = opts.dump();
  int rc = faqlite_ask(e, q.data(), static_cast<long>(q.size()), o.c_str(), &r);
  if (rc != FAQLITE_OK) {
    code = fail(rc, "ask");
    faqlite_close(e);
    return code;
  }
  if (a.has("--json"))
    std::printf("%s\n", faqlite_result_json(r));
  else
    print_human(r);
  faqlite_result_free(r);
  faqlite_close(e);
  return kExitOk;
}

}  // namespace faqlite_cli
