// The word material of each synthetic language: real function and FAQ words at the head of the
// frequency ranks, and a long tail of made-up words built from the language's syllables (or, for
// Chinese and Japanese, characters and kana), so that stemming, stop words, CJK segmentation and
// vocabulary growth behave as they do on real text.
#pragma once

#include <string>
#include <vector>

namespace faqlite::bench {

struct LangSpec {
  std::string code;
  double share = 0;                  // fraction of the corpus in this language
  bool spaced = true;                // words separated by spaces (false: zh, ja)
  std::string open_mark;             // put before a question ("¿")
  std::vector<std::string> openers;  // question beginnings ("how do i")
  std::vector<std::string> closers;  // question endings ("?", "はどうすればいいですか？")
  std::vector<std::string> glue;     // function words, most frequent first
  std::vector<std::string> common;       // real content words, most frequent first
  std::vector<std::string> units;        // syllables, kana or characters of made-up words
  std::vector<std::string> han_units;    // ja: kanji for made-up compounds
  std::vector<std::string> inflections;  // endings a question may add to a word
  std::vector<std::string> sentence_ends;
  int min_units = 2, max_units = 4;  // units per made-up word
};

// en, es, fr, de, zh, ja, with their shares of the corpus (summing to 1).
const std::vector<LangSpec> &languages();

}  // namespace faqlite::bench
