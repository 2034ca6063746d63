#include "server/api.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

#include "server/ask_request.hpp"
#include "server/assets.hpp"
#include "server/gzip.hpp"
#include "server/http_errors.hpp"

namespace faqlite_server {

using httplib::Request;
using httplib::Response;
using nlohmann::json;
using HandlerResponse = httplib::Server::HandlerResponse;

namespace {

// What the logger needs about the request a worker is running; set by Api::handle.
thread_local const Peer *t_peer = nullptr;
thread_local Clock::time_point t_received;

enum class Kind { kAsset, kAsk, kHealth, kUnanswered, kEntry };

struct RouteDef {
  const char *path;
  bool prefix;  // the path is a prefix followed by one segment (the entry id)
  const char *allow;
  Kind kind;
};

const RouteDef kRoutes[] = {
    {"/", false, "GET, HEAD, OPTIONS", Kind::kAsset},
    {"/widget/faq-chat.js", false, "GET, HEAD, OPTIONS", Kind::kAsset},
    {"/v1/openapi.json", false, "GET, HEAD, OPTIONS", Kind::kAsset},
    {"/v1/ask", false, "POST, OPTIONS", Kind::kAsk},
    {"/v1/health", false, "GET, HEAD, OPTIONS", Kind::kHealth},
    {"/v1/unanswered", false, "GET, HEAD, OPTIONS", Kind::kUnanswered},
    {"/v1/entries/", true, "GET, HEAD, OPTIONS", Kind::kEntry},
};

const RouteDef *find_route(const std::string &path, std::string &id) {
  for (const auto &r : kRoutes) {
    if (!r.prefix) {
      if (path == r.path) return &r;
      continue;
    }
    size_t n = std::strlen(r.path);
    if (path.size() > n && path.compare(0, n, r.path) == 0 &&
        path.find('/', n) == std::string::npos) {
      id = path.substr(n);
      return &r;
    }
  }
  return nullptr;
}

bool method_allowed(const RouteDef &r, const std::string &method) {
  // `allow` is a short comma-separated list; match whole names only.
  std::string list = std::string(", ") + r.allow + ",";
  return list.find(", " + method + ",") != std::string::npos;
}

uint64_t fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

std::string etag_of(std::string_view data) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(fnv1a(data)));
  return buf;
}

bool valid_lang_tag(const std::string &s) {
  if (s.empty() || s.size() > 35) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

// A comparison whose time does not depend on where the strings differ.
bool same_secret(const std::string &given, const std::string &secret) {
  if (secret.empty() || given.size() != secret.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < secret.size(); ++i)
    diff |= static_cast<unsigned char>(given[i] ^ secret[i]);
  return diff == 0;
}

void set_json(Response &res, std::string body) {
  res.set_header("Cache-Control", "no-store");
  res.set_content(std::move(body), kJsonType);
}

bool is_accepted_media_type(std::string type) {
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  while (!type.empty() && type.front() == ' ') type.erase(type.begin());
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  // curl -d sends form encoding and some clients send text/plain: the body is still read as
  // JSON. Types that cannot be JSON (multipart, binary) are refused.
  return type == "application/json" || type == "text/plain" ||
         type == "application/x-www-form-urlencoded" ||
         (type.size() > 5 && type.compare(type.size() - 5, 5, "+json") == 0);
}

}  // namespace

Api::Api(faqlite_engine *engine, const ServerConfig &config, const AccessLog &log)
    : engine_(engine), config_(config), log_(log), cors_(config.cors_origins) {
  for (size_t i = 0; i < kAssetCount; ++i) {
    PreparedAsset a{kAssets[i].path, kAssets[i].content_type, kAssets[i].data, "", ""};
    a.etag = etag_of(a.data);
    std::string gz = gzip_compress(a.data);
    if (!gz.empty() && gz.size() < a.data.size()) a.gzip = std::move(gz);
    assets_.push_back(std::move(a));
  }
  install();
}

void Api::install() {
  set_payload_max_length(config_.max_body);
  set_keep_alive_max_count(config_.keepalive_max_requests);
  set_keep_alive_timeout(static_cast<time_t>(config_.keepalive_timeout + 0.5));
  set_default_headers({{"X-Content-Type-Options", "nosniff"}});

  set_pre_routing_handler([this](const Request &req, Response &res) { return route(req, res); });
  Post("/v1/ask", [this](const Request &req, Response &res) { ask(req, res); });

  // Statuses httplib sets on its own (a malformed request line, a bad Range) get the JSON shape.
  set_error_handler(HandlerWithResponse([](const Request &, Response &res) {
    if (!res.body.empty()) return HandlerResponse::Unhandled;
    set_error(res, res.status, default_error_code(res.status), default_error_message(res.status));
    return HandlerResponse::Handled;
  }));
  set_exception_handler([](const Request &req, Response &res, std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception &e) {
      what = e.what();
    } catch (...) {
    }
    log_line("internal error on " + req.method + " " + req.target + ": " + what);
    set_error(res, 500, "internal", "internal server error");
  });
  set_logger([this](const Request &req, const Response &res) {
    if (!t_peer) return;
    log_.write(t_peer->ip, req.method, req.target, res.status, t_received, res.body.size());
  });
}

