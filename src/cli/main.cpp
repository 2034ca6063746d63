// faqlite: the command line tool.
#include <cstdio>
#include <cstring>
#include <string>

#include "cli/cli.hpp"

namespace {

const char *kUsage =
    "usage: faqlite COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  ask         answer a question (default index: the bundled corpus)\n"
    "  index       build or update an index from corpus files\n"
    "  get         print one entry\n"
    "  delete      delete an entry\n"
    "  rebuild     analyze every entry again (an index written by an older faqlite)\n"
    "  stats       index statistics\n"
    "  analyze     show the analyzer's terms for a text\n"
    "  unanswered  questions that ended in fallback or clarify\n"
    "  eval        answer quality on a labelled question set\n"
    "  import      turn a guide document (text or Markdown) into corpus JSON\n"
    "  check       validate corpus files without indexing\n"
#ifdef FAQLITE_WITH_SERVER
    "  serve       HTTP API, chat widget and demo page over an index\n"
#endif
    "  version     print versions\n"
    "\n"
    "Run 'faqlite COMMAND --help' for a command's options. Exit codes: 0 ok, 1 failure,\n"
    "2 usage, 3 bad input, 4 index cannot be opened or written.\n";

struct Command {
  const char *name;
  int (*fn)(int, char **);
};

const Command kCommands[] = {
    {"ask", faqlite_cli::cmd_ask},         {"index", faqlite_cli::cmd_index},
    {"get", faqlite_cli::cmd_get},         {"delete", faqlite_cli::cmd_delete},
    {"rebuild", faqlite_cli::cmd_rebuild}, {"stats", faqlite_cli::cmd_stats},
    {"analyze", faqlite_cli::cmd_analyze}, {"unanswered", faqlite_cli::cmd_unanswered},
    {"eval", faqlite_cli::cmd_eval},       {"import", faqlite_cli::cmd_import},
    {"check", faqlite_cli::cmd_check},
#ifdef FAQLITE_WITH_SERVER
    {"serve", faqlite_cli::cmd_serve},
#endif
};

}  // namespace

int main(int argc, char **argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
      !std::strcmp(argv[1], "help")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? faqlite_cli::kExitUsage : faqlite_cli::kExitOk;
  }
  if (!std::strcmp(argv[1], "version") || !std::strcmp(argv[1], "--version")) {
    std::printf("faqlite %s (library %s)\nanalyzer: %s\n", FAQLITE_VERSION_STRING,
                faqlite_version_string(), faqlite_analyzer_fingerprint());
    return faqlite_cli::kExitOk;
  }
  for (const auto &c : kCommands)
    if (!std::strcmp(argv[1], c.name)) return c.fn(argc, argv);
  std::fprintf(stderr, "faqlite: unknown command \"%s\"\n\n%s", argv[1], kUsage);
  return faqlite_cli::kExitUsage;
}
