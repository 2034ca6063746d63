#include "engine/options.hpp"

#include "analysis/language.hpp"
#include "analysis/utf.hpp"
#include "base/error.hpp"
#include "base/json_depth.hpp"

namespace faqlite::engine {
using nlohmann::json;

namespace {

// Deeper than any valid options document (filters nest at most 8 conditions, 2 levels each).
constexpr int kMaxOptionsDepth = 32;

[[noreturn]] void bad(const std::string &msg) {
  throw Error(Status::kInvalid, msg);
}

double number(const json &v, const std::string &name, double lo, double hi) {
  if (!v.is_number()) bad("option \"" + name + "\" must be a number");
  double d = v.get<double>();
  if (!(d >= lo && d <= hi))
    bad("option \"" + name + "\" must be between " + json(lo).dump() + " and " + json(hi).dump());
  return d;
}

long long integer(const json &v, const std::string &name, long long lo, long long hi) {
  if (!v.is_number_integer()) bad("option \"" + name + "\" must be an integer");
  long long d = v.get<long long>();
  if (d < lo || d > hi)
    bad("option \"" + name + "\" must be between " + std::to_string(lo) + " and " +
        std::to_string(hi));
  return d;
}

bool boolean(const json &v, const std::string &name) {
  if (!v.is_boolean()) bad("option \"" + name + "\" must be true or false");
  return v.get<bool>();
}

std::string lang_tag(const json &v, const std::string &name) {
  if (!v.is_string()) bad("option \"" + name + "\" must be a language tag string");
  std::string s = v.get<std::string>();
  if (!analysis::is_valid_language_tag(s))
    bad("option \"" + name + "\": \"" + s + "\" is not a BCP 47 language tag");
  return s;
}

}  // namespace

json parse_object(const char *text, const char *what) {
  if (!text || !*text) return json::object();
  std::string_view sv(text);
  if (!analysis::is_valid_utf8(sv)) bad(std::string(what) + " is not valid UTF-8");
  if (json_too_deep_at(sv, kMaxOptionsDepth))
    bad(std::string(what) + " are nested more than " + std::to_string(kMaxOptionsDepth) +
        " levels deep");
  json j = json::parse(sv.begin(), sv.end(), nullptr, false);
  if (j.is_discarded()) bad(std::string(what) + " is not valid JSON");
  if (!j.is_object()) bad(std::string(what) + " must be a JSON object");
  return j;
}

EngineOptions parse_engine_options(const char *text) {
  EngineOptions o;
  json j = parse_object(text, "engine options");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string &k = it.key();
    const json &v = it.value();
    if (k == "readonly")
      o.readonly = boolean(v, k);
    else if (k == "create")
      o.create = boolean(v, k);
    else if (k == "threshold")
      o.threshold = number(v, k, 0, 1);
    else if (k == "clarify_margin")
      o.clarify_margin = number(v, k, 0, 1);
    else if (k == "log_unanswered")
      o.log_unanswered = boolean(v, k);
    else if (k == "max_question_bytes")
      o.max_question_bytes = static_cast<size_t>(integer(v, k, 1, 1 << 24));
    else if (k == "max_k")
      o.max_k = static_cast<size_t>(integer(v, k, 1, 10000));
    else if (k == "max_context_turns")
      o.max_context_turns = static_cast<size_t>(integer(v, k, 0, 100));
    else if (k == "max_entry_bytes")
      o.max_entry_bytes = static_cast<size_t>(integer(v, k, 64, 1LL << 30));
    else if (k == "max_corpus_entries")
      o.max_corpus_entries = static_cast<size_t>(integer(v, k, 1, 1LL << 40));
    else if (k == "busy_timeout_ms")
      o.busy_timeout_ms = static_cast<int>(integer(v, k, 0, 600000));
    else if (k == "cache_mb")
      o.cache_bytes = static_cast<size_t>(integer(v, k, 1, 65536)) << 20;
    else if (k == "trim_ms")
      o.trim_ms = static_cast<int>(integer(v, k, 0, 3600000));
    else if (k == "matcher") {
      const std::string m = v.is_string() ? v.get<std::string>() : "";
      if (m == "lists")
        o.matcher = Matcher::kLists;
      else if (m == "fts5")
        o.matcher = Matcher::kFts5;
      else
        bad("option \"matcher\" must be \"lists\" or \"fts5\"");
    } else if (k == "thresholds") {
      if (!v.is_object()) bad("option \"thresholds\" must be an object {\"lang\": number}");
      for (auto t = v.begin(); t != v.end(); ++t) {
        std::string p = analysis::primary_language(lang_tag(json(t.key()), "thresholds"));
        o.thresholds[p] = number(t.value(), "thresholds." + t.key(), 0, 1);
      }
    } else {
      bad("unknown engine option \"" + k + "\"");
    }
  }
  return o;
}

AskOptions parse_ask_options(const char *text, const EngineOptions &lim) {
  AskOptions o;
  json j = parse_object(text, "ask options");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string &k = it.key();
    const json &v = it.value();
    if (k == "k") {
      if (!v.is_number_integer()) bad("option \"k\" must be an integer");
      long long n = v.get<long long>();
      if (n < 1) bad("option \"k\" must be at least 1");
      if (static_cast<size_t>(n) > lim.max_k)
        throw Error(Status::kLimit, "option \"k\" is " + std::to_string(n) +
                                        ", above the limit of " + std::to_string(lim.max_k));
      o.k = static_cast<size_t>(n);
    } else if (k == "lang") {
      if (!v.is_null() && !(v.is_string() && v.get<std::string>().empty())) o.lang = lang_tag(v, k);
    } else if (k == "filters") {
      if (!v.is_null() && !v.is_object()) bad("option \"filters\" must be an object");
      o.filters = v;
    } else if (k == "context") {
      if (v.is_null()) continue;
      if (!v.is_array()) bad("option \"context\" must be an array of strings");
      if (v.size() > lim.max_context_turns)
        throw Error(Status::kLimit, "option \"context\" has " + std::to_string(v.size()) +
                                        " turns, above the limit of " +
                                        std::to_string(lim.max_context_turns));
      for (const auto &t : v) {
        if (!t.is_string()) bad("option \"context\" must be an array of strings");
        if (t.get<std::string>().size() > lim.max_question_bytes)
          throw Error(Status::kLimit, "a context turn is longer than max_question_bytes");
        o.context.push_back(t.get<std::string>());
      }
    } else if (k == "threshold") {
      o.threshold = number(v, k, 0, 1);
    } else if (k == "explain") {
      o.explain = boolean(v, k);
    } else {
      bad("unknown ask option \"" + k + "\"");
    }
  }
  return o;
}

IndexOptions parse_index_options(const char *text) {
  IndexOptions o;
  json j = parse_object(text, "index options");
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "lang")
      o.lang = lang_tag(it.value(), "lang");
    else if (it.key() == "replace_all")
      o.replace_all = boolean(it.value(), "replace_all");
    else if (it.key() == "threads")
      o.threads = static_cast<int>(integer(it.value(), "threads", 1, 2));
    else
      bad("unknown index option \"" + it.key() + "\"");
  }
  return o;
}

}  // namespace faqlite::engine
