// A language model of the crudest useful kind: Zipf-distributed words of one LangSpec put into
// FAQ-shaped entries (a canonical question, alternates, a title, a section, an answer), and
// questions about an entry built from its topic words with the noise people add (other openers,
// words dropped or reordered, an inflection, a typo, an unrelated word).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/rng.hpp"
#include "gen/languages.hpp"

namespace faqlite::bench {

struct GenEntry {
  std::string id, lang, question, title, section, answer;
  std::vector<std::string> alternates;
  std::vector<std::string> topic;  // the content words the entry is about
};

class LanguageModel {
 public:
  // `tail` made-up words follow the real ones; the vocabulary depends only on `seed`.
  LanguageModel(const LangSpec &spec, size_t tail, uint64_t seed);

  const LangSpec &spec() const { return spec_; }
  size_t vocabulary_size() const { return content_.size(); }

  GenEntry entry(Rng &rng, const std::string &id) const;
  // A question someone might ask to reach `e`, different from its canonical forms.
  std::string question_for(const GenEntry &e, Rng &rng) const;

 private:
  std::string made_up_word(Rng &rng) const;
  const std::string &content_word(Rng &rng) const;
  const std::string &glue_word(Rng &rng) const;
  // Joins words with spaces (or nothing), putting a glue word between two with probability p.
  std::string phrase(const std::vector<std::string> &words, double glue_p, Rng &rng) const;
  std::string question_text(const std::string &opener, const std::string &body,
                            const std::string &closer) const;
  std::string answer(const std::vector<std::string> &topic, Rng &rng) const;

  const LangSpec &spec_;
  std::vector<std::string> content_;
  Zipf content_zipf_, glue_zipf_;
};

// Upper-cases a leading ASCII letter ("how" -> "How").
std::string capitalize(std::string s);

}  // namespace faqlite::bench
