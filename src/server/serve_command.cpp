// faqlite serve: the HTTP API, the chat widget and its demo page over one index.
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "cli/cli.hpp"
#include "server/access_log.hpp"
#include "server/api.hpp"
#include "server/config.hpp"
#include "server/event_loop.hpp"
#include "server/listener.hpp"
#include "server/worker_pool.hpp"

namespace faqlite_cli {

namespace {

using faqlite_server::ServerConfig;

const char *kHelp =
    "usage: faqlite serve [--db FILE] [--host ADDR] [--port P] [--cors ORIGIN,...]\n"
    "                     [--threads N] [--max-body BYTES] [--max-question BYTES]\n"
    "                     [--max-connections N] [--request-timeout S] [--keepalive-timeout S]\n"
    "                     [--grace S] [--admin-token TOKEN] [--log-unanswered] [--quiet]\n"
    "\n"
    "Serves the index FILE (default: the bundled corpus) over HTTP: POST /v1/ask,\n"
    "GET /v1/entries/{id}, /v1/health, /v1/unanswered, /v1/openapi.json, the chat widget at\n"
    "/widget/faq-chat.js and a demo page at /. See docs/server.md.\n"
    "\n"
    "  --host ADDR            address to bind (default 127.0.0.1: this machine only)\n"
    "  --port P               TCP port (default 8080; 0 picks a free one, printed at start)\n"
    "  --cors LIST            origins whose pages may call the API, comma-separated, or *\n"
    "                         (default: none)\n"
    "  --threads N            request workers (default: one per core)\n"
    "  --max-body BYTES       largest request body (default 65536)\n"
    "  --max-question BYTES   longest question or context turn (default 4096)\n"
    "  --max-connections N    open connections at once (default 1024)\n"
    "  --request-timeout S    time to receive a whole request (default 10)\n"
    "  --keepalive-timeout S  idle time before a kept-alive connection closes (default 5)\n"
    "  --grace S              time in-flight requests get after SIGTERM (default 10)\n"
    "  --admin-token TOKEN    require \"Authorization: Bearer TOKEN\" on /v1/unanswered\n"
    "                         (also read from FAQLITE_ADMIN_TOKEN)\n"
    "  --log-unanswered       record questions that end in fallback or clarify (opens the\n"
    "                         index for writing)\n"
    "  --quiet                no access log\n";

bool parse_count(const Args &a, const char *flag, size_t lo, size_t hi, size_t &out) {
  if (!a.has(flag)) return true;
  const std::string v = a.get(flag);
  char *end = nullptr;
  errno = 0;
  unsigned long long n = v.empty() || v[0] == '-' ? 0 : std::strtoull(v.c_str(), &end, 10);
  if (!end || *end || errno || n < lo || n > hi) {
    std::fprintf(stderr, "faqlite serve: %s must be an integer from %zu to %zu\n", flag, lo, hi);
    return false;
  }
  out = static_cast<size_t>(n);
  return true;
}

bool parse_seconds(const Args &a, const char *flag, double &out) {
  if (!a.has(flag)) return true;
  const std::string v = a.get(flag);
  char *end = nullptr;
  double s = v.empty() ? -1 : std::strtod(v.c_str(), &end);
  if (!end || *end || !(s > 0 && s <= 3600)) {
    std::fprintf(stderr, "faqlite serve: %s must be a number of seconds (0 < S <= 3600)\n", flag);
    return false;
  }
  out = s;
  return true;
}

bool parse_config(const Args &a, ServerConfig &c) {
  size_t port = static_cast<size_t>(c.port), threads = 0;
  if (!parse_count(a, "--port", 0, 65535, port) || !parse_count(a, "--threads", 1, 256, threads) ||
      !parse_count(a, "--max-body", 1024, 16 << 20, c.max_body) ||
      !parse_count(a, "--max-question", 16, 1 << 20, c.max_question) ||
      !parse_count(a, "--max-connections", 4, 1 << 20, c.max_connections) ||
      !parse_seconds(a, "--request-timeout", c.request_timeout) ||
      !parse_seconds(a, "--keepalive-timeout", c.keepalive_timeout) ||
      !parse_seconds(a, "--grace", c.shutdown_grace))
    return false;
  c.port = static_cast<int>(port);
  c.threads =
      threads ? static_cast<unsigned>(threads) : std::max(1u, std::thread::hardware_concurrency());
  if (a.has("--host")) c.host = a.get("--host");
  if (a.has("--cors")) {
    std::string list = a.get("--cors");
    size_t start = 0;
    while (start <= list.size()) {
      size_t comma = list.find(',', start);
      if (comma == std::string::npos) comma = list.size();
      if (comma > start) c.cors_origins.push_back(list.substr(start, comma - start));
      start = comma + 1;
    }
  }
  const char *env_token = std::getenv("FAQLITE_ADMIN_TOKEN");
  c.admin_token = a.has("--admin-token") ? a.get("--admin-token") : (env_token ? env_token : "");
  c.log_unanswered = a.has("--log-unanswered");
  c.access_log = !a.has("--quiet");
  if (c.max_question > c.max_body) c.max_question = c.max_body;
  return true;
}

// Opens the index for serving. Without --db the CLI's default index (the bundled corpus, built
// and cached on first use) is located first, then opened with the server's own options.
faqlite_engine *open_for_serving(const Args &a, const ServerConfig &c, std::string &path,
                                 int &code) {
  if (a.has("--db")) {
    path = a.get("--db");
  } else {
    faqlite_engine *probe = open_engine(a, true, code);
    if (!probe) return nullptr;
    char *stats = nullptr;
    int rc = faqlite_stats(probe, &stats);
    if (rc == FAQLITE_OK) {
      auto j = nlohmann::json::parse(stats, nullptr, false);
      if (j.is_object() && j.contains("path") && j["path"].is_string()) path = j["path"];
    }
    faqlite_free(stats);
    faqlite_close(probe);
    if (path.empty()) {
      std::fprintf(stderr, "faqlite serve: cannot locate the default index; use --db FILE\n");
      code = kExitIndex;
      return nullptr;
    }
  }
  nlohmann::json opts = {{"readonly", !c.log_unanswered},
                         {"create", false},
                         {"log_unanswered", c.log_unanswered},
                         {"max_question_bytes", c.max_question}};
  faqlite_engine *e = nullptr;
  int rc = faqlite_open(path.c_str(), opts.dump().c_str(), &e);
  if (rc != FAQLITE_OK) code = fail(rc, "cannot open " + path);
  return e;
}

// More connections need more descriptors: raise the soft limit as far as the hard one allows,
// and keep the connection cap below it with room for the index and logs.
void fit_descriptor_limit(ServerConfig &c) {
  struct rlimit rl;
  if (::getrlimit(RLIMIT_NOFILE, &rl) != 0) return;
  if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < c.max_connections + 64) {
    rlim_t want = c.max_connections + 64;
    if (rl.rlim_max != RLIM_INFINITY && want > rl.rlim_max) want = rl.rlim_max;
    rl.rlim_cur = want;
    ::setrlimit(RLIMIT_NOFILE, &rl);
    ::getrlimit(RLIMIT_NOFILE, &rl);
  }
  if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < c.max_connections + 64) {
    c.max_connections = rl.rlim_cur > 96 ? static_cast<size_t>(rl.rlim_cur) - 64 : 32;
    faqlite_server::log_line("connection cap lowered to " + std::to_string(c.max_connections) +
                             " by the open-file limit");
  }
}

