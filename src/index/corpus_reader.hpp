// Reading and validating corpus files (docs/corpus-format.md).
//
// Everything is validated before anything is indexed; an error names the file, the line (JSON
// Lines) or entry number (JSON), the field and the problem, and the whole input is refused.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "index/entry.hpp"

namespace faqlite::index {

struct ReadOptions {
  std::string default_lang = "en";  // for JSONL entries without "lang"
  size_t max_entry_bytes = 1 << 20;
  size_t max_entries = 5'000'000;
  int threads = 2;  // 1: large JSON Lines inputs are not parsed in two halves on two threads
};

// Parses one corpus text. `source` names it in messages; its extension (".json"/".jsonl")
// chooses the format, otherwise the content does. Throws Error(kFormat) with a precise message.
Corpus read_corpus_text(std::string_view text, const std::string &source, const ReadOptions &opt);

// Reads files and folders (recursively, in name order, *.json and *.jsonl); merges them into one
// Corpus and checks (id, lang) uniqueness across all of them. `on_file` (may be empty) is called
// after each file with its path and entry count.
Corpus read_corpus_paths(const std::vector<std::string> &paths, const ReadOptions &opt,
                         const std::function<void(const std::string &, size_t)> &on_file);

// Converts and validates one entry object; `where` prefixes error messages.
Entry entry_from_json(const nlohmann::json &j, const std::string &where,
                      const std::string &default_lang, size_t max_entry_bytes);

// Throws Error(kFormat) when (id, lang) pairs repeat.
void check_unique(const std::vector<Entry> &entries);

}  // namespace faqlite::index
