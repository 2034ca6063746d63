// The network side of `faqlite serve`: one thread polls every socket without blocking, reads
// each request completely (bounded in size and time), hands it to the worker pool, and writes the
// response back. Slow clients, idle connections and floods therefore cost only buffers and file
// descriptors, both capped, and never a worker: the workers only ever run whole requests.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/access_log.hpp"
#include "server/api.hpp"
#include "server/config.hpp"
#include "server/memory_stream.hpp"
#include "server/request_framer.hpp"
#include "server/worker_pool.hpp"

namespace faqlite_server {

class EventLoop {
 public:
  EventLoop(const ServerConfig &config, int listen_fd, Api &api, WorkerPool &pool,
            const AccessLog &log);
  ~EventLoop();
  EventLoop(const EventLoop &) = delete;
  EventLoop &operator=(const EventLoop &) = delete;

  // Serves until a shutdown request has drained: no new connections, in-flight requests answered
  // (with "Connection: close"), bounded by the shutdown grace period. A second request stops at
  // once. Returns the number of responses sent.
  uint64_t run();

  // Asks the running loop to shut down. Async-signal-safe: signal handlers call it.
  static void request_shutdown();

 private:
  enum class Phase { kReading, kProcessing, kWriting, kLingering };
  struct Conn {
    int fd = -1;
    uint64_t id = 0;
    Peer peer;
    std::string in;
    std::unique_ptr<RequestFramer> framer;
    std::string out;
    size_t out_off = 0;
    Phase phase = Phase::kReading;
    Clock::time_point deadline;
    Clock::time_point request_started;
    Clock::time_point last_active;
    bool in_request = false;  // bytes of a request have arrived and it is not complete yet
    bool close_after = false;
    bool continue_sent = false;
    unsigned served = 0;
  };
  struct Completion {
    uint64_t id;
    std::string out;
    bool keep_alive;
  };

  void accept_all(Clock::time_point now);
  bool evict_one();
  void reject_busy(int fd);
  void on_readable(Conn &c, Clock::time_point now);
  void on_writable(Conn &c, Clock::time_point now);
  void try_frame(Conn &c, Clock::time_point now);
  void respond_early(Conn &c, int status, const std::string &code, const std::string &message,
                     const std::string &method, const std::string &target,
                     const std::string &origin, Clock::time_point now);
  void start_writing(Conn &c, Clock::time_point now);
  void finish_response(Conn &c, Clock::time_point now);
  void drain_wake_pipe(Clock::time_point now);
  void post_completion(Completion c);
  void begin_drain(Clock::time_point now);
  void reap_closed();
  void sweep(Clock::time_point now);
  void close_conn(Conn &c);
  int poll_timeout_ms(Clock::time_point now) const;

  const ServerConfig &config_;
  int listen_fd_;
  Api &api_;
  WorkerPool &pool_;
  const AccessLog &log_;
  FrameLimits limits_;

  std::unordered_map<uint64_t, std::unique_ptr<Conn>> conns_;
  std::vector<uint64_t> closing_;
  uint64_t next_id_ = 1;
  uint64_t responses_ = 0;

  int wake_read_ = -1;
  int wake_write_ = -1;
  std::mutex completions_mutex_;
  std::vector<Completion> completions_;

  bool draining_ = false;
  bool force_stop_ = false;
  Clock::time_point drain_deadline_;
  Clock::time_point accept_paused_until_;
};

}  // namespace faqlite_server
