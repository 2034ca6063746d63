// What the harness needs from a search engine: build an index from the corpus file, open it, and
// answer questions from several threads. One class per engine (faqlite and the two baselines).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "harness/dataset.hpp"

namespace faqlite::bench {

// Per-thread question answering state (a connection, prepared statements, a parser...).
class Searcher {
 public:
  virtual ~Searcher() = default;
  // The ids of the best `k` entries, best first, each read with its answer text as a user of the
  // engine would.
  virtual std::vector<std::string> search(const BenchQuestion &q, int k) = 0;
};

class Engine {
 public:
  virtual ~Engine() = default;
  virtual std::string name() const = 0;
  // Writes a new index at `path` (a file, or a folder for Xapian) from the corpus.
  virtual void build(const std::string &corpus, const std::string &path) = 0;
  // Opens the index for questions; searcher() then gives each thread its own state.
  virtual void open(const std::string &path) = 0;
  virtual std::unique_ptr<Searcher> searcher() = 0;
  virtual void close() = 0;
};

std::unique_ptr<Engine> make_faqlite_engine();
std::unique_ptr<Engine> make_fts5_engine();
std::unique_ptr<Engine> make_xapian_engine();

}  // namespace faqlite::bench
