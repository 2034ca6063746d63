// faqlite_bench: one phase of the benchmark per process, so that peak memory (getrusage) belongs
// to that phase and engine alone. scripts/bench.sh runs the phases and bench/report.py turns the
// result lines into tables.
//
//   faqlite_bench build    --engine E --corpus C.jsonl --index PATH [--size N] [--results R]
//   faqlite_bench query    --engine E --index PATH --questions Q.jsonl [--size N] [--results R]
//                          [--k 10] [--threads 2] [--warmup 200] [--passes 1]
//   faqlite_bench analyzer --corpus C.jsonl [--bytes 1000000] [--seconds 0.5] [--results R]
//
// E is faqlite, fts5 or xapian.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>

#include "harness/analyzer_bench.hpp"
#include "harness/dataset.hpp"
#include "harness/engine.hpp"
#include "harness/measure.hpp"

namespace fb = faqlite::bench;
using nlohmann::json;

namespace {

struct Args {
  std::string phase, engine, corpus, index, questions, results;
  long long size = 0;
  int k = 10, threads = 2, warmup = 200, passes = 1, warm_opens = 10, limit = 0, slowest = 0;
  size_t bytes = 1000000;
  double seconds = 0.5;
};

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: faqlite_bench build|query|analyzer [--engine faqlite|fts5|xapian] "
               "[--corpus F] [--index P] [--questions F] [--results F] [--size N] [--k N] "
               "[--threads N] [--warmup N] [--passes N] [--limit N] [--slowest N] [--bytes N] "
               "[--seconds S]\n");
  std::exit(2);
}

Args parse(int argc, char **argv) {
  if (argc < 2) usage();
  Args a;
  a.phase = argv[1];
  for (int i = 2; i < argc; ++i) {
    auto val = [&]() -> std::string {
      if (i + 1 >= argc) usage();
      return argv[++i];
    };
    std::string o = argv[i];
    if (o == "--engine")
      a.engine = val();
    else if (o == "--corpus")
      a.corpus = val();
    else if (o == "--index")
      a.index = val();
    else if (o == "--questions")
      a.questions = val();
    else if (o == "--results")
      a.results = val();
    else if (o == "--size")
      a.size = std::atoll(val().c_str());
    else if (o == "--k")
      a.k = std::atoi(val().c_str());
    else if (o == "--threads")
      a.threads = std::max(1, std::atoi(val().c_str()));
    else if (o == "--warmup")
      a.warmup = std::atoi(val().c_str());
    else if (o == "--passes")
      a.passes = std::max(1, std::atoi(val().c_str()));
    else if (o == "--warm-opens")
      a.warm_opens = std::max(1, std::atoi(val().c_str()));
    else if (o == "--limit")
      a.limit = std::atoi(val().c_str());
    else if (o == "--bytes")
      a.bytes = std::strtoull(val().c_str(), nullptr, 10);
    else if (o == "--seconds")
      a.seconds = std::atof(val().c_str());
    else if (o == "--slowest")
      a.slowest = std::max(0, std::atoi(val().c_str()));
    else
      usage();
  }
  return a;
}

std::unique_ptr<fb::Engine> make_engine(const std::string &name) {
  if (name == "faqlite") return fb::make_faqlite_engine();
  if (name == "fts5") return fb::make_fts5_engine();
  if (name == "xapian") return fb::make_xapian_engine();
  throw std::runtime_error("unknown engine \"" + name + "\"");
}

json latency_json(std::vector<double> &ms) {
  double sum = 0;
  for (double v : ms) sum += v;
  return {{"p50_ms", fb::percentile(ms, 0.50)},
          {"p99_ms", fb::percentile(ms, 0.99)},
          {"p999_ms", fb::percentile(ms, 0.999)},
          {"max_ms", ms.empty() ? 0 : ms.back()},
          {"mean_ms", ms.empty() ? 0 : sum / static_cast<double>(ms.size())}};
}

int build(const Args &a) {
  auto engine = make_engine(a.engine);
  std::error_code ec;
  std::filesystem::remove_all(a.index, ec);
  for (const char *s : {"-wal", "-shm"}) std::filesystem::remove(a.index + s, ec);
  fb::Stopwatch sw;
  engine->build(a.corpus, a.index);
  const double secs = sw.seconds();
  const long long bytes = fb::disk_bytes(a.index);
  const double rss = fb::peak_rss_mb();
  std::printf(
      "%-8s build %9lld entries  %8.2f s  %9.0f entries/s  index %8.1f MB  peak RSS %7.1f MB\n",
      a.engine.c_str(), a.size, secs, a.size / secs, bytes / 1e6, rss);
  fb::write_result(a.results, {{"phase", "build"},
                               {"engine", a.engine},
                               {"size", a.size},
                               {"build_s", secs},
                               {"entries_per_s", a.size / secs},
                               {"index_bytes", bytes},
                               {"peak_rss_mb", rss},
                               {"load_avg", fb::load_average()}});
  return 0;
}

