// Large JSON Lines inputs are parsed in two halves on two threads (index/corpus_reader.cpp). What
// comes out must be what one pass from the first line would give: every entry in file order with
// its own line number, the first bad line's error, and the entry limit's error when it comes
// before that line.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "base/error.hpp"
#include "index/corpus_reader.hpp"

namespace {

using faqlite::Error;
using faqlite::Status;
using faqlite::index::read_corpus_text;
using faqlite::index::ReadOptions;

// `n` entry lines (over the 4 MB past which the input is split), with blank lines here and
// there so that line numbers and entry numbers differ; the lines in `bad` (1-based line
// numbers) are broken JSON. Entry i's line number is kept in `lines`.
std::string make_lines(int n, std::vector<int> bad, std::vector<size_t> *lines = nullptr) {
  std::string text;
  const std::string filler(160, 'x');
  int line = 0;
  for (int i = 0; i < n; ++i) {
    if (i % 1000 == 17) {
      text += "\n";  // a blank line
      ++line;
    }
    ++line;
    bool broken = false;
    for (int b : bad) broken = broken || b == line;
    if (broken) {
      text += "{\"id\": \"e" + std::to_string(i) + "\", \"question\": \n";
      continue;
    }
    text += "{\"id\": \"e" + std::to_string(i) + "\", \"question\": \"question " +
            std::to_string(i) + "\", \"answer\": \"" + filler + "\"}\n";
    if (lines) lines->push_back(static_cast<size_t>(line));
  }
  return text;
}

std::string error_of(const std::string &text, size_t max_entries = 5'000'000) {
  ReadOptions o;
  o.max_entries = max_entries;
  try {
    read_corpus_text(text, "big.jsonl", o);
  } catch (const Error &e) {
    return std::string(e.status() == Status::kLimit ? "limit " : "format ") + e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a large JSON Lines input read in two halves gives what one pass gives",
          "[corpus][lines]") {
  std::vector<size_t> lines;
  const std::string text = make_lines(30000, {}, &lines);
  REQUIRE(text.size() > (4u << 20));
  const auto c = read_corpus_text(text, "big.jsonl", ReadOptions());
  REQUIRE(c.entries.size() == 30000);
  for (size_t i = 0; i < c.entries.size(); ++i) {
    INFO("entry " << i);
    REQUIRE(c.entries[i].id == "e" + std::to_string(i));
    REQUIRE(c.entries[i].source == "big.jsonl:" + std::to_string(lines[i]));
  }
  // With one thread (index option "threads": 1) the same, in one pass.
  ReadOptions one;
  one.threads = 1;
  const auto d = read_corpus_text(text, "big.jsonl", one);
  REQUIRE(d.entries.size() == c.entries.size());
  for (size_t i = 0; i < d.entries.size(); ++i) {
    REQUIRE(d.entries[i].id == c.entries[i].id);
    REQUIRE(d.entries[i].source == c.entries[i].source);
  }
}

TEST_CASE("a large JSON Lines input reports its first bad line, in either half",
          "[corpus][lines]") {
  // Lines 25,000 (second half) and 3,000 (first half); the blank lines make line 25,000 the
  // entry 24,975 or so, so a wrong line count in the second half would show.
  std::string err = error_of(make_lines(30000, {25000}));
  CHECK(err.rfind("format big.jsonl:25000:", 0) == 0);
  err = error_of(make_lines(30000, {3000, 25000}));
  CHECK(err.rfind("format big.jsonl:3000:", 0) == 0);
  // The entry limit, met before a bad line, is the error; after it, the bad line is.
  err = error_of(make_lines(30000, {25000}), 20000);
  CHECK(err.find("limit big.jsonl:20021: more than 20000 entries") == 0);
  err = error_of(make_lines(30000, {10000}), 20000);
  CHECK(err.rfind("format big.jsonl:10000:", 0) == 0);
  err = error_of(make_lines(30000, {}), 5000);  // the limit inside the first half
  CHECK(err.find("limit big.jsonl:5006: more than 5000 entries") == 0);
  err = error_of(make_lines(30000, {}), 29999);  // and at the very end
  CHECK(err.find("limit big.jsonl:30030: more than 29999 entries") == 0);
}
