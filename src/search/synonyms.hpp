// Synonym sets of one language, analyzed with that language's analyzer so that a set member
// matches whatever form the question uses ("salaries" finds the set of "salary").
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/analyzer.hpp"

namespace faqlite::search {

struct Expansion {
  std::vector<std::string> terms;  // a phrase of index terms
  std::string display;             // the set member as written
  bool stem = false;               // a stem form of a one-word member
};

class SynonymTable {
 public:
  SynonymTable() = default;
  SynonymTable(const std::vector<std::vector<std::string>> &sets, analysis::Analyzer &analyzer);

  // The other members of every set that `w` belongs to (by surface or stem).
  std::vector<Expansion> expand(const analysis::Word &w) const;
  bool empty() const { return members_.empty(); }

 private:
  struct Member {
    std::vector<Expansion> forms;
    size_t set = 0;
    std::vector<std::string> keys;
  };
  std::vector<Member> members_;
  std::unordered_map<std::string, std::vector<size_t>> by_key_;  // key -> member indexes
  std::vector<std::vector<size_t>> sets_;                        // set -> member indexes
};

}  // namespace faqlite::search