bool Api::handle(std::string_view request, const Peer &peer, bool close_connection,
                 Clock::time_point received, std::string &out) {
  MemoryStream strm(request, out, peer);
  t_peer = &peer;
  t_received = received;
  bool connection_closed = false;
  bool ok = process_request(strm, close_connection, connection_closed, nullptr);
  t_peer = nullptr;
  return ok && !close_connection && !connection_closed;
}

HandlerResponse Api::route(const Request &req, Response &res) {
  // httplib would compress every response anew (brotli costs ~100 ms of CPU for the widget) and
  // would cut JSON bodies by Range; neither is wanted, so those headers are removed before it
  // acts on them. The Request is httplib's own non-const object, lent here by const reference.
  const bool gzip_ok = accepts_gzip(req.get_header_value("Accept-Encoding"));
  auto &own = const_cast<Request &>(req);
  own.headers.erase("Accept-Encoding");
  own.headers.erase("Range");
  own.ranges.clear();

  std::string id;
  const RouteDef *r = find_route(req.path, id);
  const std::string origin = req.get_header_value("Origin");
  if (cors_.allows(origin)) {
    res.set_header("Access-Control-Allow-Origin", cors_.any() ? "*" : origin);
    if (!cors_.any()) res.set_header("Vary", "Origin");
  }
  if (!r) {
    set_error(res, 404, "not_found", "no such resource: " + req.path.substr(0, 200));
    return HandlerResponse::Handled;
  }
  if (req.method == "OPTIONS") {
    res.status = 204;
    res.set_header("Allow", r->allow);
    if (cors_.allows(origin) && req.has_header("Access-Control-Request-Method")) {
      res.set_header("Access-Control-Allow-Methods", r->allow);
      res.set_header("Access-Control-Allow-Headers", "Content-Type, Authorization");
      res.set_header("Access-Control-Max-Age", "600");
    }
    return HandlerResponse::Handled;
  }
  if (!method_allowed(*r, req.method)) {
    res.set_header("Allow", r->allow);
    set_error(res, 405, "method_not_allowed",
              req.method + " is not allowed on " + req.path + " (allowed: " + r->allow + ")");
    return HandlerResponse::Handled;
  }
  switch (r->kind) {
    case Kind::kAsk:
      // Checked before httplib reads the body, which it would try to parse as a form.
      if (req.has_header("Content-Type") &&
          !is_accepted_media_type(req.get_header_value("Content-Type"))) {
        set_error(res, 415, "unsupported_media_type", "send the question as application/json");
        return HandlerResponse::Handled;
      }
      return HandlerResponse::Unhandled;  // httplib reads the body, then calls ask()
    case Kind::kAsset:
      serve_asset(req, res, gzip_ok);
      break;
    case Kind::kHealth:
      health(req, res);
      break;
    case Kind::kUnanswered:
      unanswered(req, res);
      break;
    case Kind::kEntry:
      entry(req, res, id);
      break;
  }
  return HandlerResponse::Handled;
}

bool Api::serve_asset(const Request &req, Response &res, bool gzip_ok) {
  for (const auto &a : assets_) {
    if (req.path != a.path) continue;
    const bool gz = gzip_ok && !a.gzip.empty();
    // Each encoding is its own representation, with its own validator.
    const std::string etag = gz ? a.etag.substr(0, a.etag.size() - 1) + "-gz\"" : a.etag;
    res.set_header("ETag", etag);
    res.set_header("Cache-Control", "no-cache");
    if (!a.gzip.empty()) res.set_header("Vary", "Accept-Encoding");
    if (a.path == "/") {
      // The demo page loads only the widget and talks only to this server.
      res.set_header("Content-Security-Policy",
                     "default-src 'none'; script-src 'self'; connect-src 'self'; "
                     "style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; "
                     "form-action 'none'; frame-ancestors 'none'");
      res.set_header("Referrer-Policy", "no-referrer");
    } else {
      // The widget and the API description are public: any page may load them.
      res.set_header("Cross-Origin-Resource-Policy", "cross-origin");
      if (!res.has_header("Access-Control-Allow-Origin"))
        res.set_header("Access-Control-Allow-Origin", "*");
    }
    if (req.get_header_value("If-None-Match") == etag) {
      res.status = 304;
      return true;
    }
    if (gz) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(a.gzip, a.content_type);
    } else {
      res.set_content(a.data.data(), a.data.size(), a.content_type);
    }
    return true;
  }
  set_error(res, 404, "not_found", "no such resource");
  return false;
}

