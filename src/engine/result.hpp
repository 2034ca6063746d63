// The answer to one question, and its JSON rendering (docs/result-format.md): the same shape from
// the C API, the CLI, the HTTP server and the bindings.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "index/entry.hpp"

namespace faqlite::engine {

enum class Outcome { kAnswered = 0, kClarify = 1, kFallback = 2 };

const char *outcome_name(Outcome o);

struct FollowUp {
  std::string id, question;
};

struct Answer {
  // The entry as stored, shared with the session's cache that loaded it (immutable; it stays
  // alive with the result if the cache drops it): an answer's texts, tags and metadata are not
  // copied for each question that shows them.
  std::shared_ptr<const index::Entry> entry;
  std::string snippet;
  std::vector<FollowUp> follow_ups;
  std::vector<std::pair<int, int>> highlights;
  double score = 0, confidence = 0;
  nlohmann::json meta = nlohmann::json::object();
  nlohmann::json explanation;  // null unless asked for
};

struct Result {
  std::string query, lang;
  Outcome outcome = Outcome::kFallback;
  std::vector<Answer> answers;
  std::string fallback;  // set when outcome is kFallback
  struct Correction {
    std::string from, to;
  };
  std::vector<Correction> corrections;
  std::vector<std::string> context;  // the conversation to pass back with the next question
  std::string json;                  // empty until render_json() (the C API renders on demand)
};

void render_json(Result &r);

}  // namespace faqlite::engine
