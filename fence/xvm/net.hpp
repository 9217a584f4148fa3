// Small blocking socket helpers with deadlines (poll-based), shared by fence_xvm and fence_virtd.
#pragma once
#include <netinet/in.h>

#include <cstdint>
#include <span>
#include <string>

namespace vmha::xvm {

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(o.release()) {}
  Fd& operator=(Fd&& o) noexcept;
  ~Fd();
  int get() const { return fd_; }
  int release() {
    int f = fd_;
    fd_ = -1;
    return f;
  }
  explicit operator bool() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

// IPv4 only for now; returns an invalid Fd and sets errno on failure.
Fd connect_tcp(const in_addr& addr, uint16_t port, double timeout);
Fd listen_tcp(const in_addr& addr, uint16_t port, int backlog);
Fd accept_within(int listen_fd, double timeout);

bool write_all(int fd, std::span<const uint8_t> data, double timeout);
bool read_exact(int fd, std::span<uint8_t> data, double timeout);

bool random_bytes(std::span<uint8_t> out);

}  // namespace vmha::xvm
