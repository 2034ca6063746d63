// faqlite through its public C API only, as an application would use it.
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "faqlite.h"
#include "harness/engine.hpp"

namespace faqlite::bench {
namespace {

[[noreturn]] void fail(const std::string &what) {
  throw std::runtime_error(what + ": " + faqlite_last_error());
}

class FaqliteSearcher : public Searcher {
 public:
  explicit FaqliteSearcher(faqlite_engine *e) : e_(e) {}
  std::vector<std::string> search(const BenchQuestion &q, int k) override {
    options_ = "{\"k\":" + std::to_string(k) + ",\"lang\":\"" + q.lang + "\"}";
    faqlite_result *r = nullptr;
    if (faqlite_ask(e_, q.text.data(), static_cast<long>(q.text.size()), options_.c_str(), &r) !=
        FAQLITE_OK)
      fail("faqlite_ask");
    std::vector<std::string> ids;
    const size_t n = faqlite_result_count(r);
    for (size_t i = 0; i < n; ++i) {
      ids.emplace_back(faqlite_result_id(r, i));
      if (!faqlite_result_answer(r, i)) fail("faqlite_result_answer");
    }
    faqlite_result_free(r);
    return ids;
  }

 private:
  faqlite_engine *e_;
  std::string options_;
};

class FaqliteEngine : public Engine {
 public:
  ~FaqliteEngine() override { close(); }
  std::string name() const override { return "faqlite"; }

  void build(const std::string &corpus, const std::string &path) override {
    faqlite_engine *e = nullptr;
    if (faqlite_open(path.c_str(), nullptr, &e) != FAQLITE_OK) fail("faqlite_open");
    const char *paths[] = {corpus.c_str()};
    // FAQLITE_BENCH_INDEX_OPTIONS: index options as a JSON object, such as {"threads":1} to
    // time a build without the analysis helper thread.
    const char *index_opts = std::getenv("FAQLITE_BENCH_INDEX_OPTIONS");
    int rc = faqlite_index_paths(e, paths, 1, index_opts && *index_opts ? index_opts : nullptr,
                                 nullptr, nullptr);
    std::string err = rc == FAQLITE_OK ? "" : faqlite_last_error();
    faqlite_close(e);
    if (rc != FAQLITE_OK) throw std::runtime_error("faqlite_index_paths: " + err);
  }

  void open(const std::string &path) override {
    // FAQLITE_BENCH_OPTIONS: extra engine options as JSON members, for trying settings such as
    // "split_rows" without a rebuild.
    std::string opts = "{\"create\":false";
    if (const char *extra = std::getenv("FAQLITE_BENCH_OPTIONS"); extra && *extra)
      opts += std::string(",") + extra;
    opts += "}";
    if (faqlite_open(path.c_str(), opts.c_str(), &e_) != FAQLITE_OK) fail("faqlite_open");
  }
  std::unique_ptr<Searcher> searcher() override { return std::make_unique<FaqliteSearcher>(e_); }
  void close() override {
    faqlite_close(e_);
    e_ = nullptr;
  }

 private:
  faqlite_engine *e_ = nullptr;
};

}  // namespace

std::unique_ptr<Engine> make_faqlite_engine() {
  return std::make_unique<FaqliteEngine>();
}

}  // namespace faqlite::bench
