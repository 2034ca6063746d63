// Engine and question options, parsed from the JSON strings of the C API with every name and
// type checked (an unknown option is an error: it is usually a typo).
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace faqlite::engine {

// How a question's rows are found and ranked: from cached phrase lists with MaxScore skipping
// (search/list_matcher.hpp), or by faqlite_collect() over one FTS5 statement. Both give the same
// answers; "fts5" is the reference the tests compare with.
enum class Matcher { kLists, kFts5 };

struct EngineOptions {
  bool readonly = false;
  bool create = true;
  double threshold = 0.32;
  std::map<std::string, double> thresholds;  // per primary language
  double clarify_margin = 0.04;
  bool log_unanswered = false;
  size_t max_question_bytes = 4096;
  size_t max_k = 50;
  size_t max_context_turns = 8;
  size_t max_entry_bytes = 1 << 20;
  size_t max_corpus_entries = 5'000'000;
  int busy_timeout_ms = 5000;
  // Memory for cached entry analyses and answered entries, shared by the engine's sessions.
  size_t cache_bytes = 32u << 20;
  // The least time between two returns of the heap memory answering freed to the system
  // (engine/heap_trim.hpp); 0: never.
  int trim_ms = 1000;
  Matcher matcher = Matcher::kLists;
};

struct AskOptions {
  size_t k = 5;
  std::string lang;  // empty: detect
  nlohmann::json filters;
  std::vector<std::string> context;
  std::optional<double> threshold;
  bool explain = false;
};

struct IndexOptions {
  std::string lang = "en";
  bool replace_all = false;
  int threads = 2;  // 1: the write stays on the caller's thread (index::Store::set_write_threads)
};

// Each throws Error(kInvalid) naming the option and the problem. `options_json` may be null/empty.
EngineOptions parse_engine_options(const char *options_json);
AskOptions parse_ask_options(const char *options_json, const EngineOptions &limits);
IndexOptions parse_index_options(const char *options_json);

// Parses a JSON object argument; throws Error(kInvalid) with `what` in the message.
nlohmann::json parse_object(const char *text, const char *what);

}  // namespace faqlite::engine
