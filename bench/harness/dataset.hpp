// Reading the generator's files: the corpus (streamed, so a baseline's build holds one entry at a
// time) and the questions with their targets.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace faqlite::bench {

struct CorpusEntry {
  std::string id, lang, question, alternates, title, section, answer;  // alternates: \n-joined
};

// Calls `fn` for every entry of a JSONL corpus, in file order. Throws on a malformed line.
void for_each_entry(const std::string &path, const std::function<void(const CorpusEntry &)> &fn);

struct BenchQuestion {
  std::string target, lang, text;
};

std::vector<BenchQuestion> load_questions(const std::string &path);

// The languages of the generator, in a fixed order (each engine keeps one partition per language,
// as faqlite does, and a question is asked in its own language).
const std::vector<std::string> &bench_languages();

}  // namespace faqlite::bench
