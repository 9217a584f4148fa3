// fence_virtd's listeners: multicast (request by UDP, answer over a TCP connect-back) and TCP.
// One network thread serves every connection at once, each with its own deadline, so a client
// that connects and sends nothing (or one byte at a time) delays nobody; unauthenticated
// connections are bounded per source and in all (connection_limits.hpp). Authenticated requests
// go to the backend thread, which carries them out one at a time (backend_worker.hpp).
#pragma once
#include <map>
#include <memory>
#include <string>

#include "access_groups.hpp"
#include "backend.hpp"
#include "backend_worker.hpp"
#include "config.hpp"
#include "connection_limits.hpp"
#include "request_gate.hpp"

namespace vmha::virtd {

class Server {
 public:
  Server(const DaemonConfig& config, std::string key, Backend& backend, AccessPolicy access = {});
  ~Server();
  // Opens the listener; error text or "".
  std::string open();
  // Serves until stop is set (checked at least once a second).
  void run(const volatile bool& stop);

 private:
  struct Connection;
  void accept_all();
  void read_datagrams();
  void add_pending(std::unique_ptr<Connection> c);
  void on_readable(Connection& c);
  void on_writable(Connection& c);
  void on_input_complete(Connection& c);
  void begin_auth(Connection& c);
  void queue_for_backend(Connection& c);
  void on_replies();
  void close_connection(uint64_t id);
  // Logs about unauthenticated connections are rate-limited: a flood must not become a syslog flood.
  void log_untrusted(const char* fmt, const std::string& peer);

  DaemonConfig config_;
  std::string key_;
  RequestGate gate_;
  AccessPolicy access_;
  BackendWorker worker_;
  ConnectionLimits limits_;
  int listen_fd_ = -1;
  unsigned ifindex_ = 0;  // multicast `interface`; 0 = any
  uint64_t next_id_ = 1;
  std::map<uint64_t, std::unique_ptr<Connection>> connections_;
  struct LogThrottle {
    double window_start = 0;
    unsigned logged = 0;
    unsigned suppressed = 0;
  };
  std::map<std::string, LogThrottle> throttles_;  // by message format
};

}  // namespace vmha::virtd