void Api::engine_error(Response &res, int rc, const char *what) {
  const char *detail = faqlite_last_error();
  std::string msg = detail && *detail ? detail : faqlite_strerror(rc);
  switch (rc) {
    case FAQLITE_EINVAL:
      set_error(res, 400, "invalid_request", msg);
      return;
    case FAQLITE_ELIMIT:
      set_error(res, 422, "limit_exceeded", msg);
      return;
    case FAQLITE_ENOTFOUND:
      set_error(res, 404, "not_found", msg);
      return;
    case FAQLITE_EBUSY:
    case FAQLITE_ENOMEM:
      res.set_header("Retry-After", "1");
      set_error(res, 503, "unavailable", "the index is busy; retry shortly");
      log_line(std::string(what) + ": " + msg);
      return;
    default:
      // Internal details (paths, SQLite messages) go to the log, not to anonymous clients.
      log_line(std::string(what) + ": " + msg);
      set_error(res, 500, "internal", "internal server error");
  }
}

void Api::ask(const Request &req, Response &res) {
  AskRequest ar;
  if (auto err = parse_ask_request(req.body, config_.max_question, ar)) {
    set_error(res, err->status, err->code, err->message);
    return;
  }
  faqlite_result *r = nullptr;
  int rc = faqlite_ask(engine_, ar.question.data(), static_cast<long>(ar.question.size()),
                       ar.options_json.c_str(), &r);
  if (rc != FAQLITE_OK) {
    engine_error(res, rc, "ask");
    return;
  }
  set_json(res, faqlite_result_json(r));
  faqlite_result_free(r);
}

void Api::health(const Request &, Response &res) {
  char *stats = nullptr;
  int rc = faqlite_stats(engine_, &stats);
  if (rc != FAQLITE_OK) {
    engine_error(res, rc, "health");
    return;
  }
  json s = json::parse(stats, nullptr, false);
  faqlite_free(stats);
  json langs = json::array();
  if (s.is_object() && s.contains("languages") && s["languages"].is_object())
    for (auto it = s["languages"].begin(); it != s["languages"].end(); ++it)
      langs.push_back(it.key());
  json out = {{"status", "ok"},
              {"version", faqlite_version_string()},
              {"entries", s.is_object() ? s.value("entries", 0) : 0},
              {"languages", langs}};
  set_json(res, out.dump());
}

void Api::entry(const Request &req, Response &res, const std::string &id) {
  std::string lang = req.get_param_value("lang");
  if (req.has_param("lang") && !valid_lang_tag(lang)) {
    set_error(res, 400, "invalid_request", "parameter \"lang\" must be a language tag like \"en\"");
    return;
  }
  if (id.size() > 200) {
    set_error(res, 404, "not_found", "no such entry");
    return;
  }
  char *out = nullptr;
  int rc = faqlite_get(engine_, id.c_str(), lang.empty() ? nullptr : lang.c_str(), &out);
  if (rc != FAQLITE_OK) {
    if (rc == FAQLITE_ENOTFOUND)
      set_error(res, 404, "not_found",
                "no entry \"" + id + "\"" + (lang.empty() ? "" : " in language \"" + lang + "\""));
    else
      engine_error(res, rc, "get");
    return;
  }
  set_json(res, out);
  faqlite_free(out);
}

void Api::unanswered(const Request &req, Response &res) {
  if (!config_.admin_token.empty()) {
    std::string auth = req.get_header_value("Authorization");
    const std::string prefix = "Bearer ";
    bool ok = auth.compare(0, prefix.size(), prefix) == 0 &&
              same_secret(auth.substr(prefix.size()), config_.admin_token);
    if (!ok) {
      res.set_header("WWW-Authenticate", "Bearer");
      set_error(res, 401, "unauthorized", "this endpoint needs the admin token");
      return;
    }
  }
  int limit = 100;
  if (req.has_param("limit")) {
    const std::string v = req.get_param_value("limit");
    char *end = nullptr;
    long n = v.empty() || v.size() > 6 ? 0 : std::strtol(v.c_str(), &end, 10);
    if (!end || *end || n < 1 || n > 1000) {
      set_error(res, 400, "invalid_request", "parameter \"limit\" must be an integer 1..1000");
      return;
    }
    limit = static_cast<int>(n);
  }
  char *out = nullptr;
  int rc = faqlite_unanswered(engine_, limit, &out);
  if (rc != FAQLITE_OK) {
    engine_error(res, rc, "unanswered");
    return;
  }
  std::string body = std::string("{\"logging\":") + (config_.log_unanswered ? "true" : "false") +
                     ",\"unanswered\":" + out + "}";
  faqlite_free(out);
  set_json(res, std::move(body));
}

}  // namespace faqlite_server
