// Snowball stemming (libstemmer) for one language.
//
// A Stemmer is not thread-safe: libstemmer returns a buffer owned by the stemmer object. Each
// Analyzer owns its own.
#pragma once

#include <memory>
#include <string>
#include <string_view>

struct sb_stemmer;

namespace faqlite::analysis {

class Stemmer {
 public:
  // A stemmer for `primary_lang`, or an inactive one when Snowball has no algorithm for it.
  explicit Stemmer(std::string_view primary_lang);
  ~Stemmer();
  Stemmer(const Stemmer &) = delete;
  Stemmer &operator=(const Stemmer &) = delete;

  bool active() const { return stemmer_ != nullptr; }
  // The stem of a case-folded word (diacritics kept); the word itself when inactive.
  std::string stem(std::string_view cased_word);

  // Snowball algorithm name used for `primary_lang`, or nullptr.
  static const char *algorithm_for(std::string_view primary_lang);

 private:
  sb_stemmer *stemmer_ = nullptr;
};

}  // namespace faqlite::analysis
