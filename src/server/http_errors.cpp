#include "server/http_errors.hpp"

#include <nlohmann/json.hpp>

namespace faqlite_server {

std::string error_body(std::string_view code, std::string_view message) {
  nlohmann::json j = {{"error", {{"code", code}, {"message", message}}}};
  // Messages can quote user input; `replace` keeps the body valid UTF-8 whatever it holds.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void set_error(httplib::Response &res, int status, std::string_view code,
               std::string_view message) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(error_body(code, message), kJsonType);
}

const char *default_error_code(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 408:
      return "request_timeout";
    case 411:
      return "length_required";
    case 413:
      return "payload_too_large";
    case 414:
      return "uri_too_long";
    case 415:
      return "unsupported_media_type";
    case 416:
      return "range_not_satisfiable";
    case 417:
      return "expectation_failed";
    case 422:
      return "limit_exceeded";
    case 431:
      return "header_too_large";
    case 501:
      return "not_implemented";
    case 503:
      return "unavailable";
    case 505:
      return "http_version_not_supported";
    default:
      return status >= 500 ? "internal" : "bad_request";
  }
}

const char *default_error_message(int status) {
  switch (status) {
    case 400:
      return "the request is malformed";
    case 404:
      return "no such resource";
    case 413:
      return "the request body is too large";
    case 414:
      return "the request target is too long";
    case 416:
      return "the requested range cannot be served";
    case 503:
      return "the server is busy; retry shortly";
    default:
      return status >= 500 ? "internal server error" : reason_phrase(status);
  }
}

const char *reason_phrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 411:
      return "Length Required";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 416:
      return "Range Not Satisfiable";
    case 417:
      return "Expectation Failed";
    case 422:
      return "Unprocessable Entity";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Error";
  }
}

std::string raw_error_response(int status, std::string_view code, std::string_view message,
                               const std::string &extra_headers) {
  std::string body = error_body(code, message);
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) + "\r\n";
  out += "Content-Type: ";
  out += kJsonType;
  out += "\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n";
  if (status == 503) out += "Retry-After: 1\r\n";
  out += extra_headers;
  out += "Connection: close\r\n\r\n";
  out += body;
  return out;
}

}  // namespace faqlite_server
