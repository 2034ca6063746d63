// faqlite import: a guide document (plain text or Markdown) into a corpus JSON document.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.hpp"

namespace faqlite_cli {
namespace {

const char *kHelp =
    "usage: faqlite import [--lang L] [--drop REGEX]... [--max-words N] [--min-words N]\n"
    "                      [--id-prefix P] [--name NAME] [--format auto|text|markdown]\n"
    "                      [--keep-boilerplate] [--report FILE] [-o OUT.json] FILE\n"
    "\n"
    "Turns a guide document (FILE, or - for stdin) into a corpus JSON document: headings become\n"
    "sections, long sections passages of at most --max-words words (default 150), an FAQ\n"
    "section's questions and answers FAQ entries. Text mis-decoded through a Windows code page\n"
    "is repaired where that is certain. Lines matching a --drop pattern (ICU regular\n"
    "expression, repeatable) are left out; a trailing block of page boilerplate (share buttons,\n"
    "subscription plans) is left out unless --keep-boilerplate.\n"
    "The corpus goes to OUT.json (default stdout); a summary of the report goes to stderr, the\n"
    "whole report as JSON to --report FILE.\n";

bool read_input(const std::string &path, std::string &out) {
  std::stringstream ss;
  if (path == "-") {
    ss << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    ss << in.rdbuf();
    if (in.bad()) return false;
  }
  out = ss.str();
  return true;
}

bool write_file(const std::string &path, const char *text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  return static_cast<bool>(out);
}

void print_summary(const std::string &file, const nlohmann::json &r) {
  const auto &c = r["counts"];
  std::fprintf(
      stderr, "faqlite import: %s: %s (%s), %s, %zu sections, %zu FAQ entries, %zu passages\n",
      file.c_str(), r.value("lang", "").c_str(),
      r.value("lang_detected", false) ? "detected" : "given", r.value("format", "").c_str(),
      c.value("sections", size_t{0}), c.value("faq", size_t{0}), c.value("passages", size_t{0}));
  if (r.value("encoding", "utf-8") != "utf-8")
    std::fprintf(stderr, "  encoding: %s\n", r.value("encoding", "").c_str());
  const auto &rep = r["repairs"];
  if (rep.value("characters", size_t{0}) > 0) {
    std::string pages;
    for (auto it = rep["by_encoding"].begin(); it != rep["by_encoding"].end(); ++it)
      pages +=
          (pages.empty() ? "" : ", ") + it.key() + ": " + std::to_string(it.value().get<size_t>());
    std::fprintf(stderr, "  repaired %zu mis-decoded characters in %zu places (%s)\n",
                 rep.value("characters", size_t{0}), rep.value("places", size_t{0}), pages.c_str());
    size_t shown = 0;
    for (const auto &e : rep["examples"]) {
      if (shown++ == 5) break;
      std::fprintf(stderr, "    line %zu: \"%s\" -> \"%s\"\n", e.value("line", size_t{0}),
                   e.value("from", "").c_str(), e.value("to", "").c_str());
    }
  }
  const size_t kShown = 20;  // the whole lists are in --report
  size_t shown_uncertain = 0;
  for (const auto &u : r["uncertain"]) {
    if (shown_uncertain++ == kShown) break;
    std::fprintf(stderr, "  %s:%zu: uncertain: \"%s\": %s\n", file.c_str(),
                 u.value("line", size_t{0}), u.value("text", "").c_str(),
                 u.value("reason", "").c_str());
  }
  if (c.value("uncertain", size_t{0}) > kShown)
    std::fprintf(stderr, "  ... %zu uncertain spots in all (see --report)\n",
                 c.value("uncertain", size_t{0}));
  if (c.value("dropped_lines", size_t{0}) > 0)
    std::fprintf(stderr, "  dropped %zu lines matching --drop patterns\n",
                 c.value("dropped_lines", size_t{0}));
  const auto &bp = r["boilerplate"];
  if (bp.is_object()) {
    std::string heads;
    for (const auto &h : bp["headings"])
      heads += (heads.empty() ? "" : ", ") + h.get<std::string>();
    std::fprintf(stderr, "  %s page boilerplate at lines %zu-%zu (%s)%s\n",
                 bp.value("dropped", false) ? "dropped" : "kept", bp.value("from_line", size_t{0}),
                 bp.value("to_line", size_t{0}), heads.c_str(),
                 bp.value("dropped", false) ? "; --keep-boilerplate keeps it" : "");
  }
  size_t shown_notes = 0;
  for (const auto &n : r["notes"]) {
    if (shown_notes++ == kShown) break;
    std::fprintf(stderr, "  %s:%zu: %s\n", file.c_str(), n.value("line", size_t{0}),
                 n.value("text", "").c_str());
  }
  if (!r["empty_headings"].empty()) {
    std::string heads;
    size_t k = 0;
    for (const auto &h : r["empty_headings"]) {
      if (k++ == kShown) {
        heads += ", ... (" + std::to_string(r["empty_headings"].size()) + " in all)";
        break;
      }
      heads += (heads.empty() ? "" : ", ") + h.value("heading", "");
    }
    std::fprintf(stderr, "  headings without text of their own: %s\n", heads.c_str());
  }
}

}  // namespace

int cmd_import(int argc, char **argv) {
  // --drop repeats, which the shared parser (one value per flag) does not keep: collect it here.
  std::vector<std::string> drops;
  std::vector<char *> rest(argv, argv + argc);
  for (size_t i = 2; i < rest.size();) {
    std::string a = rest[i];
    if (a == "--") break;
    if (a == "--drop" && i + 1 < rest.size()) {
      drops.push_back(rest[i + 1]);
      rest.erase(rest.begin() + static_cast<long>(i), rest.begin() + static_cast<long>(i) + 2);
    } else if (a.rfind("--drop=", 0) == 0) {
      drops.push_back(a.substr(7));
      rest.erase(rest.begin() + static_cast<long>(i));
    } else {
      ++i;
    }
  }
  Args a;
  if (!parse_args(static_cast<int>(rest.size()), rest.data(), 2,
                  {"--lang", "--max-words", "--min-words", "--id-prefix", "--name", "--format",
                   "--report", "-o", "--output", "--drop"},
                  {"--keep-boilerplate", "--help", "-h"}, a))
    return kExitUsage;
  if (a.has("--help") || a.has("-h")) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  if (a.has("--drop")) {
    std::fprintf(stderr, "faqlite import: --drop needs a value\n");
    return kExitUsage;
  }
  if (a.positional.size() != 1) {
    std::fprintf(stderr, "faqlite import: exactly one FILE is required\n%s", kHelp);
    return kExitUsage;
  }
  const std::string file = a.positional[0];
  nlohmann::json opts = nlohmann::json::object();
  opts["source"] = file == "-" ? "stdin" : file;
  if (a.has("--lang")) opts["lang"] = a.get("--lang");
  if (a.has("--name")) opts["name"] = a.get("--name");
  if (a.has("--id-prefix")) opts["id_prefix"] = a.get("--id-prefix");
  if (a.has("--format")) opts["format"] = a.get("--format");
  if (a.has("--keep-boilerplate")) opts["keep_boilerplate"] = true;
  if (!drops.empty()) opts["drop"] = drops;
  for (const auto &[flag, key] :
       {std::pair<const char *, const char *>{"--max-words", "max_passage_words"},
        {"--min-words", "min_passage_words"}}) {
    if (!a.has(flag)) continue;
    char *end = nullptr;
    std::string v = a.get(flag);
    long n = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end) {
      std::fprintf(stderr, "faqlite import: %s takes a number of words\n", flag);
      return kExitUsage;
    }
    opts[key] = n;
  }

  std::string text;
  if (!read_input(file, text)) {
    std::fprintf(stderr, "faqlite import: %s: cannot read the file\n", file.c_str());
    return kExitInput;
  }
  char *corpus = nullptr, *report = nullptr;
  std::string opt_text = opts.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  int rc = faqlite_import_text(text.data(), static_cast<long>(text.size()), opt_text.c_str(),
                               &corpus, &report);
  if (rc != FAQLITE_OK) return fail(rc, "import " + file);
  int code = kExitOk;
  std::string out = a.has("-o") ? a.get("-o") : a.get("--output");
  if (out.empty() || out == "-") {
    std::fputs(corpus, stdout);
  } else if (!write_file(out, corpus)) {
    std::fprintf(stderr, "faqlite import: %s: cannot write the file\n", out.c_str());
    code = kExitFailure;
  }
  if (a.has("--report") && !write_file(a.get("--report"), report)) {
    std::fprintf(stderr, "faqlite import: %s: cannot write the report\n",
                 a.get("--report").c_str());
    code = kExitFailure;
  }
  print_summary(file, nlohmann::json::parse(report));
  faqlite_free(corpus);
  faqlite_free(report);
  return code;
}

}  // namespace faqlite_cli
