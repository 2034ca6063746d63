#include "server/event_loop.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>

#include "server/http_errors.hpp"

namespace faqlite_server {

namespace {

// The write end of the running loop's wake pipe, for the signal handler.
std::atomic<int> g_shutdown_fd{-1};

constexpr size_t kReadChunk = 16 * 1024;
// After a response that closes the connection, unread request bytes are drained this long so
// that the kernel does not answer them with a reset that would destroy the response in flight.
constexpr auto kLinger = std::chrono::seconds(2);
constexpr size_t kLingerMaxBytes = 1 << 20;
constexpr auto kFar = std::chrono::hours(24 * 365);
const char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";

Clock::duration seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

Peer describe(int fd, const sockaddr_storage &ss) {
  Peer p;
  char buf[INET6_ADDRSTRLEN] = "";
  auto fill = [&buf](const sockaddr_storage &a, std::string &ip, int &port) {
    if (a.ss_family == AF_INET) {
      const auto *v4 = reinterpret_cast<const sockaddr_in *>(&a);
      ::inet_ntop(AF_INET, &v4->sin_addr, buf, sizeof buf);
      port = ntohs(v4->sin_port);
    } else if (a.ss_family == AF_INET6) {
      const auto *v6 = reinterpret_cast<const sockaddr_in6 *>(&a);
      ::inet_ntop(AF_INET6, &v6->sin6_addr, buf, sizeof buf);
      port = ntohs(v6->sin6_port);
    } else {
      std::strcpy(buf, "-");
    }
    ip = buf;
  };
  fill(ss, p.ip, p.port);
  sockaddr_storage local{};
  socklen_t len = sizeof local;
  if (::getsockname(fd, reinterpret_cast<sockaddr *>(&local), &len) == 0)
    fill(local, p.local_ip, p.local_port);
  return p;
}

}  // namespace

void EventLoop::request_shutdown() {
  int fd = g_shutdown_fd.load();
  if (fd >= 0) {
    char s = 's';
    ssize_t n = ::write(fd, &s, 1);
    (void)n;  // a full pipe already holds a wake-up
  }
}

EventLoop::EventLoop(const ServerConfig &config, int listen_fd, Api &api, WorkerPool &pool,
                     const AccessLog &log)
    : config_(config), listen_fd_(listen_fd), api_(api), pool_(pool), log_(log) {
  limits_.max_head = config.max_head;
  limits_.max_headers = config.max_headers;
  limits_.max_body = config.max_body;
  int fds[2];
  if (::pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) throw std::runtime_error("cannot create a pipe");
  wake_read_ = fds[0];
  wake_write_ = fds[1];
  g_shutdown_fd.store(wake_write_);
}

EventLoop::~EventLoop() {
  g_shutdown_fd.store(-1);
  for (auto &kv : conns_) ::close(kv.second->fd);
  if (listen_fd_ >= 0) ::close(listen_fd_);
  ::close(wake_read_);
  ::close(wake_write_);
}

uint64_t EventLoop::run() {
  std::vector<pollfd> fds;
  std::vector<uint64_t> ids;
  for (;;) {
    Clock::time_point now = Clock::now();
    if (force_stop_ || (draining_ && (conns_.empty() || now >= drain_deadline_))) break;

    fds.clear();
    ids.clear();
    fds.push_back({wake_read_, POLLIN, 0});
    bool accepting = listen_fd_ >= 0 && now >= accept_paused_until_;
    if (accepting) fds.push_back({listen_fd_, POLLIN, 0});
    for (auto &kv : conns_) {
      Conn &c = *kv.second;
      short ev = 0;
      if (c.phase == Phase::kReading || c.phase == Phase::kLingering)
        ev = POLLIN;
      else if (c.phase == Phase::kWriting)
        ev = POLLOUT;
      else
        continue;  // a worker has the request; nothing to do until it completes
      fds.push_back({c.fd, ev, 0});
      ids.push_back(c.id);
    }
    int n = ::poll(fds.data(), fds.size(), poll_timeout_ms(now));
    if (n < 0 && errno != EINTR) {
      log_line(std::string("poll failed: ") + std::strerror(errno));
      break;
    }
    now = Clock::now();
    if (n > 0) {
      size_t first_conn = accepting ? 2 : 1;
      for (size_t i = first_conn; i < fds.size(); ++i) {
        if (!fds[i].revents) continue;
        auto it = conns_.find(ids[i - first_conn]);
        if (it == conns_.end()) continue;
        Conn &c = *it->second;
        // Errors and hang-ups surface as a failing send or a zero-length read.
        if (c.phase == Phase::kWriting)
          on_writable(c, now);
        else
          on_readable(c, now);
      }
      if (fds[0].revents) drain_wake_pipe(now);
      if (accepting && fds[1].revents) accept_all(now);
    }
    sweep(now);
  }
  for (auto &kv : conns_) ::close(kv.second->fd);
  conns_.clear();
  return responses_;
}

int EventLoop::poll_timeout_ms(Clock::time_point now) const {
  Clock::time_point next = now + std::chrono::seconds(1);
  if (draining_) next = std::min(next, drain_deadline_);
  if (listen_fd_ >= 0 && accept_paused_until_ > now) next = std::min(next, accept_paused_until_);
  for (const auto &kv : conns_)
    if (kv.second->phase != Phase::kProcessing) next = std::min(next, kv.second->deadline);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count();
  return ms < 0 ? 0 : static_cast<int>(ms) + 1;
}

void EventLoop::accept_all(Clock::time_point now) {
  // Connections closed in this round still sit in conns_; they must not count against the cap,
  // or a burst of hang-ups followed by a new client would turn that client away with 503.
  reap_closed();
  for (;;) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr *>(&ss), &len,
                       SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        // Out of descriptors: leave the backlog alone a moment rather than spin on it.
        accept_paused_until_ = now + std::chrono::milliseconds(100);
        log_line(std::string("accept paused: ") + std::strerror(errno));
      }
      return;
    }
    if (conns_.size() >= config_.max_connections && !evict_one()) {
      reject_busy(fd);
      continue;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    auto c = std::make_unique<Conn>();
    c->fd = fd;
    c->id = next_id_++;
    c->peer = describe(fd, ss);
    c->framer = std::make_unique<RequestFramer>(limits_);
    c->last_active = now;
    c->deadline = now + seconds(config_.keepalive_timeout);
    conns_.emplace(c->id, std::move(c));
  }
}

