// The HTTP API over the C API: routes, CORS, JSON errors. It is an httplib::Server used only for
// its request parsing, routing and response writing; the event loop (event_loop.hpp) owns the
// sockets and hands it whole requests.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>
#include <vector>

#include "faqlite.h"
#include "server/access_log.hpp"
#include "server/config.hpp"
#include "server/memory_stream.hpp"

namespace faqlite_server {

class Api : public httplib::Server {
 public:
  Api(faqlite_engine *engine, const ServerConfig &config, const AccessLog &log);

  // Runs one framed request and appends the response bytes to `out`. Returns false when the
  // connection must be closed after the response (the client asked, or `close_connection`).
  // Thread-safe: workers call it concurrently.
  bool handle(std::string_view request, const Peer &peer, bool close_connection,
              Clock::time_point received, std::string &out);

  const CorsPolicy &cors() const { return cors_; }

 private:
  struct Route;
  void install();
  httplib::Server::HandlerResponse route(const httplib::Request &req, httplib::Response &res);
  void ask(const httplib::Request &req, httplib::Response &res);
  void health(const httplib::Request &req, httplib::Response &res);
  void entry(const httplib::Request &req, httplib::Response &res, const std::string &id);
  void unanswered(const httplib::Request &req, httplib::Response &res);
  bool serve_asset(const httplib::Request &req, httplib::Response &res, bool gzip_ok);
  void engine_error(httplib::Response &res, int rc, const char *what);

  struct PreparedAsset {
    std::string path;
    std::string content_type;
    std::string_view data;
    std::string gzip;  // empty when compression does not pay
    std::string etag;
  };

  faqlite_engine *engine_;
  std::vector<PreparedAsset> assets_;
  const ServerConfig &config_;
  const AccessLog &log_;
  CorsPolicy cors_;
};

}  // namespace faqlite_server
