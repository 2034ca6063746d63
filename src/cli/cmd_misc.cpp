// Small commands over one index: stats, get, delete, rebuild, analyze, unanswered.
#include <cstdio>
#include <string>

#include "cli/cli.hpp"

namespace faqlite_cli {
namespace {

// Parses a command's arguments (`values`: the flags that take one, then `n_positional` more).
// False with `code` set when the command is done: --help printed, or a usage error.
bool parse_command(int argc, char **argv, const char *help, const std::vector<std::string> &values,
                   size_t n_positional, Args &a, int &code) {
  code = kExitUsage;
  if (!parse_args(argc, argv, 2, values, {"--help", "-h"}, a)) return false;
  if (a.has("--help") || a.has("-h")) {
    std::fputs(help, stdout);
    code = kExitOk;
    return false;
  }
  if (a.positional.size() != n_positional) {
    std::fputs(help, stderr);
    return false;
  }
  code = kExitOk;
  return true;
}

int with_engine(int argc, char **argv, const char *help, bool readonly,
                const std::vector<std::string> &values, size_t n_positional,
                int (*body)(faqlite_engine *, const Args &)) {
  Args a;
  int code = kExitOk;
  if (!parse_command(argc, argv, help, values, n_positional, a, code)) return code;
  faqlite_engine *e = open_engine(a, readonly, code);
  if (!e) return code;
  code = body(e, a);
  faqlite_close(e);
  return code;
}

int print_owned(int rc, char *out, const char *what) {
  if (rc != FAQLITE_OK) return fail(rc, what);
  std::printf("%s\n", out);
  faqlite_free(out);
  return kExitOk;
}

}  // namespace

int cmd_stats(int argc, char **argv) {
  return with_engine(argc, argv, "usage: faqlite stats [--db FILE]\n", true, {"--db"}, 0,
                     [](faqlite_engine *e, const Args &) {
                       char *out = nullptr;
                       return print_owned(faqlite_stats(e, &out), out, "stats");
                     });
}

int cmd_get(int argc, char **argv) {
  return with_engine(argc, argv, "usage: faqlite get [--db FILE] [--lang L] ID\n", true,
                     {"--db", "--lang"}, 1, [](faqlite_engine *e, const Args &a) {
                       char *out = nullptr;
                       std::string lang = a.get("--lang");
                       int rc = faqlite_get(e, a.positional[0].c_str(),
                                            lang.empty() ? nullptr : lang.c_str(), &out);
                       return print_owned(rc, out, "get");
                     });
}

int cmd_delete(int argc, char **argv) {
  Args probe;
  return with_engine(argc, argv, "usage: faqlite delete --db FILE [--lang L] ID\n", false,
                     {"--db", "--lang"}, 1, [](faqlite_engine *e, const Args &a) {
                       if (!a.has("--db")) {
                         std::fprintf(stderr, "faqlite delete: --db FILE is required\n");
                         return static_cast<int>(kExitUsage);
                       }
                       std::string lang = a.get("--lang");
                       int rc = faqlite_delete(e, a.positional[0].c_str(),
                                               lang.empty() ? nullptr : lang.c_str());
                       return rc == FAQLITE_OK ? static_cast<int>(kExitOk) : fail(rc, "delete");
                     });
}

int cmd_rebuild(int argc, char **argv) {
  const char *help =
      "usage: faqlite rebuild --db FILE\n"
      "Analyzes every entry of the index again and rewrites everything derived from them: what a\n"
      "newer faqlite needs from an index an older one wrote, and a repair of damaged full-text\n"
      "tables. The entries themselves are kept.\n";
  Args a;
  int code = kExitOk;
  if (!parse_command(argc, argv, help, {"--db"}, 0, a, code)) return code;
  if (!a.has("--db")) {
    std::fputs(help, stderr);
    return kExitUsage;
  }
  const std::string db = a.get("--db");
  // An index of an older layout is rebuilt by opening it writable (a second rebuild would double
  // the work: minutes at a million entries); a current one is rebuilt on request. A newer one
  // stays as it is: the writable open refuses it with the version error.
  faqlite_engine *e = nullptr;
  int rc = faqlite_open(db.c_str(), "{\"readonly\":true}", &e);
  const bool opened_current = rc == FAQLITE_OK;
  faqlite_close(e);
  e = nullptr;
  if (rc != FAQLITE_OK && rc != FAQLITE_EVERSION) return fail(rc, "cannot open " + db);
  rc = faqlite_open(db.c_str(), "{}", &e);
  if (rc != FAQLITE_OK) return fail(rc, "cannot open " + db);
  if (opened_current) rc = faqlite_rebuild(e);
  faqlite_close(e);
  return rc == FAQLITE_OK ? static_cast<int>(kExitOk) : fail(rc, "rebuild");
}

int cmd_analyze(int argc, char **argv) {
  Args a;
  if (!parse_args(argc, argv, 2, {"--lang"}, {"--query", "--help", "-h"}, a)) return kExitUsage;
  if (a.has("--help") || a.has("-h") || a.positional.size() != 1) {
    std::fputs(
        "usage: faqlite analyze [--lang L] [--query] TEXT\n"
        "Prints the analyzer's terms for TEXT as JSON (stems as \"stem:...\").\n",
        a.positional.size() == 1 ? stdout : stderr);
    return a.positional.size() == 1 ? kExitOk : kExitUsage;
  }
  char *out = nullptr;
  std::string lang = a.get("--lang");
  const std::string &t = a.positional[0];
  int rc = faqlite_analyze(nullptr, t.data(), static_cast<long>(t.size()),
                           lang.empty() ? nullptr : lang.c_str(), a.has("--query"), &out);
  return print_owned(rc, out, "analyze");
}

int cmd_unanswered(int argc, char **argv) {
  return with_engine(argc, argv, "usage: faqlite unanswered --db FILE [--limit N]\n", true,
                     {"--db", "--limit"}, 0, [](faqlite_engine *e, const Args &a) {
                       char *out = nullptr;
                       int limit = 100;
                       try {
                         if (a.has("--limit")) limit = std::stoi(a.get("--limit"));
                       } catch (...) {
                         std::fprintf(stderr, "faqlite unanswered: --limit takes a number\n");
                         return static_cast<int>(kExitUsage);
                       }
                       return print_owned(faqlite_unanswered(e, limit, &out), out, "unanswered");
                     });
}

}  // namespace faqlite_cli
