// A question turned into search groups: the data handed from the query builder to the ranker.
//
// Each meaningful word of the question is a Group; a group matches when any of its Alternatives
// does (the exact form, a stem, a synonym, a spelling correction, a compound), and counts once,
// with the weight of its best matching alternative, so expansions never double-count a word.
// Every alternative is one FTS5 phrase (several terms for CJK words searched character by
// character); the FTS5 expression is the OR of all phrases in order, so phrase i of the
// expression is `phrases[i]`.
#pragma once

#include <string>
#include <vector>

namespace faqlite::search {

struct Alternative {
  std::vector<std::string> terms;  // index terms, searched as a phrase
  double weight = 1.0;             // 1 exact; lower for stems, synonyms, corrections
  std::string kind;                // "exact", "stem", "compound", "synonym", "correction"
  std::string display;             // the word as a person would read it ("salary", "薪水")
};

struct Group {
  std::string word;     // the question's word (normalized surface)
  double weight = 1.0;  // 1 for the question's own words; less for words taken from context
  bool from_context = false;
  // False when no form of the word (exact, stem, compound) is in the table's vocabulary and no
  // spelling correction was found: an out-of-domain word, which lowers confidence.
  bool known = true;
  std::vector<Alternative> alts;
};

struct PhraseRef {
  int group = 0;
  int alt = 0;
};

struct Query {
  std::vector<Group> groups;
  std::vector<PhraseRef> phrases;  // phrase i of `match` -> (group, alternative)
  std::string match;               // the FTS5 MATCH expression (empty: nothing to search)
  struct Correction {
    std::string from, to;
  };
  std::vector<Correction> corrections;
  int own_groups = 0;  // groups from the question itself (the rest come from context)
};

}  // namespace faqlite::search
