#include "harness/dataset.hpp"

#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace faqlite::bench {
using nlohmann::json;

namespace {

std::ifstream open_or_throw(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return in;
}

}  // namespace

void for_each_entry(const std::string &path, const std::function<void(const CorpusEntry &)> &fn) {
  std::ifstream in = open_or_throw(path);
  std::string line;
  CorpusEntry e;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    json j = json::parse(line);
    e.id = j.at("id").get<std::string>();
    e.lang = j.at("lang").get<std::string>();
    e.question = j.value("question", "");
    e.alternates.clear();
    if (j.contains("alternates"))
      for (const auto &a : j["alternates"]) {
        if (!e.alternates.empty()) e.alternates += '\n';
        e.alternates += a.get<std::string>();
      }
    e.title = j.value("title", "");
    e.section = j.value("section", "");
    e.answer = j.at("answer").get<std::string>();
    fn(e);
  }
}

std::vector<BenchQuestion> load_questions(const std::string &path) {
  std::ifstream in = open_or_throw(path);
  std::vector<BenchQuestion> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    json j = json::parse(line);
    out.push_back({j.at("target").get<std::string>(), j.at("lang").get<std::string>(),
                   j.at("q").get<std::string>()});
  }
  return out;
}

const std::vector<std::string> &bench_languages() {
  static const std::vector<std::string> v = {"de", "en", "es", "fr", "ja", "zh"};
  return v;
}

}  // namespace faqlite::bench
