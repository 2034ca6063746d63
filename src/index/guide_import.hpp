// `faqlite import`: a plain-text or Markdown guide document into a corpus JSON document
// (docs/corpus-format.md), with a report of what was repaired, dropped or left uncertain.
//
// Headings become sections; long sections become passages of bounded size split at paragraph,
// list-item and sentence boundaries; FAQ sections become question/answer entries. Ids come from
// the section titles and questions only, so importing the same document again gives the same ids.
// See docs/import.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace faqlite::index {

struct ImportOptions {
  std::string lang;                 // BCP 47; empty: detected
  std::string source = "document";  // names the input in the report and the corpus "source"
  std::string name;                 // corpus name; default: the document's title
  size_t max_passage_words = 150;
  size_t min_passage_words = 40;
  std::vector<std::string> drop;  // ICU regular expressions; lines where one matches are dropped
  std::string id_prefix;
  std::string format = "auto";    // "auto", "text" or "markdown"
  bool keep_boilerplate = false;  // keep a trailing block recognized as page boilerplate
};

// Parses the options JSON of faqlite_import_text; NULL or "" gives the defaults. Throws
// Error(kInvalid) naming a bad or unknown option (including a regular expression that does not
// compile).
ImportOptions parse_import_options(const char *options_json);

struct ImportResult {
  std::string corpus_json;  // a corpus document that read_corpus_text accepts
  std::string report_json;
};

// Imports one document. Throws Error(kLimit) for input over 64 MiB. Thread-safe.
ImportResult import_guide(std::string_view text, const ImportOptions &opt);

}  // namespace faqlite::index
