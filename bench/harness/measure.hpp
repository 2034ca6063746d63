// Clocks, memory, files and the result lines every benchmark phase writes.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace faqlite::bench {

class Stopwatch {
 public:
  Stopwatch() : t0_(std::chrono::steady_clock::now()) {}
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
  }
  double ms() const { return seconds() * 1e3; }

 private:
  std::chrono::steady_clock::time_point t0_;
};

// CPU time of the calling thread: unlike wall time, it does not grow when other processes share
// the cores, so it still compares engines on a busy machine.
class ThreadCpuWatch {
 public:
  ThreadCpuWatch() : t0_(now()) {}
  double ms() const { return (now() - t0_) * 1e3; }

 private:
  static double now();
  double t0_;
};

// Peak resident set size of this process so far, in MB (getrusage ru_maxrss).
double peak_rss_mb();

// The value below which a fraction q of `v` lies (nearest rank); `v` is sorted in place.
double percentile(std::vector<double> &v, double q);
double median(std::vector<double> v);

// Total bytes of a file, or of every file under a folder; a path "X" also counts "X-wal" and
// "X-shm" beside it (SQLite's write-ahead log).
long long disk_bytes(const std::string &path);

// Drops the files' pages from the page cache (fsync, then POSIX_FADV_DONTNEED), so the next open
// reads from disk: the "cold" open. Works without root, file by file.
void evict_from_page_cache(const std::string &path);

// The 1-minute load average (the machine may be shared: the figure says how busy it was).
double load_average();

// Appends one JSON object as a line to `results_path` (when not empty).
void write_result(const std::string &results_path, const nlohmann::json &j);

}  // namespace faqlite::bench
