// The analyzer on any bytes, in every language it treats differently.
//
// Input: the first byte picks the language, the rest is the text (any bytes: the FTS5 tokenizer
// calls the analyzer on stored text, and the analyzer must cope with whatever it is handed).
// Checks: token offsets lie inside the text and in order, terms are non-empty valid UTF-8 without
// the query term-list marker, and the C API's faqlite_analyze agrees on valid UTF-8 and refuses
// the rest.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/analyzer.hpp"
#include "analysis/utf.hpp"
#include "fuzz_common.hpp"
#include "index/fts_tokenizer.hpp"

namespace {

// Stemming, stop-word, unigram-script and elision languages, plus one the analyzer does not know.
const char *const kLangs[] = {"en", "de", "fr", "es", "pt", "it", "nl", "ru", "ar",
                              "tr", "el", "fi", "hu", "ca", "hi", "ta", "hy", "zh",
                              "ja", "ko", "th", "he", "vi", "uk", "und"};
constexpr size_t kNumLangs = sizeof(kLangs) / sizeof(kLangs[0]);

faqlite::analysis::Analyzer &analyzer_for(size_t i) {
  static std::map<size_t, std::unique_ptr<faqlite::analysis::Analyzer>> cache;
  auto &a = cache[i];
  if (!a) a = std::make_unique<faqlite::analysis::Analyzer>(kLangs[i]);
  return *a;
}

void check_terms(std::string_view text, const std::vector<faqlite::analysis::Token> &toks) {
  for (const auto &t : toks) {
    if (t.term.empty()) fuzz::die("analyzer", "empty term");
    if (!faqlite::analysis::is_valid_utf8(t.term)) fuzz::die("analyzer", "term is not UTF-8");
    if (t.term.find(faqlite::index::kTermListMarker) != std::string::npos)
      fuzz::die("analyzer", "term holds the query term-list marker");
    if (t.start < 0 || t.end < t.start || static_cast<size_t>(t.end) > text.size())
      fuzz::die("analyzer", "token offsets outside the text: " + std::to_string(t.start) + ".." +
                                std::to_string(t.end) + " of " + std::to_string(text.size()));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  const size_t li = data[0] % kNumLangs;
  std::string_view text(reinterpret_cast<const char *>(data + 1), size - 1);
  auto &a = analyzer_for(li);

  std::vector<faqlite::analysis::Token> toks;
  a.tokens(text, toks);
  check_terms(text, toks);

  std::vector<faqlite::analysis::Word> words = a.words(text, true);
  int last_start = -1;
  for (const auto &w : words) {
    if (w.start < last_start) fuzz::die("analyzer", "words out of order");
    last_start = w.start;
    std::vector<faqlite::analysis::Token> wt;
    faqlite::analysis::Analyzer::word_tokens(w, wt);
    check_terms(text, wt);
  }

  // The public entry point refuses invalid UTF-8 and otherwise returns offsets into the text.
  char *json = nullptr;
  const bool valid = faqlite::analysis::is_valid_utf8(text);
  int rc = faqlite_analyze(nullptr, text.data(), static_cast<long>(text.size()), kLangs[li],
                           data[0] & 0x80 ? 1 : 0, &json);
  if (!valid) {
    if (rc != FAQLITE_EINVAL) fuzz::die("faqlite_analyze", "invalid UTF-8 was not refused");
    fuzz::check_failure(rc, "faqlite_analyze");
    return 0;
  }
  if (rc != FAQLITE_OK) {
    fuzz::check_failure(rc, "faqlite_analyze");
    // "und" is not a language tag faqlite_analyze accepts; anything else must be analyzed.
    if (std::string(kLangs[li]) != "und") fuzz::die("faqlite_analyze", faqlite_last_error());
    return 0;
  }
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  faqlite_free(json);
  if (!j.is_array()) fuzz::die("faqlite_analyze", "output is not a JSON array");
  for (const auto &t : j) {
    long long s = t.at("start").get<long long>(), e = t.at("end").get<long long>();
    if (s < 0 || e < s || static_cast<size_t>(e) > text.size())
      fuzz::die("faqlite_analyze", "offsets outside the text");
  }
  return 0;
}
