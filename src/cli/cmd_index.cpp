// faqlite index: corpus files and folders into an index file, all or nothing.
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "cli/cli.hpp"

namespace faqlite_cli {
namespace {

const char *kHelp =
    "usage: faqlite index --db FILE [--lang L] [--replace] [--threads N] PATH...\n"
    "\n"
    "Validates every corpus file (.json documents, .jsonl entry lines; folders are walked) and\n"
    "then writes them into the index FILE in one transaction: a bad file indexes nothing.\n"
    "--lang sets the language of JSONL entries without one (default en); --replace drops all\n"
    "existing entries first. --threads 1 keeps the write on one thread (default 2: the next\n"
    "entries are analyzed on a second core while the current ones are written; the index is\n"
    "the same). Progress goes to stderr for large inputs.\n";

struct Progress {
  bool tty = false;
  size_t last = 0;
};

int on_progress(const char *source, size_t done, size_t total, void *payload) {
  auto *p = static_cast<Progress *>(payload);
  std::string src = source;
  if (src == "index") {
    if (total >= 5000 && (done - p->last >= 5000 || done == total)) {
      std::fprintf(stderr, "faqlite: indexed %zu/%zu entries\n", done, total);
      p->last = done;
    }
  } else if (total >= 5000 || p->tty) {
    std::fprintf(stderr, "faqlite: read %s (%zu entries)\n", source, total);
  }
  return 0;
}

}  // namespace

int cmd_index(int argc, char **argv) {
  Args a;
  if (!parse_args(argc, argv, 2, {"--db", "--lang", "--threads"}, {"--replace", "--help", "-h"}, a))
    return kExitUsage;
  if (a.has("--help") || a.has("-h")) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  if (!a.has("--db") || a.positional.empty()) {
    std::fprintf(stderr, "faqlite index: --db FILE and at least one PATH are required\n%s", kHelp);
    return kExitUsage;
  }
  faqlite_engine *e = nullptr;
  std::string db = a.get("--db");
  int rc = faqlite_open(db.c_str(), nullptr, &e);
  if (rc != FAQLITE_OK) return fail(rc, "cannot open " + db);
  std::vector<const char *> paths;
  for (const auto &p : a.positional) paths.push_back(p.c_str());
  std::string opts = "{";
  if (a.has("--lang")) opts += "\"lang\":\"" + a.get("--lang") + "\"";
  if (a.has("--replace")) opts += std::string(opts.size() > 1 ? "," : "") + "\"replace_all\":true";
  if (a.has("--threads")) {
    const std::string t = a.get("--threads");
    if (t != "1" && t != "2") {
      faqlite_close(e);
      std::fprintf(stderr, "faqlite index: --threads takes 1 or 2, not \"%s\"\n", t.c_str());
      return kExitUsage;
    }
    opts += std::string(opts.size() > 1 ? "," : "") + "\"threads\":" + t;
  }
  opts += "}";
  if (a.has("--lang") && a.get("--lang").find('"') != std::string::npos) {
    faqlite_close(e);
    std::fprintf(stderr, "faqlite index: --lang takes a language tag such as en or pt-BR\n");
    return kExitUsage;
  }
  Progress prog;
  prog.tty = ::isatty(2);
  rc = faqlite_index_paths(e, paths.data(), paths.size(), opts.c_str(), on_progress, &prog);
  if (rc != FAQLITE_OK) {
    int code = fail(rc, "index");
    faqlite_close(e);
    return code;
  }
  char *stats = nullptr;
  if (faqlite_stats(e, &stats) == FAQLITE_OK) std::fprintf(stderr, "faqlite: %s\n", stats);
  faqlite_free(stats);
  faqlite_close(e);
  return kExitOk;
}

}  // namespace faqlite_cli
