#include "search/synonyms.hpp"

#include <algorithm>

namespace faqlite::search {

SynonymTable::SynonymTable(const std::vector<std::vector<std::string>> &sets,
                           analysis::Analyzer &analyzer) {
  for (const auto &set : sets) {
    const size_t set_index = sets_.size();
    sets_.emplace_back();
    for (const auto &text : set) {
      std::vector<analysis::Word> words = analyzer.words(text, false);
      if (words.empty()) continue;
      Member m;
      m.set = set_index;
      if (words.size() == 1) {
        const analysis::Word &w = words[0];
        if (w.unigram) {
          Expansion e;
          for (const auto &p : w.pieces) e.terms.push_back(p.term);
          e.display = text;
          m.forms.push_back(e);
        } else {
          m.forms.push_back({{w.norm}, text, false});
          for (const auto &st : w.stems) m.forms.push_back({{st}, text, true});
          m.keys.insert(m.keys.end(), w.stems.begin(), w.stems.end());
        }
        m.keys.push_back(w.norm);
      } else {
        // A phrase member ("work life balance") is searched as a phrase of surface terms.
        Expansion e;
        e.display = text;
        for (const auto &w : words) {
          if (w.unigram)
            for (const auto &p : w.pieces) e.terms.push_back(p.term);
          else
            e.terms.push_back(w.norm);
        }
        m.forms.push_back(e);
      }
      const size_t idx = members_.size();
      for (const auto &k : m.keys) by_key_[k].push_back(idx);
      sets_[set_index].push_back(idx);
      members_.push_back(std::move(m));
    }
  }
}

std::vector<Expansion> SynonymTable::expand(const analysis::Word &w) const {
  std::vector<size_t> sets;
  auto look = [&](const std::string &key) {
    auto it = by_key_.find(key);
    if (it == by_key_.end()) return;
    for (size_t m : it->second) sets.push_back(members_[m].set);
  };
  look(w.norm);
  for (const auto &st : w.stems) look(st);
  std::sort(sets.begin(), sets.end());
  sets.erase(std::unique(sets.begin(), sets.end()), sets.end());
  std::vector<Expansion> out;
  for (size_t s : sets) {
    for (size_t m : sets_[s]) {
      for (const auto &form : members_[m].forms) {
        bool own = form.terms.size() == 1 &&
                   (form.terms[0] == w.norm ||
                    std::find(w.stems.begin(), w.stems.end(), form.terms[0]) != w.stems.end());
        bool dup = std::any_of(out.begin(), out.end(),
                               [&](const Expansion &e) { return e.terms == form.terms; });
        if (!own && !dup) out.push_back(form);
      }
    }
  }
  return out;
}

}  // namespace faqlite::search