// At the connection cap, an idle connection (or else the oldest unfinished request) makes room
// for the new one, so that holding connections open cannot lock others out.
bool EventLoop::evict_one() {
  Conn *idle = nullptr, *slow = nullptr;
  for (auto &kv : conns_) {
    Conn &c = *kv.second;
    if (c.phase != Phase::kReading) continue;
    if (!c.in_request) {
      if (!idle || c.last_active < idle->last_active) idle = &c;
    } else if (!slow || c.request_started < slow->request_started) {
      slow = &c;
    }
  }
  Conn *victim = idle ? idle : slow;
  if (!victim) return false;
  uint64_t id = victim->id;
  ::close(victim->fd);
  conns_.erase(id);
  return true;
}

void EventLoop::reject_busy(int fd) {
  std::string r = raw_error_response(503, "unavailable", "the server is busy; retry shortly", "");
  ssize_t n = ::send(fd, r.data(), r.size(), MSG_NOSIGNAL);
  (void)n;
  ::shutdown(fd, SHUT_WR);
  ::close(fd);
  log_.write("-", "-", "-", 503, Clock::now(), r.size());
}

void EventLoop::on_readable(Conn &c, Clock::time_point now) {
  if (c.fd < 0) return;
  char buf[kReadChunk];
  if (c.phase == Phase::kLingering) {
    size_t drained = 0;
    for (;;) {
      ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
      if (n > 0 && (drained += static_cast<size_t>(n)) < kLingerMaxBytes) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      close_conn(c);  // end of stream, an error, or too much to keep draining
      return;
    }
  }
  if (c.phase != Phase::kReading) return;
  // Never hold more than one request's worth (plus one read) per connection.
  const size_t cap = config_.max_head + config_.max_body + kReadChunk;
  size_t got = 0;
  while (c.in.size() < cap && got < 4 * kReadChunk) {
    ssize_t n = ::recv(c.fd, buf, std::min(sizeof buf, cap - c.in.size()), 0);
    if (n > 0) {
      c.in.append(buf, static_cast<size_t>(n));
      got += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    if (n < 0 && errno == EINTR) continue;
    // End of stream or error. A complete request already buffered is still answered (the
    // client may have half-closed after sending it), and an error response still written.
    if (got > 0) try_frame(c, now);
    if (c.phase == Phase::kReading)
      close_conn(c);
    else
      c.close_after = true;
    return;
  }
  if (got > 0) c.last_active = now;
  try_frame(c, now);
}

void EventLoop::try_frame(Conn &c, Clock::time_point now) {
  if (c.phase != Phase::kReading) return;
  if (!c.in_request) {
    // Blank lines between requests are allowed and ignored (RFC 9112, section 2.2).
    size_t skip = c.in.find_first_not_of("\r\n");
    c.in.erase(0, skip == std::string::npos ? c.in.size() : skip);
    if (c.in.empty()) return;
    c.in_request = true;
    c.request_started = now;
    c.deadline = now + seconds(config_.request_timeout);
  }
  const Frame &f = c.framer->update(c.in);
  if (f.state == FrameState::kNeedMore) {
    if (f.expect_continue && f.head_len && !c.continue_sent) {
      // The head was accepted: invite the body now instead of letting the client wait.
      ssize_t n = ::send(c.fd, kContinue, sizeof kContinue - 1, MSG_NOSIGNAL);
      (void)n;
      c.continue_sent = true;
    }
    return;
  }
  if (f.state == FrameState::kError) {
    respond_early(c, f.error_status, f.error_code, f.error_message, f.method, f.target, f.origin,
                  now);
    return;
  }
  std::string request = c.in.substr(0, f.total_len);
  c.in.erase(0, f.total_len);
  bool strip_continue = c.continue_sent;
  bool close = draining_ || c.close_after || c.served + 1 >= config_.keepalive_max_requests;
  c.framer->reset();
  c.continue_sent = false;
  c.in_request = false;
  c.phase = Phase::kProcessing;
  c.deadline = now + kFar;
  uint64_t id = c.id;
  Peer peer = c.peer;
  pool_.submit([this, id, peer, close, strip_continue, now, request = std::move(request)] {
    std::string out;
    bool keep = false;
    try {
      keep = api_.handle(request, peer, close, now, out);
    } catch (...) {
      out.clear();  // out of memory at worst; the connection is closed without a response
    }
    // The event loop already sent the interim response when the head arrived.
    if (strip_continue && out.compare(0, sizeof kContinue - 1, kContinue) == 0)
      out.erase(0, sizeof kContinue - 1);
    post_completion({id, std::move(out), keep});
  });
}

void EventLoop::respond_early(Conn &c, int status, const std::string &code,
                              const std::string &message, const std::string &method,
                              const std::string &target, const std::string &origin,
                              Clock::time_point now) {
  c.out = raw_error_response(status, code, message, api_.cors().header_lines(origin));
  c.out_off = 0;
  c.close_after = true;
  c.in.clear();
  c.in_request = false;
  log_.write(c.peer.ip, method, target, status, c.request_started, c.out.size());
  start_writing(c, now);
}

void EventLoop::start_writing(Conn &c, Clock::time_point now) {
  c.phase = Phase::kWriting;
  c.deadline = now + seconds(config_.write_timeout);
  on_writable(c, now);
}

void EventLoop::on_writable(Conn &c, Clock::time_point now) {
  if (c.phase != Phase::kWriting || c.fd < 0) return;
  while (c.out_off < c.out.size()) {
    ssize_t n = ::send(c.fd, c.out.data() + c.out_off, c.out.size() - c.out_off, MSG_NOSIGNAL);
    if (n > 0) {
      c.out_off += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n < 0 && errno == EINTR) continue;
    close_conn(c);
    return;
  }
  finish_response(c, now);
}

void EventLoop::finish_response(Conn &c, Clock::time_point now) {
  ++responses_;
  ++c.served;
  std::string().swap(c.out);  // give back the memory of a large response
  c.out_off = 0;
  c.last_active = now;
  if (c.close_after || draining_) {
    ::shutdown(c.fd, SHUT_WR);
    c.in.clear();
    c.phase = Phase::kLingering;
    c.deadline = now + kLinger;
    return;
  }
  c.phase = Phase::kReading;
  c.deadline = now + seconds(config_.keepalive_timeout);
  try_frame(c, now);  // a pipelined request may already be buffered
}

void EventLoop::post_completion(Completion done) {
  {
    std::lock_guard<std::mutex> lock(completions_mutex_);
    completions_.push_back(std::move(done));
  }
  char b = 'c';
  ssize_t n = ::write(wake_write_, &b, 1);
  (void)n;  // a full pipe already holds a wake-up
}

void EventLoop::drain_wake_pipe(Clock::time_point now) {
  char buf[256];
  int signals = 0;
  for (;;) {
    ssize_t n = ::read(wake_read_, buf, sizeof buf);
    if (n <= 0) break;
    signals += static_cast<int>(std::count(buf, buf + n, 's'));
  }
  std::vector<Completion> done;
  {
    std::lock_guard<std::mutex> lock(completions_mutex_);
    done.swap(completions_);
  }
  for (auto &d : done) {
    auto it = conns_.find(d.id);
    if (it == conns_.end()) continue;
    Conn &c = *it->second;
    if (c.fd < 0) continue;
    if (d.out.empty()) {
      close_conn(c);
      continue;
    }
    c.out = std::move(d.out);
    c.out_off = 0;
    c.close_after = c.close_after || !d.keep_alive;
    start_writing(c, now);
  }
  if (signals > 0) {
    if (draining_ || signals > 1) {
      log_line("second stop signal: stopping now");
      force_stop_ = true;
    } else {
      begin_drain(now);
    }
  }
}

void EventLoop::begin_drain(Clock::time_point now) {
  draining_ = true;
  drain_deadline_ = now + seconds(config_.shutdown_grace);
  if (listen_fd_ >= 0) {
    ::close(listen_fd_);
    listen_fd_ = -1;
  }
  size_t busy = 0;
  for (auto &kv : conns_) {
    Conn &c = *kv.second;
    if (c.phase == Phase::kReading && !c.in_request)
      close_conn(c);
    else if (c.phase != Phase::kLingering)
      ++busy;
  }
  log_line("stopping: finishing " + std::to_string(busy) + " request(s) in flight");
}

void EventLoop::sweep(Clock::time_point now) {
  for (auto &kv : conns_) {
    Conn &c = *kv.second;
    if (c.fd < 0 || now < c.deadline || c.phase == Phase::kProcessing) continue;
    if (c.phase == Phase::kReading && c.in_request)
      respond_early(c, 408, "request_timeout",
                    "the request did not arrive completely within the time limit", "-", "-", "",
                    now);
    else
      close_conn(c);
  }
  reap_closed();
}

void EventLoop::reap_closed() {
  for (uint64_t id : closing_) conns_.erase(id);
  closing_.clear();
}

void EventLoop::close_conn(Conn &c) {
  if (c.fd < 0) return;
  ::close(c.fd);
  c.fd = -1;
  c.phase = Phase::kLingering;
  c.deadline = Clock::time_point::min();
  closing_.push_back(c.id);
}

}  // namespace faqlite_server
