// One corpus entry and the per-language corpus metadata, as read from corpus files.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace faqlite::index {

struct Entry {
  std::string id;
  std::string lang;  // BCP 47 tag as given ("pt-BR")
  std::string kind;  // "faq", "passage" or "chitchat"
  std::string question;
  std::vector<std::string> alternates;
  std::string answer;
  std::string title;
  std::string section;
  std::vector<std::string> tags;
  std::vector<std::string> follow_ups;
  nlohmann::json meta = nlohmann::json::object();
  std::string source;  // "file.json#12" or "file.jsonl:7": where it came from
};

// Settings a corpus document carries for its language.
struct LanguageSettings {
  std::string lang;  // primary subtag
  std::string fallback;
  std::vector<std::vector<std::string>> synonyms;
};

struct Corpus {
  std::vector<Entry> entries;
  std::vector<LanguageSettings> settings;
};

// The entry as the JSON object of docs/corpus-format.md.
nlohmann::json entry_to_json(const Entry &e);

}  // namespace faqlite::index
