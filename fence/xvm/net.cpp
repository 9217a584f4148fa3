#include "net.hpp"

#include <fcntl.h>
#include <openssl/rand.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>

namespace vmha::xvm {
namespace {

double now() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Waits for `events` on fd until the absolute monotonic deadline; false on timeout or error.
bool wait_for(int fd, short events, double deadline) {
  for (;;) {
    const double left = deadline - now();
    if (left <= 0) {
      errno = ETIMEDOUT;
      return false;
    }
    pollfd p{fd, events, 0};
    const int n = poll(&p, 1, static_cast<int>(left * 1000) + 1);
    if (n > 0) return true;
    if (n == 0) {
      errno = ETIMEDOUT;
      return false;
    }
    if (errno != EINTR) return false;
  }
}

}  // namespace

Fd& Fd::operator=(Fd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) close(fd_);
    fd_ = o.release();
  }
  return *this;
}

Fd::~Fd() {
  if (fd_ >= 0) close(fd_);
}

Fd connect_tcp(const in_addr& addr, uint16_t port, double timeout) {
  Fd s(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!s) return s;
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr = addr;
  sa.sin_port = htons(port);
  if (connect(s.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0) {
    if (errno != EINPROGRESS) return Fd();
    if (!wait_for(s.get(), POLLOUT, now() + timeout)) return Fd();
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(s.get(), SOL_SOCKET, SO_ERROR, &err, &len);
    if (err) {
      errno = err;
      return Fd();
    }
  }
  fcntl(s.get(), F_SETFL, fcntl(s.get(), F_GETFL) & ~O_NONBLOCK);
  return s;
}

Fd listen_tcp(const in_addr& addr, uint16_t port, int backlog) {
  Fd s(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!s) return s;
  int one = 1;
  setsockopt(s.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr = addr;
  sa.sin_port = htons(port);
  if (bind(s.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0 || listen(s.get(), backlog) < 0) return Fd();
  return s;
}

Fd accept_within(int listen_fd, double timeout) {
  if (!wait_for(listen_fd, POLLIN, now() + timeout)) return Fd();
  return Fd(accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC));
}

bool write_all(int fd, std::span<const uint8_t> data, double timeout) {
  const double deadline = now() + timeout;
  size_t done = 0;
  while (done < data.size()) {
    if (!wait_for(fd, POLLOUT, deadline)) return false;
    const ssize_t n = send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

bool read_exact(int fd, std::span<uint8_t> data, double timeout) {
  const double deadline = now() + timeout;
  size_t done = 0;
  while (done < data.size()) {
    if (!wait_for(fd, POLLIN, deadline)) return false;
    const ssize_t n = recv(fd, data.data() + done, data.size() - done, 0);
    if (n == 0) return false;
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

bool random_bytes(std::span<uint8_t> out) { return RAND_bytes(out.data(), static_cast<int>(out.size())) == 1; }

}  // namespace vmha::xvm