// The timed single-thread call, kept out of line so that a profiler can be told to record only
// it: valgrind --tool=callgrind --toggle-collect='*measured_search*' leaves out opening and the
// warm-up questions.
__attribute__((noinline)) std::vector<std::string> measured_search(fb::Searcher &s,
                                                                   const fb::BenchQuestion &q,
                                                                   int k) {
  return s.search(q, k);
}

// The tail's questions, slowest first, by thread CPU time (the wall time of one question on a
// busy machine says more about the machine): what a profile of the tail should start from.
void print_slowest(const std::vector<fb::BenchQuestion> &qs, const std::vector<double> &cpu,
                   int n) {
  std::vector<size_t> idx(cpu.size());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  const size_t shown = std::min(idx.size(), static_cast<size_t>(n));
  std::partial_sort(idx.begin(), idx.begin() + static_cast<long>(shown), idx.end(),
                    [&](size_t a, size_t b) { return cpu[a] > cpu[b]; });
  for (size_t k = 0; k < shown; ++k) {
    const fb::BenchQuestion &q = qs[idx[k] % qs.size()];
    std::fprintf(stderr, "slow %8.3f ms  %s  %s\n", cpu[idx[k]], q.lang.c_str(), q.text.c_str());
  }
}

// Opens the index and makes the first thread's searcher: everything before a first question.
std::unique_ptr<fb::Searcher> open_engine(fb::Engine &e, const std::string &path) {
  e.open(path);
  return e.searcher();
}

