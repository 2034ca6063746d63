// faqlite_bench_gen: writes a synthetic multilingual FAQ corpus (JSONL, the faqlite corpus format)
// and a question set whose every line names the entry it was made from.
//
//   faqlite_bench_gen --entries N --corpus OUT.jsonl --questions-file OUT.jsonl
//                     [--questions Q] [--seed S]
//
// The output depends only on the arguments: entry i is the same for every N, so a small corpus is
// a prefix of a larger one.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/json_text.hpp"
#include "common/rng.hpp"
#include "gen/languages.hpp"
#include "gen/model.hpp"

namespace fb = faqlite::bench;

namespace {

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: faqlite_bench_gen --entries N --corpus OUT.jsonl --questions-file OUT.jsonl "
               "[--questions Q] [--seed S]\n");
  std::exit(2);
}

std::string entry_json(const fb::GenEntry &e) {
  std::string s = "{\"id\":";
  fb::append_json_string(s, e.id);
  s += ",\"lang\":";
  fb::append_json_string(s, e.lang);
  s += ",\"question\":";
  fb::append_json_string(s, e.question);
  if (!e.alternates.empty()) {
    s += ",\"alternates\":[";
    for (size_t i = 0; i < e.alternates.size(); ++i) {
      if (i) s += ',';
      fb::append_json_string(s, e.alternates[i]);
    }
    s += ']';
  }
  s += ",\"title\":";
  fb::append_json_string(s, e.title);
  s += ",\"section\":";
  fb::append_json_string(s, e.section);
  s += ",\"answer\":";
  fb::append_json_string(s, e.answer);
  s += "}\n";
  return s;
}

struct Question {
  std::string target, lang, text;
};

}  // namespace

int main(int argc, char **argv) {
  size_t n_entries = 0, n_questions = 2000;
  uint64_t seed = 20240601;
  std::string corpus_path, questions_path;
  for (int i = 1; i < argc; ++i) {
    auto val = [&]() -> const char * {
      if (i + 1 >= argc) usage();
      return argv[++i];
    };
    if (!std::strcmp(argv[i], "--entries"))
      n_entries = std::strtoull(val(), nullptr, 10);
    else if (!std::strcmp(argv[i], "--questions"))
      n_questions = std::strtoull(val(), nullptr, 10);
    else if (!std::strcmp(argv[i], "--seed"))
      seed = std::strtoull(val(), nullptr, 10);
    else if (!std::strcmp(argv[i], "--corpus"))
      corpus_path = val();
    else if (!std::strcmp(argv[i], "--questions-file"))
      questions_path = val();
    else
      usage();
  }
  if (!n_entries || corpus_path.empty() || questions_path.empty()) usage();

  const auto &langs = fb::languages();
  std::vector<std::unique_ptr<fb::LanguageModel>> models;
  for (size_t l = 0; l < langs.size(); ++l) {
    const size_t tail = langs[l].spaced ? 60000 : 40000;
    models.push_back(std::make_unique<fb::LanguageModel>(langs[l], tail, seed * 131 + l));
  }

  // Which entries get questions, drawn before the corpus so the choice does not depend on it.
  fb::Rng pick_rng(seed ^ 0x5155455354ull);
  std::vector<unsigned> asked(n_entries, 0);
  for (size_t q = 0; q < n_questions; ++q) ++asked[pick_rng.below(n_entries)];

  FILE *out = std::fopen(corpus_path.c_str(), "wb");
  if (!out) {
    std::perror(corpus_path.c_str());
    return 1;
  }
  fb::Rng rng(seed), question_rng(seed ^ 0x4e4f495345ull);
  std::vector<Question> questions;
  std::map<std::string, size_t> per_lang;
  size_t bytes = 0;
  std::string line;
  for (size_t i = 0; i < n_entries; ++i) {
    double u = rng.uniform(), acc = 0;
    size_t l = 0;
    while (l + 1 < langs.size() && u >= (acc += langs[l].share)) ++l;
    fb::GenEntry e = models[l]->entry(rng, langs[l].code + "-" + std::to_string(i));
    ++per_lang[e.lang];
    line = entry_json(e);
    bytes += line.size();
    if (std::fwrite(line.data(), 1, line.size(), out) != line.size()) {
      std::perror(corpus_path.c_str());
      return 1;
    }
    for (unsigned k = 0; k < asked[i]; ++k)
      questions.push_back({e.id, e.lang, models[l]->question_for(e, question_rng)});
  }
  if (std::fclose(out) != 0) {
    std::perror(corpus_path.c_str());
    return 1;
  }

  pick_rng.shuffle(questions);
  FILE *qout = std::fopen(questions_path.c_str(), "wb");
  if (!qout) {
    std::perror(questions_path.c_str());
    return 1;
  }
  for (const auto &q : questions) {
    line = "{\"target\":";
    fb::append_json_string(line, q.target);
    line += ",\"lang\":";
    fb::append_json_string(line, q.lang);
    line += ",\"q\":";
    fb::append_json_string(line, q.text);
    line += "}\n";
    std::fwrite(line.data(), 1, line.size(), qout);
  }
  if (std::fclose(qout) != 0) {
    std::perror(questions_path.c_str());
    return 1;
  }

  std::printf("generated %zu entries (%.1f MB) and %zu questions:", n_entries, bytes / 1e6,
              questions.size());
  for (const auto &kv : per_lang) std::printf(" %s=%zu", kv.first.c_str(), kv.second);
  std::printf("; vocabulary");
  for (const auto &m : models) std::printf(" %s=%zu", m->spec().code.c_str(), m->vocabulary_size());
  std::printf("\n");
  return 0;
}
