#include "server/request_framer.hpp"

#include <cctype>
#include <cstring>

namespace faqlite_server {

namespace {

// RFC 9110 token characters.
bool is_tchar(unsigned char c) {
  return std::isalnum(c) || (c != 0 && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr);
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (!is_tchar(c)) return false;
  return true;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

void RequestFramer::reset() {
  frame_ = Frame();
  scanned_ = 0;
  head_done_ = false;
}

void RequestFramer::fail(int status, const char *code, std::string message) {
  frame_.state = FrameState::kError;
  frame_.error_status = status;
  frame_.error_code = code;
  frame_.error_message = std::move(message);
}

const Frame &RequestFramer::update(std::string_view buf) {
  if (frame_.state != FrameState::kNeedMore) return frame_;
  if (!head_done_) {
    // Resume the search three bytes back, in case the CRLFCRLF straddles two reads.
    size_t from = scanned_ >= 3 ? scanned_ - 3 : 0;
    size_t end = buf.find("\r\n\r\n", from);
    if (end == std::string_view::npos) {
      scanned_ = buf.size();
      if (buf.size() > limits_.max_head)
        fail(431, "header_too_large",
             "the request line and headers exceed " + std::to_string(limits_.max_head) + " bytes");
      return frame_;
    }
    frame_.head_len = end + 4;
    if (frame_.head_len > limits_.max_head) {
      fail(431, "header_too_large",
           "the request line and headers exceed " + std::to_string(limits_.max_head) + " bytes");
      return frame_;
    }
    head_done_ = true;
    parse_head(buf.substr(0, end));
    if (frame_.state == FrameState::kError) return frame_;
  }
  if (buf.size() >= frame_.total_len) frame_.state = FrameState::kComplete;
  return frame_;
}

void RequestFramer::parse_head(std::string_view head) {
  for (unsigned char c : head)
    if ((c < 0x20 && c != '\r' && c != '\n' && c != '\t') || c == 0x7f) {
      fail(400, "bad_request", "the request head contains control characters");
      return;
    }
  size_t eol = head.find("\r\n");
  std::string_view line = head.substr(0, eol);
  std::string_view rest = eol == std::string_view::npos ? std::string_view() : head.substr(eol + 2);

  // Request line: METHOD SP target SP HTTP/1.x
  size_t sp1 = line.find(' ');
  size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp1 == std::string_view::npos || sp2 == std::string_view::npos ||
      line.find(' ', sp2 + 1) != std::string_view::npos) {
    fail(400, "bad_request", "malformed request line");
    return;
  }
  std::string_view method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (!is_token(method)) {
    fail(400, "bad_request", "malformed request method");
    return;
  }
  frame_.method.assign(method);
  static const char *const kMethods[] = {"GET",     "HEAD",  "POST",  "PUT",    "DELETE",
                                         "OPTIONS", "PATCH", "TRACE", "CONNECT"};
  bool known = false;
  for (const char *m : kMethods) known = known || method == m;
  if (!known) {
    fail(501, "not_implemented", "unknown method " + frame_.method.substr(0, 32));
    return;
  }
  if (target.size() > limits_.max_target) {
    frame_.target = "-";
    fail(414, "uri_too_long",
         "the request target exceeds " + std::to_string(limits_.max_target) + " bytes");
    return;
  }
  frame_.target.assign(target);
  if (target.empty() || (target[0] != '/' && target != "*")) {
    fail(400, "bad_request", "the request target must be an absolute path");
    return;
  }
  if (version != "HTTP/1.1" && version != "HTTP/1.0") {
    fail(505, "http_version_not_supported", "only HTTP/1.0 and HTTP/1.1 are supported");
    return;
  }

  bool has_length = false;
  unsigned long long length = 0;
  size_t count = 0;
  while (!rest.empty()) {
    eol = rest.find("\r\n");
    line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 2);
    if (++count > limits_.max_headers) {
      fail(431, "header_too_large",
           "more than " + std::to_string(limits_.max_headers) + " header lines");
      return;
    }
    if (line.size() > limits_.max_line) {
      fail(431, "header_too_large",
           "a header line exceeds " + std::to_string(limits_.max_line) + " bytes");
      return;
    }
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      fail(400, "bad_request", "folded header lines are not accepted");
      return;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
      fail(400, "bad_request", "malformed header line");
      return;
    }
    std::string_view name = line.substr(0, colon);
    std::string_view value = trim(line.substr(colon + 1));
    if (iequals(name, "Content-Length")) {
      if (value.empty() || value.size() > 18) {
        fail(400, "bad_request", "invalid Content-Length");
        return;
      }
      unsigned long long v = 0;
      for (char c : value) {
        if (c < '0' || c > '9') {
          fail(400, "bad_request", "invalid Content-Length");
          return;
        }
        v = v * 10 + static_cast<unsigned>(c - '0');
      }
      if (has_length && v != length) {
        fail(400, "bad_request", "conflicting Content-Length headers");
        return;
      }
      has_length = true;
      length = v;
    } else if (iequals(name, "Transfer-Encoding")) {
      // Chunked uploads would let a client hold a worker while it trickles the body; requests
      // here are small, so they must say their length up front.
      fail(411, "length_required", "send the body with a Content-Length header, not chunked");
      return;
    } else if (iequals(name, "Expect")) {
      if (iequals(value, "100-continue"))
        frame_.expect_continue = true;
      else {
        fail(417, "expectation_failed", "only \"Expect: 100-continue\" is supported");
        return;
      }
    } else if (iequals(name, "Origin")) {
      frame_.origin.assign(value);
    }
  }
  if (length > limits_.max_body) {
    fail(413, "payload_too_large",
         "the request body exceeds " + std::to_string(limits_.max_body) + " bytes");
    return;
  }
  frame_.total_len = frame_.head_len + static_cast<size_t>(length);
}

}  // namespace faqlite_server
