#include "gen/model.hpp"

#include <algorithm>
#include <unordered_set>

namespace faqlite::bench {
namespace {

bool is_ascii(const std::string &s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

}  // namespace

std::string capitalize(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

LanguageModel::LanguageModel(const LangSpec &spec, size_t tail, uint64_t seed)
    : spec_(spec), content_(spec.common), content_zipf_(1, 1, 0), glue_zipf_(1, 1, 0) {
  Rng rng(seed);
  std::unordered_set<std::string> seen(spec.glue.begin(), spec.glue.end());
  seen.insert(content_.begin(), content_.end());
  // A bounded number of tries: a small unit set simply yields a smaller tail.
  for (size_t tries = 0; content_.size() < spec.common.size() + tail && tries < tail * 20;
       ++tries) {
    std::string w = made_up_word(rng);
    if (seen.insert(w).second) content_.push_back(std::move(w));
  }
  content_zipf_ = Zipf(content_.size(), 1.0, 2.7);
  glue_zipf_ = Zipf(spec.glue.size(), 1.0, 1.0);
}

std::string LanguageModel::made_up_word(Rng &rng) const {
  const bool kanji = !spec_.han_units.empty() && rng.chance(0.5);
  const auto &units = kanji ? spec_.han_units : spec_.units;
  const int n = kanji ? 2 : rng.between(spec_.min_units, spec_.max_units);
  std::string w;
  for (int i = 0; i < n; ++i) w += rng.pick(units);
  return w;
}

const std::string &LanguageModel::content_word(Rng &rng) const {
  return content_[content_zipf_.sample(rng)];
}

const std::string &LanguageModel::glue_word(Rng &rng) const {
  return spec_.glue[glue_zipf_.sample(rng)];
}

std::string LanguageModel::phrase(const std::vector<std::string> &words, double glue_p,
                                  Rng &rng) const {
  const char *sep = spec_.spaced ? " " : "";
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) {
      out += sep;
      if (rng.chance(glue_p)) {
        out += glue_word(rng);
        out += sep;
      }
    }
    out += words[i];
  }
  return out;
}

std::string LanguageModel::question_text(const std::string &opener, const std::string &body,
                                         const std::string &closer) const {
  std::string q = spec_.open_mark + opener;
  if (!opener.empty() && spec_.spaced) q += ' ';
  q += body;
  q += closer;
  return q;
}

std::string LanguageModel::answer(const std::vector<std::string> &topic, Rng &rng) const {
  std::vector<std::string> words(static_cast<size_t>(rng.between(25, 70)));
  for (auto &w : words) w = rng.chance(0.4) ? glue_word(rng) : content_word(rng);
  for (const auto &t : topic)
    for (int k = rng.between(1, 2); k > 0; --k) words[rng.below(words.size())] = t;
  std::string out;
  const char *sep = spec_.spaced ? " " : "";
  size_t i = 0;
  while (i < words.size()) {
    size_t len = std::min(words.size() - i, static_cast<size_t>(rng.between(6, 14)));
    if (!out.empty()) out += sep;
    for (size_t j = 0; j < len; ++j) {
      if (j && spec_.spaced) out += ' ';
      out += j == 0 ? capitalize(words[i + j]) : words[i + j];
    }
    out += rng.pick(spec_.sentence_ends);
    i += len;
  }
  return out;
}

GenEntry LanguageModel::entry(Rng &rng, const std::string &id) const {
  GenEntry e;
  e.id = id;
  e.lang = spec_.code;
  const int n_topic = rng.between(3, 5);
  while (static_cast<int>(e.topic.size()) < n_topic) {
    const std::string &w = content_word(rng);
    if (std::find(e.topic.begin(), e.topic.end(), w) == e.topic.end()) e.topic.push_back(w);
  }
  e.question = capitalize(
      question_text(rng.pick(spec_.openers), phrase(e.topic, 0.5, rng), rng.pick(spec_.closers)));
  const double r = rng.uniform();
  const int n_alt = r < 0.3 ? 0 : r < 0.7 ? 1 : 2;
  for (int a = 0; a < n_alt; ++a) {
    std::vector<std::string> words = e.topic;
    rng.shuffle(words);
    words.resize(static_cast<size_t>(rng.between(2, static_cast<int>(words.size()))));
    if (rng.chance(0.5)) words.push_back(content_word(rng));
    e.alternates.push_back(
        question_text(rng.pick(spec_.openers), phrase(words, 0.3, rng), rng.pick(spec_.closers)));
  }
  e.title = capitalize(e.topic[0]) + (spec_.spaced ? " " : "") + e.topic[1];
  e.section = capitalize(spec_.common[rng.below(std::min<size_t>(12, spec_.common.size()))]);
  e.answer = answer(e.topic, rng);
  return e;
}

std::string LanguageModel::question_for(const GenEntry &e, Rng &rng) const {
  std::vector<std::string> words = e.topic;
  rng.shuffle(words);
  words.resize(static_cast<size_t>(rng.between(2, static_cast<int>(words.size()))));
  if (spec_.spaced && rng.chance(0.3))
    words[rng.below(words.size())] += rng.pick(spec_.inflections);
  if (spec_.spaced && rng.chance(0.1)) {
    // A transposition typo, never on the first letter (people rarely get that wrong).
    std::string &w = words[rng.below(words.size())];
    if (w.size() >= 5 && is_ascii(w)) {
      size_t at = 1 + rng.below(w.size() - 2);
      std::swap(w[at], w[at + 1]);
    }
  }
  if (rng.chance(0.4))
    words.insert(words.begin() + static_cast<long>(rng.below(words.size() + 1)), content_word(rng));
  const double glue_p = spec_.code == "ja" ? 0.9 : 0.3;
  std::string closer = spec_.spaced && rng.chance(0.4) ? "" : rng.pick(spec_.closers);
  return question_text(rng.pick(spec_.openers), phrase(words, glue_p, rng), closer);
}

}  // namespace faqlite::bench
