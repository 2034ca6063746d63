#include "server/access_log.hpp"

#include <sys/time.h>

#include <cstdio>
#include <ctime>

namespace faqlite_server {

namespace {

std::string utc_now() {
  struct timeval tv;
  ::gettimeofday(&tv, nullptr);
  struct tm tm;
  ::gmtime_r(&tv.tv_sec, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(tv.tv_usec / 1000));
  return buf;
}

}  // namespace

void AccessLog::write(std::string_view peer, std::string_view method, std::string_view target,
                      int status, Clock::time_point started, size_t bytes) const {
  if (!enabled_) return;
  std::string_view path = target.substr(0, target.find('?'));
  if (path.size() > 200) path = path.substr(0, 200);
  if (path.empty()) path = "-";
  if (method.empty()) method = "-";
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  char tail[96];
  std::snprintf(tail, sizeof tail, " %d %.2fms %zuB\n", status, ms, bytes);
  std::string line = utc_now();
  line.append(" ").append(peer).append(" ").append(method).append(" ").append(path).append(tail);
  // One fwrite per line keeps lines from different threads whole.
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void log_line(const std::string &message) {
  std::string line = "faqlite serve: " + message + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace faqlite_server
