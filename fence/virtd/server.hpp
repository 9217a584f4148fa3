// fence_virtd's listeners: multicast (request by UDP, answer over a TCP connect-back) and TCP.
// One request at a time, like fence-virt: fencing is rare and must not interleave.
#pragma once
#include <string>

#include "access_groups.hpp"
#include "backend.hpp"
#include "config.hpp"
#include "request_gate.hpp"

namespace vmha::virtd {

void log_line(int priority, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
void set_log_stderr(bool on);

class Server {
 public:
  Server(const DaemonConfig& config, std::string key, Backend& backend, AccessPolicy access = {});
  // Opens the listener; error text or "".
  std::string open();
  // Serves until stop is set (checked at least once a second).
  void run(const volatile bool& stop);

 private:
  void on_tcp_connection(int fd, const std::string& peer);
  void on_datagram(const uint8_t* data, size_t len, const std::string& peer);
  void answer(int fd, const xvm::Request& req, const std::string& peer);
  double now() const;

  DaemonConfig config_;
  std::string key_;
  Backend& backend_;
  RequestGate gate_;
  AccessPolicy access_;
  int listen_fd_ = -1;
  unsigned ifindex_ = 0;  // multicast `interface`; 0 = any
};

}  // namespace vmha::virtd
