// Settings of `faqlite serve`, with the defaults documented in docs/server.md.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace faqlite_server {

struct ServerConfig {
  std::string host = "127.0.0.1";  // loopback unless told otherwise
  int port = 8080;                 // 0: any free port (the chosen one is printed)
  unsigned threads = 0;            // workers running requests; 0: one per core
  size_t max_body = 64 * 1024;
  size_t max_head = 16 * 1024;
  size_t max_headers = 100;
  size_t max_question = 4096;  // bytes of the question and of each context turn
  size_t max_connections = 1024;
  double request_timeout = 10;   // seconds to receive a whole request once it has started
  double keepalive_timeout = 5;  // seconds an idle keep-alive connection is kept
  double write_timeout = 10;     // seconds to deliver a whole response
  double shutdown_grace = 10;    // seconds in-flight requests get after SIGTERM
  unsigned keepalive_max_requests = 1000;
  std::vector<std::string> cors_origins;  // exact origins, or "*"
  std::string admin_token;                // when set, /v1/unanswered needs it as a bearer token
  bool log_unanswered = false;
  bool access_log = true;
};

// Which origins may read responses from a browser (CORS). Default: none.
class CorsPolicy {
 public:
  explicit CorsPolicy(std::vector<std::string> origins);
  bool allows(const std::string &origin) const;
  // "Access-Control-Allow-Origin"-style header lines for `origin`, or "" when it is not allowed.
  std::string header_lines(const std::string &origin) const;
  bool any() const { return any_; }

 private:
  std::vector<std::string> origins_;
  bool any_ = false;
};

}  // namespace faqlite_server
