#include "engine/result.hpp"

#include <cmath>

namespace faqlite::engine {
using nlohmann::json;

const char *outcome_name(Outcome o) {
  switch (o) {
    case Outcome::kAnswered: return "answered";
    case Outcome::kClarify: return "clarify";
    default: return "fallback";
  }
}

namespace {
// Scores and confidences are rounded so that the JSON is stable and readable.
double round4(double v) { return std::round(v * 10000.0) / 10000.0; }
}  // namespace

void render_json(Result &r) {
  json j;
  j["query"] = r.query;
  j["lang"] = r.lang;
  j["answered"] = r.outcome == Outcome::kAnswered;
  j["outcome"] = outcome_name(r.outcome);
  json answers = json::array();
  for (const auto &a : r.answers) {
    json x = {{"id", a.id},
              {"score", round4(a.score)},
              {"confidence", round4(a.confidence)},
              {"lang", a.lang},
              {"kind", a.kind},
              {"question", a.question},
              {"answer", a.answer},
              {"snippet", a.snippet},
              {"title", a.title},
              {"section", a.section},
              {"tags", a.tags}};
    json hl = json::array();
    for (const auto &h : a.highlights) hl.push_back({h.first, h.second});
    x["highlights"] = hl;
    json fu = json::array();
    for (const auto &f : a.follow_ups) fu.push_back({{"id", f.id}, {"question", f.question}});
    x["follow_ups"] = fu;
    if (!a.meta.empty()) x["meta"] = a.meta;
    if (!a.explanation.is_null()) x["explanation"] = a.explanation;
    answers.push_back(std::move(x));
  }
  j["answers"] = std::move(answers);
  if (r.outcome == Outcome::kFallback) j["fallback"] = r.fallback;
  if (!r.corrections.empty()) {
    json c = json::array();
    for (const auto &x : r.corrections) c.push_back({{"from", x.from}, {"to", x.to}});
    j["corrections"] = c;
  }
  j["context"] = r.context;
  r.json = j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace faqlite::engine
