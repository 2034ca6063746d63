// faqlite eval: answer quality on a labelled question set.
//
// Each line: {"id", "query", "lang"?, "context"?: [...], "expected": ["entry-id", ...] or [],
// "expected_pattern"?: "regex over the answer text", "kind"?: "..."}. An empty "expected" (and no
// pattern) marks an unanswerable question. Prints hit@1, hit@3, MRR@10 and outcome rates per
// language and per kind, then the confidence threshold that maximizes the stated objective.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "cli/json_depth.hpp"

namespace faqlite_cli {
using nlohmann::json;

namespace {

const char *kHelp =
    "usage: faqlite eval [--db FILE] [--json] [--failures] [--threshold T] QUESTIONS.jsonl...\n"
    "\n"
    "Runs every question against the index (default: the bundled corpus) and prints hit@1,\n"
    "hit@3, MRR@10 and answered/clarify/fallback rates per language and kind. The objective\n"
    "for the suggested threshold is the mean of (answerable questions answered with the right\n"
    "top answer) and (unanswerable questions ending in fallback). --failures lists the misses.\n";

struct Item {
  std::string id, lang, kind, query;
  bool answerable = false;
  int rank = 0;         // 1-based rank of the first right answer in the top 10, 0 if none
  double top_conf = 0;  // confidence of the top answer (0 if none)
  bool top_right = false;
  std::string outcome, top_id;
};

struct Tally {
  int n = 0, answerable = 0, hit1 = 0, hit3 = 0, unanswerable = 0, unans_fallback = 0;
  int answered = 0, clarify = 0, fallback = 0, answered_right = 0;
  double mrr = 0;
  void add(const Item &it) {
    ++n;
    if (it.outcome == "answered")
      ++answered;
    else if (it.outcome == "clarify")
      ++clarify;
    else
      ++fallback;
    if (it.answerable) {
      ++answerable;
      if (it.rank == 1) ++hit1;
      if (it.rank >= 1 && it.rank <= 3) ++hit3;
      if (it.rank >= 1) mrr += 1.0 / it.rank;
      if (it.outcome == "answered" && it.top_right) ++answered_right;
    } else {
      ++unanswerable;
      if (it.outcome == "fallback") ++unans_fallback;
    }
  }
  json to_json() const {
    auto pct = [](int a, int b) { return b ? static_cast<double>(a) / b : 0.0; };
    return {{"questions", n},
            {"answerable", answerable},
            {"hit@1", pct(hit1, answerable)},
            {"hit@3", pct(hit3, answerable)},
            {"mrr@10", answerable ? mrr / answerable : 0.0},
            {"answered_rate", pct(answered, n)},
            {"clarify_rate", pct(clarify, n)},
            {"fallback_rate", pct(fallback, n)},
            {"answered_right", pct(answered_right, answerable)},
            {"unanswerable", unanswerable},
            {"unanswerable_fallback", pct(unans_fallback, unanswerable)}};
  }
};

bool matches(const json &answer, const json &expected, const std::string &pattern) {
  if (expected.is_array())
    for (const auto &e : expected)
      if (e.is_string() && answer["id"] == e) return true;
  if (!pattern.empty()) {
    try {
      return std::regex_search(answer["answer"].get<std::string>(),
                               std::regex(pattern, std::regex::icase));
    } catch (const std::regex_error &) {
      return false;
    }
  }
  return false;
}

}  // namespace

int cmd_eval(int argc, char **argv) {
  Args a;
  if (!parse_args(argc, argv, 2, {"--db", "--threshold"}, {"--json", "--failures", "--help", "-h"},
                  a))
    return kExitUsage;
  if (a.has("--help") || a.has("-h")) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  if (a.positional.empty()) {
    std::fputs(kHelp, stderr);
    return kExitUsage;
  }
  int code = kExitOk;
  faqlite_engine *e = open_engine(a, true, code);
  if (!e) return code;
  std::vector<Item> items;
  std::string base_opts;
  for (const auto &path : a.positional) {
    std::ifstream in(path);
    if (!in) {
      std::fprintf(stderr, "faqlite eval: cannot read %s\n", path.c_str());
      faqlite_close(e);
      return kExitInput;
    }
    std::string line;
    size_t line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      json q = json_depth(line, kMaxInputJsonDepth) > kMaxInputJsonDepth
                   ? json(nullptr)
                   : json::parse(line, nullptr, false);
      if (q.is_discarded() || !q.is_object() || !q.contains("query") || !q["query"].is_string()) {
        std::fprintf(stderr, "faqlite eval: %s:%zu: need an object with a string \"query\"\n",
                     path.c_str(), line_no);
        faqlite_close(e);
        return kExitInput;
      }
      Item it;
      it.id = q.value("id", json(std::to_string(line_no))).dump();
      it.query = q["query"];
      it.lang = q.value("lang", "");
      it.kind = q.value("kind", "");
      json expected = q.value("expected", json::array());
      std::string pattern = q.value("expected_pattern", "");
      it.answerable = (expected.is_array() && !expected.empty()) || !pattern.empty();
      json opts = {{"k", 10}};
      if (!it.lang.empty()) opts["lang"] = it.lang;
      if (q.contains("context")) opts["context"] = q["context"];
      if (a.has("--threshold")) opts["threshold"] = std::stod(a.get("--threshold"));
      faqlite_result *r = nullptr;
      std::string o = opts.dump();
      int rc = faqlite_ask(e, it.query.data(), static_cast<long>(it.query.size()), o.c_str(), &r);
      if (rc != FAQLITE_OK) {
        code = fail(rc, path + ":" + std::to_string(line_no));
        faqlite_close(e);
        return code;
      }
      json res = json::parse(faqlite_result_json(r));
      faqlite_result_free(r);
      if (it.lang.empty()) it.lang = res["lang"];
      it.outcome = res["outcome"];
      const json &ans = res["answers"];
      if (!ans.empty()) {
        it.top_conf = ans[0]["confidence"];
        it.top_id = ans[0]["id"];
      }
      for (size_t i = 0; i < ans.size() && i < 10; ++i)
        if (matches(ans[i], expected, pattern)) {
          it.rank = static_cast<int>(i) + 1;
          break;
        }
      it.top_right = it.rank == 1;
      items.push_back(it);
    }
  }
  faqlite_close(e);

