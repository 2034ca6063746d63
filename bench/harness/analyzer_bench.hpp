// Analyzer throughput per language: faqlite's Analyzer (called directly, as the FTS5 tokenizer
// calls it), the same through the C API's faqlite_analyze (which adds JSON), and ICU's word
// BreakIterator alone on the same text, the floor any ICU-based analyzer stands on.
#pragma once

#include <string>

namespace faqlite::bench {

// Takes up to `bytes_per_lang` of text per language from the corpus and prints and records MB/s.
void run_analyzer_bench(const std::string &corpus, size_t bytes_per_lang, double min_seconds,
                        const std::string &results, long long size);

}  // namespace faqlite::bench
