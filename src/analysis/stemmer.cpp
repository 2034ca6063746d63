#include "analysis/stemmer.hpp"

#include <libstemmer.h>

#include <cstring>

namespace faqlite::analysis {
namespace {

struct Algo {
  const char *lang;
  const char *algorithm;
};

// Only the languages whose Snowball stemmer helps FAQ recall; the others are matched on surface
// forms (and CJK/Thai by characters).
const Algo kAlgorithms[] = {
    {"en", "english"},    {"es", "spanish"},   {"de", "german"},     {"fr", "french"},
    {"pt", "portuguese"}, {"it", "italian"},   {"nl", "dutch"},      {"ru", "russian"},
    {"ar", "arabic"},     {"sv", "swedish"},   {"tr", "turkish"},    {"da", "danish"},
    {"no", "norwegian"},  {"nb", "norwegian"}, {"fi", "finnish"},    {"hu", "hungarian"},
    {"ro", "romanian"},   {"el", "greek"},     {"ca", "catalan"},    {"id", "indonesian"},
    {"eu", "basque"},     {"ga", "irish"},     {"lt", "lithuanian"}, {"hi", "hindi"},
    {"ne", "nepali"},     {"sr", "serbian"},   {"ta", "tamil"},      {"hy", "armenian"},
};

}  // namespace

const char *Stemmer::algorithm_for(std::string_view lang) {
  for (const auto &a : kAlgorithms)
    if (lang == a.lang) return a.algorithm;
  return nullptr;
}

Stemmer::Stemmer(std::string_view lang) {
  if (const char *algo = algorithm_for(lang)) stemmer_ = sb_stemmer_new(algo, nullptr);
}

Stemmer::~Stemmer() {
  sb_stemmer_delete(stemmer_);
}

std::string Stemmer::stem(std::string_view word) {
  if (!stemmer_ || word.empty()) return std::string(word);
  const sb_symbol *out = sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol *>(word.data()),
                                         static_cast<int>(word.size()));
  if (!out) return std::string(word);  // out of memory inside libstemmer: keep the surface form
  return std::string(reinterpret_cast<const char *>(out),
                     static_cast<size_t>(sb_stemmer_length(stemmer_)));
}

}  // namespace faqlite::analysis