  Tally all;
  std::map<std::string, Tally> by_lang, by_kind;
  for (const auto &it : items) {
    all.add(it);
    by_lang[it.lang].add(it);
    if (!it.kind.empty()) by_kind[it.kind].add(it);
  }
  // The threshold sweep uses each question's top confidence.
  double best_t = 0, best_obj = -1;
  for (int step = 0; step <= 100; ++step) {
    double t = step / 100.0;
    int good_ans = 0, good_unans = 0, n_ans = 0, n_unans = 0;
    for (const auto &it : items) {
      if (it.answerable) {
        ++n_ans;
        if (it.top_right && it.top_conf >= t) ++good_ans;
      } else {
        ++n_unans;
        if (it.top_conf < t) ++good_unans;
      }
    }
    double obj = 0.5 * (n_ans ? static_cast<double>(good_ans) / n_ans : 1.0) +
                 0.5 * (n_unans ? static_cast<double>(good_unans) / n_unans : 1.0);
    if (obj > best_obj + 1e-12) {
      best_obj = obj;
      best_t = t;
    }
  }
  json report = {{"overall", all.to_json()},
                 {"threshold",
                  {{"best", best_t},
                   {"objective", best_obj},
                   {"objective_definition",
                    "mean of answerable-answered-right and unanswerable-fallback rates"}}}};
  for (auto &kv : by_lang) report["by_lang"][kv.first] = kv.second.to_json();
  for (auto &kv : by_kind) report["by_kind"][kv.first] = kv.second.to_json();
  if (a.has("--json")) {
    std::printf("%s\n", report.dump(2).c_str());
  } else {
    auto row = [](const std::string &name, const Tally &t) {
      json j = t.to_json();
      std::printf(
          "%-14s %5d  hit@1 %5.1f%%  hit@3 %5.1f%%  MRR@10 %.3f  answered %5.1f%%  "
          "clarify %5.1f%%  fallback %5.1f%%  unanswerable->fallback %5.1f%%\n",
          name.c_str(), t.n, 100 * j["hit@1"].get<double>(), 100 * j["hit@3"].get<double>(),
          j["mrr@10"].get<double>(), 100 * j["answered_rate"].get<double>(),
          100 * j["clarify_rate"].get<double>(), 100 * j["fallback_rate"].get<double>(),
          100 * j["unanswerable_fallback"].get<double>());
    };
    row("overall", all);
    for (auto &kv : by_lang) row("lang " + kv.first, kv.second);
    for (auto &kv : by_kind) row("kind " + kv.first, kv.second);
    std::printf(
        "best threshold %.2f (objective %.3f: mean of answerable answered right and "
        "unanswerable ending in fallback)\n",
        best_t, best_obj);
  }
  if (a.has("--failures"))
    for (const auto &it : items)
      if ((it.answerable && it.rank != 1) || (!it.answerable && it.outcome != "fallback") ||
          (it.answerable && it.outcome == "fallback"))
        std::fprintf(stderr, "MISS %s [%s/%s] %s -> top %s (conf %.2f, %s, right at rank %d)\n",
                     it.id.c_str(), it.lang.c_str(), it.kind.c_str(), it.query.c_str(),
                     it.top_id.c_str(), it.top_conf, it.outcome.c_str(), it.rank);
  return kExitOk;
}

}  // namespace faqlite_cli
