// `faqlite check`: validates corpus files without indexing them and reports every problem with
// its file, line and field, so that a broken corpus can be fixed in one pass.
//
// Errors: schema (the corpus reader's own validation, entry by entry), duplicate ids, follow-ups
// that point nowhere in their language, unknown language codes, empty answers; missing
// translations when translations are required. Warnings: missing translations otherwise, FAQ
// entries without alternates, words that sit in several synonym sets.
#pragma once

#include <string>
#include <vector>

namespace faqlite::index {

struct CheckOptions {
  bool require_translations = false;
  std::string default_lang = "en";  // for JSONL entries without "lang"
  size_t max_entry_bytes = 1 << 20;
};

// Parses the options JSON of faqlite_check_paths ({"require_translations": bool, "lang": tag});
// NULL or "" gives the defaults. Throws Error(kInvalid).
CheckOptions parse_check_options(const char *options_json);

struct CheckReport {
  std::string json;  // see docs/import.md ("faqlite check")
  size_t errors = 0;
  size_t warnings = 0;
};

// Checks files and folders (folders recursively, *.json, *.jsonl, *.ndjson, in name order).
// Throws Error(kNotFound) for a missing path and Error(kIo) for one that cannot be read; every
// other problem is in the report.
CheckReport check_corpus_paths(const std::vector<std::string> &paths, const CheckOptions &opt);

}  // namespace faqlite::index
