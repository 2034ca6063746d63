// Shared pieces of the faqlite command line tool. The CLI is a face: it uses only the public C
// API (include/faqlite.h), like the server and the bindings.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "faqlite.h"

namespace faqlite_cli {

// Exit codes (documented in docs/cli.md).
enum Exit {
  kExitOk = 0,
  kExitFailure = 1,  // the command ran and failed (e.g. check found problems)
  kExitUsage = 2,    // bad command line
  kExitInput = 3,    // bad input: corpus, question, options
  kExitIndex = 4,    // the index cannot be opened or written (missing, damaged, newer, busy, I/O)
};

// A parsed command line: flags with values, boolean switches, and positional arguments.
struct Args {
  std::map<std::string, std::string> values;
  std::map<std::string, bool> switches;
  std::vector<std::string> positional;
  bool has(const std::string &f) const { return values.count(f) || switches.count(f); }
  std::string get(const std::string &f, const std::string &def = "") const {
    auto it = values.find(f);
    return it == values.end() ? def : it->second;
  }
};

// Parses argv[first..]; `with_value` lists the flags that take a value. Returns false and prints
// the problem on stderr for an unknown flag or a missing value.
bool parse_args(int argc, char **argv, int first, const std::vector<std::string> &with_value,
                const std::vector<std::string> &switches, Args &out);

// Prints "faqlite: <what>: <last error>" on stderr and returns the exit code for `rc`.
int fail(int rc, const std::string &what);
int exit_code_for(int rc);

// Opens the engine named by --db, or the cached default index built from the bundled corpus.
faqlite_engine *open_engine(const Args &a, bool readonly, int &exit_code);

// The folder of the bundled corpus (FAQLITE_CORPUS, then the source tree, then the install).
std::string bundled_corpus_dir();

int cmd_index(int argc, char **argv);
int cmd_ask(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_get(int argc, char **argv);
int cmd_delete(int argc, char **argv);
int cmd_rebuild(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_unanswered(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_import(int argc, char **argv);
// In src/server/ (built when cpp-httplib is available; see FAQLITE_WITH_SERVER).
int cmd_serve(int argc, char **argv);

}  // namespace faqlite_cli
