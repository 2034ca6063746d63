// Guide import: faqlite_import_text on any bytes, read as plain text, Markdown or either.
//
// Input: the first byte picks the options (format, passage size, language, boilerplate); the rest
// is the document. Checks: the import never fails on content; its output is a corpus that faqlite
// indexes (so ids are unique and every entry valid), the report agrees with it, and importing the
// same bytes again gives the same output.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_common.hpp"

namespace {

const char *const kFormats[] = {"auto", "text", "markdown", "auto"};
const char *const kLangs[] = {"", "en", "es", "ja"};

faqlite_engine *engine() {
  return fuzz::memory_engine();
}

std::string import(const char *text, long len, const std::string &opts, std::string &report) {
  char *corpus = nullptr, *rep = nullptr;
  int rc = faqlite_import_text(text, len, opts.c_str(), &corpus, &rep);
  if (rc != FAQLITE_OK) {
    fuzz::check_failure(rc, "faqlite_import_text");
    fuzz::die("faqlite_import_text",
              std::string(faqlite_strerror(rc)) + ": " + faqlite_last_error());
  }
  if (!corpus || !rep) fuzz::die("faqlite_import_text", "OK without both outputs");
  std::string out = corpus;
  report = rep;
  faqlite_free(corpus);
  faqlite_free(rep);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  nlohmann::json o = {
      {"format", kFormats[data[0] & 3]},
      {"max_passage_words", (data[0] & 4) ? 12 : 150},
      {"min_passage_words", (data[0] & 4) ? 3 : 40},
      {"keep_boilerplate", (data[0] & 8) != 0},
      {"drop", (data[0] & 16) ? nlohmann::json::array({"^\\s*#+"}) : nlohmann::json::array()}};
  const char *lang = kLangs[(data[0] >> 5) & 3];
  if (*lang) o["lang"] = lang;
  const std::string opts = o.dump();
  const char *text = reinterpret_cast<const char *>(data + 1);
  const long len = static_cast<long>(size - 1);

  std::string report_text;
  std::string corpus = import(text, len, opts, report_text);
  nlohmann::json c = nlohmann::json::parse(corpus, nullptr, false);
  nlohmann::json r = nlohmann::json::parse(report_text, nullptr, false);
  if (c.is_discarded() || !c["entries"].is_array()) fuzz::die("import", "corpus is not JSON");
  if (r.is_discarded() || r["counts"]["entries"] != c["entries"].size())
    fuzz::die("import", "report counts disagree with the corpus");

  int rc = faqlite_index_text(engine(), corpus.data(), static_cast<long>(corpus.size()),
                              "imported.json", "{\"replace_all\": true}");
  if (rc != FAQLITE_OK)
    fuzz::die("faqlite_index_text",
              std::string("imported corpus refused: ") + faqlite_last_error());
  std::string again_report;
  if (import(text, len, opts, again_report) != corpus) fuzz::die("import", "not deterministic");
  return 0;
}
