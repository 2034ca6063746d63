// Finds where one HTTP/1.1 request ends in the bytes received so far. The event loop frames every
// request completely before a worker sees it, so a slow or hostile client costs a bounded buffer
// and never a worker thread. The framer is strict where leniency enables request smuggling
// (duplicate lengths, whitespace before the colon, folded lines, Transfer-Encoding).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace faqlite_server {

struct FrameLimits {
  size_t max_head = 16 * 1024;   // request line + headers + the blank line
  size_t max_headers = 100;      // header lines
  size_t max_target = 8 * 1024;  // request target (httplib refuses longer ones too)
  size_t max_line = 8000;        // one header line (httplib refuses lines over 8 KiB)
  size_t max_body = 64 * 1024;
};

enum class FrameState {
  kNeedMore,  // the head or the body is not complete yet
  kComplete,  // request() bytes form one whole request
  kError,     // answer `error_status` and close the connection
};

struct Frame {
  FrameState state = FrameState::kNeedMore;
  size_t head_len = 0;   // known once the head is complete
  size_t total_len = 0;  // head + body, known once the head is complete
  bool expect_continue = false;
  std::string method;  // for the access log and for errors answered before routing
  std::string target;
  std::string origin;  // the Origin header, so that early errors carry CORS headers too
  int error_status = 0;
  std::string error_code;
  std::string error_message;
};

// Incremental framing of the request at the start of a connection's buffer. Feed it the whole
// buffer after each read; it remembers how far it has searched, so a client that trickles bytes
// one at a time costs linear, not quadratic, work.
class RequestFramer {
 public:
  explicit RequestFramer(const FrameLimits &limits) : limits_(limits) {}

  const Frame &update(std::string_view buffer);
  // Forget the current request (after it was taken from the buffer).
  void reset();
  const Frame &frame() const { return frame_; }

 private:
  void parse_head(std::string_view head);
  void fail(int status, const char *code, std::string message);

  FrameLimits limits_;
  Frame frame_;
  size_t scanned_ = 0;  // bytes already searched for the end of the head
  bool head_done_ = false;
};

}  // namespace faqlite_server
