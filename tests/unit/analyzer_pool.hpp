// One analyzer per language, made on first use, for tests that drive index::Store directly (the
// engine's sessions keep theirs the same way).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "analysis/analyzer.hpp"
#include "index/store.hpp"

namespace test {

class AnalyzerPool {
 public:
  faqlite::analysis::Analyzer &get(const std::string &lang) {
    auto &a = analyzers_[lang];
    if (!a) a = std::make_unique<faqlite::analysis::Analyzer>(lang);
    return *a;
  }
  // For the Store's constructor; the pool must outlive the store.
  faqlite::index::Store::AnalyzerOf of() {
    return [this](const std::string &lang) -> faqlite::analysis::Analyzer & { return get(lang); };
  }

 private:
  std::map<std::string, std::unique_ptr<faqlite::analysis::Analyzer>> analyzers_;
};

}  // namespace test
