// Small blocking socket helpers with deadlines (poll-based), shared by fence_xvm and fence_virtd.
#pragma once
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <optional>
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

// An IPv4 or IPv6 address and port, ready for the socket calls.
struct Endpoint {
  sockaddr_storage ss{};
  socklen_t len = 0;
  int family() const { return ss.ss_family; }
  const sockaddr* sa() const { return reinterpret_cast<const sockaddr*>(&ss); }
};
// From text ("192.0.2.1", "2001:db8::1"); scope is the interface index a link-local IPv6
// address needs. nullopt when the text is no address.
std::optional<Endpoint> endpoint(const std::string& ip, uint16_t port, unsigned scope = 0);
// From the raw bytes a request carries (4 bytes for AF_INET, 16 for AF_INET6).
std::optional<Endpoint> endpoint(int family, const uint8_t* raw, uint16_t port, unsigned scope = 0);
// The address alone, as text (no port); "" for neither family.
std::string ip_text(const sockaddr_storage& ss);

// Return an invalid Fd and set errno on failure.
Fd connect_tcp(const Endpoint& to, double timeout);
Fd listen_tcp(const Endpoint& at, int backlog);
Fd accept_within(int listen_fd, double timeout);

bool write_all(int fd, std::span<const uint8_t> data, double timeout);
bool read_exact(int fd, std::span<uint8_t> data, double timeout);

bool random_bytes(std::span<uint8_t> out);

}  // namespace vmha::xvm
