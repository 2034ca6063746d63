#include "search/query_builder.hpp"

#include <algorithm>
#include <set>

#include "index/fts_tokenizer.hpp"

namespace faqlite::search {
namespace {

using analysis::Word;

// Korean particles that stick to the noun before them; a question's "비밀번호를" should search
// "비밀번호". (Entries are indexed by character, so the stripped word still matches there.)
const char *const kKoreanParticles[] = {"에서", "으로", "에게", "까지", "부터", "처럼", "보다",
                                        "은",   "는",   "이",   "가",   "을",   "를",   "에",
                                        "의",   "도",   "로",   "와",   "과",   "만",   "요"};

void strip_korean_particle(Word &w) {
  if (w.pieces.size() < 2) return;
  std::string joined = w.norm;
  for (const char *p : kKoreanParticles) {
    std::string suf(p);
    if (joined.size() > suf.size() &&
        joined.compare(joined.size() - suf.size(), suf.size(), suf) == 0) {
      size_t drop = 0, bytes = 0;
      while (bytes < suf.size() && drop < w.pieces.size())
        bytes += w.pieces[w.pieces.size() - 1 - drop++].term.size();
      if (drop >= w.pieces.size()) return;
      w.pieces.resize(w.pieces.size() - drop);
      w.norm.resize(joined.size() - suf.size());
      return;
    }
  }
}

bool is_hangul_word(const Word &w) {
  if (!w.unigram || w.pieces.empty()) return false;
  const auto &t = w.pieces[0].term;
  // Hangul syllables are U+AC00..U+D7A3: UTF-8 lead bytes 0xEA..0xED.
  unsigned char c = static_cast<unsigned char>(t[0]);
  return t.size() == 3 && c >= 0xEA && c <= 0xED;
}

Group group_for(const Word &w, const BuildOptions &opt, const RankParams &P, Query &q) {
  Group g;
  g.word = w.norm;
  Alternative exact;
  exact.kind = "exact";
  exact.display = w.norm;
  if (w.unigram) {
    for (const auto &p : w.pieces) exact.terms.push_back(p.term);
  } else {
    exact.terms.push_back(w.norm);
  }
  g.alts.push_back(exact);
  for (const auto &st : w.stems) g.alts.push_back({{st}, P.stem_weight, "stem", w.norm});
  for (const auto &v : w.variants) g.alts.push_back({{v}, P.compound_weight, "compound", v});
  bool has_synonyms = false;
  if (opt.synonyms) {
    for (const auto &e : opt.synonyms->expand(w)) {
      has_synonyms = true;
      g.alts.push_back(
          {e.terms, P.synonym_weight * (e.stem ? P.stem_weight : 1.0), "synonym", e.display});
    }
  }
  // Spelling: only for words the table does not know in any of their forms, and that are not
  // members of a synonym set (a synonym is a known word: "pasta" means money, not "hasta").
  if (opt.vocabulary && !w.unigram && !w.number && !has_synonyms) {
    bool known = opt.vocabulary->contains(w.norm);
    for (const auto &st : w.stems) known = known || opt.vocabulary->contains(st);
    for (const auto &v : w.variants) known = known || opt.vocabulary->contains(v);
    if (!known) {
      g.known = false;
      for (const auto &s : opt.vocabulary->suggest(w.norm, 2)) {
        g.known = true;
        double weight = s.distance == 1 ? P.correction_weight_1 : P.correction_weight_2;
        g.alts.push_back({{s.term}, weight, "correction", s.term});
        q.corrections.push_back({w.norm, s.term});
      }
    }
  }
  return g;
}

}  // namespace

std::string phrase_literal(const std::vector<std::string> &terms) {
  std::string s = "\"";
  s += index::kTermListMarker;
  for (size_t i = 0; i < terms.size(); ++i) {
    if (i) s += index::kTermListMarker;
    for (char c : terms[i]) {
      if (c == '"') s += '"';
      s += c;
    }
  }
  s += '"';
  return s;
}

Query build_query(analysis::Analyzer &analyzer, std::string_view question, const BuildOptions &opt,
                  const RankParams &P) {
  Query q;
  std::vector<Word> words = analyzer.words(question, true);
  for (Word &w : words)
    if (is_hangul_word(w)) strip_korean_particle(w);
  if (!opt.question_lang.empty()) analysis::Analyzer::add_stop_flags(words, opt.question_lang);
  bool any_content = std::any_of(words.begin(), words.end(), [](const Word &w) { return !w.stop; });
  std::set<std::string> seen;
  for (const Word &w : words) {
    if (q.groups.size() >= opt.max_groups) break;
    if (any_content && w.stop) continue;  // a question made only of stop words keeps them all
    if (!seen.insert(w.norm).second) continue;
    q.groups.push_back(group_for(w, opt, P, q));
  }
  q.own_groups = static_cast<int>(q.groups.size());

  // An elliptical follow-up ("and for seniors?") borrows the content words of the last turns.
  if (!opt.context.empty() && q.own_groups <= 3) {
    size_t turns = 0;
    for (auto it = opt.context.rbegin(); it != opt.context.rend() && turns < 2; ++it, ++turns) {
      const double weight = P.context_weight * (turns == 0 ? 1.0 : 0.6);
      for (const Word &w : analyzer.words(*it, true)) {
        if (w.stop || q.groups.size() >= opt.max_groups) continue;
        if (!seen.insert(w.norm).second) continue;
        BuildOptions no_spelling = opt;
        no_spelling.vocabulary = nullptr;
        Group g = group_for(w, no_spelling, P, q);
        g.weight = weight;
        g.from_context = true;
        q.groups.push_back(std::move(g));
      }
    }
  }

  for (size_t gi = 0; gi < q.groups.size(); ++gi) {
    for (size_t ai = 0; ai < q.groups[gi].alts.size(); ++ai) {
      if (!q.match.empty()) q.match += " OR ";
      q.match += phrase_literal(q.groups[gi].alts[ai].terms);
      q.phrases.push_back({static_cast<int>(gi), static_cast<int>(ai)});
    }
  }
  return q;
}

}  // namespace faqlite::search
