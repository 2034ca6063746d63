// An httplib::Stream over one framed request held in memory, collecting the response in memory.
// Workers run httplib's request parsing, routing and response writing on it, so they never touch
// a socket: the event loop does all network I/O without blocking.
#pragma once

#include <httplib.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

namespace faqlite_server {

struct Peer {
  std::string ip;
  int port = 0;
  std::string local_ip;
  int local_port = 0;
};

class MemoryStream : public httplib::Stream {
 public:
  MemoryStream(std::string_view request, std::string &response, const Peer &peer)
      : in_(request), out_(response), peer_(peer) {}

  bool is_readable() const override { return pos_ < in_.size(); }
  bool is_writable() const override { return true; }

  ssize_t read(char *ptr, size_t size) override {
    size_t n = std::min(size, in_.size() - pos_);
    std::memcpy(ptr, in_.data() + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char *ptr, size_t size) override {
    out_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string &ip, int &port) const override {
    ip = peer_.ip;
    port = peer_.port;
  }
  void get_local_ip_and_port(std::string &ip, int &port) const override {
    ip = peer_.local_ip;
    port = peer_.local_port;
  }
  // No socket: httplib only compares it with FD_SETSIZE, which -1 passes.
  socket_t socket() const override { return INVALID_SOCKET; }

 private:
  std::string_view in_;
  size_t pos_ = 0;
  std::string &out_;
  const Peer &peer_;
};

}  // namespace faqlite_server
