// faqlite check: validates corpus files without indexing; exit 0 clean, 1 problems, 3 unreadable.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "cli/cli.hpp"

namespace faqlite_cli {
namespace {

const char *kHelp =
    "usage: faqlite check [--require-translations] [--lang L] [--json] [--no-warnings] PATH...\n"
    "\n"
    "Validates corpus files and folders without indexing them. Every problem is printed as\n"
    "\"file:line: field: problem\": schema errors, duplicate ids, follow-ups that point nowhere,\n"
    "unknown language codes, empty answers. Warnings (\"file:line: warning: ...\"): ids missing\n"
    "in some languages (errors with --require-translations), FAQ entries without alternates,\n"
    "words in several synonym sets. --json prints the whole report as JSON; --lang sets the\n"
    "language of JSONL entries without one.\n"
    "Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage, 3 unreadable input.\n";

}  // namespace

int cmd_check(int argc, char **argv) {
  Args a;
  if (!parse_args(argc, argv, 2, {"--lang"},
                  {"--require-translations", "--json", "--no-warnings", "--help", "-h"}, a))
    return kExitUsage;
  if (a.has("--help") || a.has("-h")) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  if (a.positional.empty()) {
    std::fprintf(stderr, "faqlite check: at least one PATH is required\n%s", kHelp);
    return kExitUsage;
  }
  nlohmann::json opts = nlohmann::json::object();
  if (a.has("--require-translations")) opts["require_translations"] = true;
  if (a.has("--lang")) opts["lang"] = a.get("--lang");
  std::string opt_text = opts.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::vector<const char *> paths;
  for (const auto &p : a.positional) paths.push_back(p.c_str());
  char *report = nullptr;
  int rc = faqlite_check_paths(paths.data(), paths.size(), opt_text.c_str(), &report);
  if (rc != FAQLITE_OK && rc != FAQLITE_EFORMAT) {
    fail(rc, "check");
    return rc == FAQLITE_EINVAL ? kExitUsage : kExitInput;
  }
  nlohmann::json r = nlohmann::json::parse(report);
  faqlite_free(report);
  if (a.has("--json")) {
    std::printf("%s\n", r.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else {
    for (const auto &p : r["problems"]) {
      if (a.has("--no-warnings") && p.value("severity", "") == "warning") continue;
      std::printf("%s\n", p.value("text", "").c_str());
    }
    size_t langs = r["languages"].size();
    auto n = [](size_t k, const char *one, const char *many = nullptr) {
      return std::to_string(k) + " " + (k == 1 ? one : many ? many : std::string(one) + "s");
    };
    std::fprintf(stderr, "faqlite check: %s, %s in %s: %s, %s\n",
                 n(r["files"].size(), "file").c_str(),
                 n(r.value("entries", size_t{0}), "entry", "entries").c_str(),
                 n(langs, "language").c_str(), n(r.value("errors", size_t{0}), "error").c_str(),
                 n(r.value("warnings", size_t{0}), "warning").c_str());
  }
  return rc == FAQLITE_OK ? kExitOk : kExitFailure;
}

}  // namespace faqlite_cli