int query(const Args &a) {
  auto engine = make_engine(a.engine);
  std::vector<fb::BenchQuestion> qs = fb::load_questions(a.questions);
  if (a.limit > 0 && qs.size() > static_cast<size_t>(a.limit))
    qs.resize(static_cast<size_t>(a.limit));
  if (qs.empty()) throw std::runtime_error("no questions in " + a.questions);

  // Cold: the index files are out of the page cache and this process has never opened them.
  fb::evict_from_page_cache(a.index);
  fb::Stopwatch cold;
  auto s = open_engine(*engine, a.index);
  const double open_cold = cold.ms();
  fb::Stopwatch first;
  s->search(qs[0], a.k);
  const double first_question = first.ms();
  s.reset();
  engine->close();

  std::vector<double> warm_ms;
  for (int i = 0; i < a.warm_opens; ++i) {
    fb::Stopwatch sw;
    s = open_engine(*engine, a.index);
    warm_ms.push_back(sw.ms());
    s.reset();
    engine->close();
  }
  const double open_warm = fb::median(warm_ms);

  std::vector<std::unique_ptr<fb::Searcher>> searchers;
  searchers.push_back(open_engine(*engine, a.index));
  for (int t = 1; t < a.threads; ++t) searchers.push_back(engine->searcher());
  const size_t n_warm = std::min(qs.size(), static_cast<size_t>(std::max(0, a.warmup)));
  for (size_t i = 0; i < n_warm; ++i) searchers[0]->search(qs[i], a.k);

  // One thread: latency of every question, and the rank of its target for MRR@k.
  std::vector<double> lat1, cpu1;
  double mrr = 0, hit1 = 0;
  std::map<std::string, std::pair<double, int>> mrr_lang;  // sum of 1/rank, questions
  std::map<std::string, std::vector<double>> lat_lang;
  fb::Stopwatch run1;
  for (int pass = 0; pass < a.passes; ++pass)
    for (const auto &q : qs) {
      fb::Stopwatch sw;
      fb::ThreadCpuWatch cpu;
      std::vector<std::string> ids = measured_search(*searchers[0], q, a.k);
      cpu1.push_back(cpu.ms());
      lat1.push_back(sw.ms());
      lat_lang[q.lang].push_back(lat1.back());
      if (pass) continue;
      ++mrr_lang[q.lang].second;
      for (size_t r = 0; r < ids.size(); ++r)
        if (ids[r] == q.target) {
          mrr += 1.0 / static_cast<double>(r + 1);
          mrr_lang[q.lang].first += 1.0 / static_cast<double>(r + 1);
          hit1 += r == 0;
          break;
        }
    }
  const double qps1 = static_cast<double>(lat1.size()) / run1.seconds();
  print_slowest(qs, cpu1, a.slowest);
  mrr /= static_cast<double>(qs.size());
  hit1 /= static_cast<double>(qs.size());

  // Several threads on one engine: questions handed out from a shared counter.
  std::vector<std::vector<double>> per_thread(static_cast<size_t>(a.threads));
  std::atomic<size_t> next{0};
  // With one thread the figures above are the answer; the run is not repeated.
  const size_t total = a.threads > 1 ? qs.size() * static_cast<size_t>(a.passes) : 0;
  std::vector<std::string> errors(static_cast<size_t>(a.threads));
  fb::Stopwatch runN;
  std::vector<std::thread> pool;
  for (int t = 0; t < a.threads; ++t)
    pool.emplace_back([&, t] {
      try {
        for (size_t i; (i = next++) < total;) {
          fb::Stopwatch sw;
          searchers[static_cast<size_t>(t)]->search(qs[i % qs.size()], a.k);
          per_thread[static_cast<size_t>(t)].push_back(sw.ms());
        }
      } catch (const std::exception &e) {
        errors[static_cast<size_t>(t)] = e.what();
      }
    });
  for (auto &th : pool) th.join();
  const double qpsN = total ? static_cast<double>(total) / runN.seconds() : qps1;
  for (const auto &e : errors)
    if (!e.empty()) throw std::runtime_error(e);
  std::vector<double> latN = total ? std::vector<double>() : lat1;
  for (auto &v : per_thread) latN.insert(latN.end(), v.begin(), v.end());
  searchers.clear();
  engine->close();
  const double rss = fb::peak_rss_mb();

  json l1 = latency_json(lat1), lN = latency_json(latN), c1 = latency_json(cpu1);
  const double qps1_cpu = 1e3 / std::max(1e-9, c1["mean_ms"].get<double>());
  json by_lang = json::object();
  for (const auto &[lang, v] : mrr_lang) by_lang[lang] = v.first / v.second;
  json lat_by_lang = json::object();
  for (auto &[lang, v] : lat_lang) lat_by_lang[lang] = latency_json(v);
  std::printf(
      "%-8s query %9lld entries  open cold %7.2f ms warm %6.2f ms  first q %7.2f ms  "
      "1 thread p50 %6.3f p99 %6.3f p99.9 %6.3f ms %7.0f q/s (CPU-time %7.0f q/s)  "
      "%d threads %7.0f q/s  MRR@%d %.3f  peak RSS %6.1f MB\n",
      a.engine.c_str(), a.size, open_cold, open_warm, first_question, l1["p50_ms"].get<double>(),
      l1["p99_ms"].get<double>(), l1["p999_ms"].get<double>(), qps1, qps1_cpu, a.threads, qpsN, a.k,
      mrr, rss);
  fb::write_result(a.results, {{"phase", "query"},
                               {"engine", a.engine},
                               {"size", a.size},
                               {"questions", qs.size()},
                               {"passes", a.passes},
                               {"k", a.k},
                               {"open_cold_ms", open_cold},
                               {"open_warm_ms", open_warm},
                               {"first_question_ms", first_question},
                               {"t1", l1},
                               {"qps1", qps1},
                               {"cpu1", c1},
                               {"qps1_cpu", qps1_cpu},
                               {"threads", a.threads},
                               {"tN", lN},
                               {"qpsN", qpsN},
                               {"mrr", mrr},
                               {"hit1", hit1},
                               {"mrr_by_lang", by_lang},
                               {"t1_by_lang", lat_by_lang},
                               {"load_avg", fb::load_average()},
                               {"peak_rss_mb", rss}});
  return 0;
}

}  // namespace

int main(int argc, char **argv) {
  Args a = parse(argc, argv);
  try {
    if (a.phase == "build" && !a.engine.empty() && !a.corpus.empty() && !a.index.empty())
      return build(a);
    if (a.phase == "query" && !a.engine.empty() && !a.index.empty() && !a.questions.empty())
      return query(a);
    if (a.phase == "analyzer" && !a.corpus.empty()) {
      fb::run_analyzer_bench(a.corpus, a.bytes, a.seconds, a.results, a.size);
      return 0;
    }
  } catch (const std::exception &e) {
    std::fprintf(stderr, "faqlite_bench %s %s: %s\n", a.phase.c_str(), a.engine.c_str(), e.what());
    return 1;
  }
  usage();
}