void on_stop_signal(int) {
  faqlite_server::EventLoop::request_shutdown();
}

void install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

}  // namespace

int cmd_serve(int argc, char **argv) {
  Args a;
  if (!parse_args(argc, argv, 2,
                  {"--db", "--host", "--port", "--cors", "--threads", "--max-body",
                   "--max-question", "--max-connections", "--request-timeout",
                   "--keepalive-timeout", "--grace", "--admin-token"},
                  {"--log-unanswered", "--quiet", "--help", "-h"}, a))
    return kExitUsage;
  if (a.has("--help") || a.has("-h")) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  if (!a.positional.empty()) {
    std::fprintf(stderr, "faqlite serve: unexpected argument \"%s\"\n%s", a.positional[0].c_str(),
                 kHelp);
    return kExitUsage;
  }
  ServerConfig config;
  if (!parse_config(a, config)) return kExitUsage;
  fit_descriptor_limit(config);

  int code = kExitOk;
  std::string path;
  faqlite_engine *engine = open_for_serving(a, config, path, code);
  if (!engine) return code;

  int port = 0;
  std::string error;
  int listen_fd = faqlite_server::open_listener(config.host, config.port, port, error);
  if (listen_fd < 0) {
    std::fprintf(stderr, "faqlite serve: %s\n", error.c_str());
    faqlite_close(engine);
    return kExitFailure;
  }
  install_signal_handlers();

  uint64_t served = 0;
  {
    faqlite_server::AccessLog log(config.access_log);
    faqlite_server::Api api(engine, config, log);
    faqlite_server::WorkerPool pool(config.threads);
    faqlite_server::EventLoop loop(config, listen_fd, api, pool, log);
    std::string host =
        config.host.find(':') != std::string::npos ? "[" + config.host + "]" : config.host;
    std::string cors = config.cors_origins.empty() ? "none" : a.get("--cors");
    faqlite_server::log_line("listening on http://" + host + ":" + std::to_string(port) + " (" +
                             std::to_string(pool.size()) + " workers, index " + path +
                             ", CORS origins: " + cors + ")");
    served = loop.run();
    pool.stop();  // in-flight work ends before the engine closes
  }
  faqlite_close(engine);
  faqlite_server::log_line("stopped after " + std::to_string(served) + " responses");
  return kExitOk;
}

}  // namespace faqlite_cli
