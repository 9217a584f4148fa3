#include "net.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <openssl/rand.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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

std::optional<Endpoint> endpoint(const std::string& ip, uint16_t port, unsigned scope) {
  in_addr v4{};
  if (inet_pton(AF_INET, ip.c_str(), &v4) == 1) return endpoint(AF_INET, reinterpret_cast<uint8_t*>(&v4), port);
  in6_addr v6{};
  if (inet_pton(AF_INET6, ip.c_str(), &v6) == 1)
    return endpoint(AF_INET6, reinterpret_cast<uint8_t*>(&v6), port, scope);
  return std::nullopt;
}

std::optional<Endpoint> endpoint(int family, const uint8_t* raw, uint16_t port, unsigned scope) {
  Endpoint e;
  if (family == AF_INET) {
    auto* sa = reinterpret_cast<sockaddr_in*>(&e.ss);
    sa->sin_family = AF_INET;
    std::memcpy(&sa->sin_addr, raw, 4);
    sa->sin_port = htons(port);
    e.len = sizeof *sa;
    return e;
  }
  if (family == AF_INET6) {
    auto* sa = reinterpret_cast<sockaddr_in6*>(&e.ss);
    sa->sin6_family = AF_INET6;
    std::memcpy(&sa->sin6_addr, raw, 16);
    sa->sin6_port = htons(port);
    sa->sin6_scope_id = IN6_IS_ADDR_LINKLOCAL(&sa->sin6_addr) ? scope : 0;
    e.len = sizeof *sa;
    return e;
  }
  return std::nullopt;
}

std::string ip_text(const sockaddr_storage& ss) {
  char b[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&ss)->sin_addr, b, sizeof b);
  if (ss.ss_family == AF_INET6)
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&ss)->sin6_addr, b, sizeof b);
  return b;
}

Fd connect_tcp(const Endpoint& to, double timeout) {
  Fd s(socket(to.family(), SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!s) return s;
  if (connect(s.get(), to.sa(), to.len) < 0) {
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

Fd listen_tcp(const Endpoint& at, int backlog) {
  Fd s(socket(at.family(), SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!s) return s;
  int one = 1;
  setsockopt(s.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(s.get(), at.sa(), at.len) < 0 || listen(s.get(), backlog) < 0) return Fd();
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
