// Access log lines on stderr, one per response:
//   2025-01-31T12:00:00.123Z 127.0.0.1 POST /v1/ask 200 1.42ms 2048B
// The query string is left out and bodies are never logged: questions can be personal.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace faqlite_server {

using Clock = std::chrono::steady_clock;

class AccessLog {
 public:
  explicit AccessLog(bool enabled) : enabled_(enabled) {}
  bool enabled() const { return enabled_; }
  void write(std::string_view peer, std::string_view method, std::string_view target, int status,
             Clock::time_point started, size_t bytes) const;

 private:
  bool enabled_;
};

// Prints "faqlite serve: <message>" on stderr as one write.
void log_line(const std::string &message);

}  // namespace faqlite_server
