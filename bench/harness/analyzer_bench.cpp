#include "harness/analyzer_bench.hpp"

#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include <cstdio>
#include <map>
#include <memory>
#include <stdexcept>
#include <vector>

#include "analysis/analyzer.hpp"
#include "faqlite.h"
#include "harness/dataset.hpp"
#include "harness/measure.hpp"

namespace faqlite::bench {
namespace {

struct Texts {
  std::vector<std::string> items;  // one string per indexed field, as the tokenizer sees them
  size_t bytes = 0;
};

// Runs `pass` over all texts until `min_seconds` have passed; returns MB/s and units per second.
template <typename F>
std::pair<double, double> rate(const Texts &t, double min_seconds, F &&pass) {
  size_t rounds = 0, units = 0;
  Stopwatch sw;
  do {
    for (const auto &s : t.items) units += pass(s);
    ++rounds;
  } while (sw.seconds() < min_seconds);
  const double secs = sw.seconds();
  return {static_cast<double>(t.bytes * rounds) / 1e6 / secs, static_cast<double>(units) / secs};
}

}  // namespace

void run_analyzer_bench(const std::string &corpus, size_t bytes_per_lang, double min_seconds,
                        const std::string &results, long long size) {
  std::map<std::string, Texts> texts;
  for_each_entry(corpus, [&](const CorpusEntry &e) {
    Texts &t = texts[e.lang];
    if (t.bytes >= bytes_per_lang) return;
    for (const std::string *f : {&e.question, &e.alternates, &e.answer}) {
      if (f->empty()) continue;
      t.items.push_back(*f);
      t.bytes += f->size();
    }
  });

  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> icu_words(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status)) throw std::runtime_error("ICU word BreakIterator unavailable");
  faqlite_engine *engine = nullptr;
  if (faqlite_open(":memory:", nullptr, &engine) != FAQLITE_OK)
    throw std::runtime_error(faqlite_last_error());

  std::printf("%-4s %8s %14s %14s %14s %12s\n", "lang", "MB", "faqlite MB/s", "C API MB/s",
              "ICU brk MB/s", "terms/s");
  for (const auto &[lang, t] : texts) {
    analysis::Analyzer analyzer(lang);
    std::vector<analysis::Token> tokens;
    auto [faq_mbs, terms_per_s] = rate(t, min_seconds, [&](const std::string &s) {
      analyzer.tokens(s, tokens);
      return tokens.size();
    });
    auto [capi_mbs, unused] = rate(t, min_seconds, [&](const std::string &s) -> size_t {
      char *json = nullptr;
      if (faqlite_analyze(engine, s.data(), static_cast<long>(s.size()), lang.c_str(), 0, &json) !=
          FAQLITE_OK)
        throw std::runtime_error(faqlite_last_error());
      faqlite_free(json);
      return 1;
    });
    (void)unused;
    auto [icu_mbs, words_per_s] = rate(t, min_seconds, [&](const std::string &s) {
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
      icu_words->setText(u);
      size_t words = 0;
      icu_words->first();
      while (icu_words->next() != icu::BreakIterator::DONE)
        if (icu_words->getRuleStatus() >= UBRK_WORD_NONE_LIMIT) ++words;
      return words;
    });
    std::printf("%-4s %8.2f %14.2f %14.2f %14.2f %12.0f\n", lang.c_str(), t.bytes / 1e6, faq_mbs,
                capi_mbs, icu_mbs, terms_per_s);
    write_result(results, {{"phase", "analyzer"},
                           {"size", size},
                           {"lang", lang},
                           {"text_mb", t.bytes / 1e6},
                           {"faqlite_mb_s", faq_mbs},
                           {"capi_json_mb_s", capi_mbs},
                           {"icu_mb_s", icu_mbs},
                           {"faqlite_terms_s", terms_per_s},
                           {"icu_words_s", words_per_s}});
  }
  faqlite_close(engine);
}

}  // namespace faqlite::bench
