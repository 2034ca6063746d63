#include "harness/measure.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <time.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

namespace faqlite::bench {
namespace fs = std::filesystem;

double ThreadCpuWatch::now() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double peak_rss_mb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;  // Linux reports KiB
}

double percentile(std::vector<double> &v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, rank > 0 ? rank - 1 : 0)];
}

double median(std::vector<double> v) {
  return percentile(v, 0.5);
}

namespace {

std::vector<fs::path> files_of(const std::string &path) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (const auto &e : fs::recursive_directory_iterator(path, ec))
      if (e.is_regular_file(ec)) out.push_back(e.path());
    return out;
  }
  for (const char *suffix : {"", "-wal", "-shm"})
    if (fs::is_regular_file(path + suffix, ec)) out.emplace_back(path + suffix);
  return out;
}

}  // namespace

long long disk_bytes(const std::string &path) {
  long long total = 0;
  std::error_code ec;
  for (const auto &f : files_of(path)) total += static_cast<long long>(fs::file_size(f, ec));
  return total;
}

void evict_from_page_cache(const std::string &path) {
  for (const auto &f : files_of(path)) {
    int fd = ::open(f.c_str(), O_RDONLY);
    if (fd < 0) continue;
    ::fdatasync(fd);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
  }
}

double load_average() {
  double l = 0;
  std::ifstream in("/proc/loadavg");
  in >> l;
  return l;
}

void write_result(const std::string &results_path, const nlohmann::json &j) {
  if (results_path.empty()) return;
  std::ofstream out(results_path, std::ios::app);
  out << j.dump() << '\n';
}

}  // namespace faqlite::bench
