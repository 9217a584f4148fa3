#include "server.hpp"

#include <arpa/inet.h>
#include <net/if.h>
#include <poll.h>
#include <sys/socket.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "auth_exchange.hpp"
#include "net.hpp"

namespace vmha::virtd {

namespace {
bool g_log_stderr = false;
constexpr double kExchangeTimeout = 5;

// One spelling per address (an IPv4 peer on a dual-stack socket is shown as IPv4).
std::string peer_text(const sockaddr_storage& ss) {
  const std::string raw = xvm::ip_text(ss);
  return canonical_ip(raw).value_or(raw);
}
}  // namespace

void set_log_stderr(bool on) { g_log_stderr = on; }

void log_line(int priority, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char buf[512];
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  syslog(priority, "%s", buf);
  if (g_log_stderr) std::fprintf(stderr, "fence_virtd: %s\n", buf);
}

Server::Server(const DaemonConfig& config, std::string key, Backend& backend, AccessPolicy access)
    : config_(config), key_(std::move(key)), backend_(backend), gate_(config.hash, key_), access_(std::move(access)) {}

double Server::now() const {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::string Server::open() {
  auto at = xvm::endpoint(config_.address, config_.port);
  if (!at) return "bad address " + config_.address;
  if (config_.listener == "tcp") {
    xvm::Fd l = xvm::listen_tcp(*at, 10);
    if (!l) return "cannot listen on " + config_.address + " port " + std::to_string(config_.port) + ": " + std::strerror(errno);
    listen_fd_ = l.release();
    return {};
  }
  if (!config_.interface.empty()) {
    ifindex_ = if_nametoindex(config_.interface.c_str());
    if (ifindex_ == 0) return "no interface " + config_.interface;
  }
  const int family = at->family();
  xvm::Fd s(socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!s) return std::string("cannot open a UDP socket: ") + std::strerror(errno);
  int one = 1;
  setsockopt(s.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  // Bind the wildcard address, not the group: the group is joined below.
  sockaddr_storage any{};
  socklen_t any_len = 0;
  if (family == AF_INET6) {
    auto* sa = reinterpret_cast<sockaddr_in6*>(&any);
    sa->sin6_family = AF_INET6;
    sa->sin6_addr = in6addr_any;
    sa->sin6_port = htons(config_.port);
    any_len = sizeof *sa;
    setsockopt(s.get(), IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  } else {
    auto* sa = reinterpret_cast<sockaddr_in*>(&any);
    sa->sin_family = AF_INET;
    sa->sin_addr.s_addr = htonl(INADDR_ANY);
    sa->sin_port = htons(config_.port);
    any_len = sizeof *sa;
  }
  if (bind(s.get(), reinterpret_cast<sockaddr*>(&any), any_len) < 0)
    return "cannot bind UDP port " + std::to_string(config_.port) + ": " + std::strerror(errno);
  int joined;
  if (family == AF_INET6) {
    ipv6_mreq m{};
    m.ipv6mr_multiaddr = reinterpret_cast<const sockaddr_in6*>(at->sa())->sin6_addr;
    m.ipv6mr_interface = ifindex_;
    joined = setsockopt(s.get(), IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &m, sizeof m);
  } else {
    ip_mreqn m{};
    m.imr_multiaddr = reinterpret_cast<const sockaddr_in*>(at->sa())->sin_addr;
    m.imr_ifindex = static_cast<int>(ifindex_);
    joined = setsockopt(s.get(), IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof m);
  }
  if (joined < 0) return "cannot join " + config_.address + ": " + std::strerror(errno);
  listen_fd_ = s.release();
  return {};
}

void Server::run(const volatile bool& stop) {
  while (!stop) {
    pollfd p[2] = {{listen_fd_, POLLIN, 0}, {backend_.event_fd(), POLLIN, 0}};
    const int n = poll(p, p[1].fd >= 0 ? 2 : 1, 1000);
    backend_.tick();
    if (n <= 0) continue;
    if (p[1].fd >= 0 && (p[1].revents & POLLIN)) backend_.on_event();
    if (!(p[0].revents & POLLIN)) continue;
    sockaddr_storage peer{};
    socklen_t len = sizeof peer;
    if (config_.listener == "tcp") {
      xvm::Fd c(accept4(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_CLOEXEC));
      if (c) on_tcp_connection(c.get(), peer_text(peer));
    } else {
      uint8_t buf[2048];
      const ssize_t n = recvfrom(listen_fd_, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&peer), &len);
      if (n >= 0) on_datagram(buf, static_cast<size_t>(n), peer_text(peer));
    }
  }
}

void Server::on_tcp_connection(int fd, const std::string& peer) {
  xvm::Packet p{};
  if (!xvm::read_exact(fd, p, kExchangeTimeout)) {
    log_line(LOG_WARNING, "request from %s: truncated or not sent; nothing done", peer.c_str());
    return;
  }
  GateResult g = gate_.admit(p, now());
  if (g.verdict != GateVerdict::Accept) {
    log_line(LOG_WARNING, "request from %s refused: %s; nothing done", peer.c_str(), verdict_text(g.verdict));
    return;
  }
  answer(fd, g.request, peer);
}

void Server::on_datagram(const uint8_t* data, size_t len, const std::string& peer) {
  GateResult g = gate_.admit({data, len}, now());
  if (g.verdict == GateVerdict::Duplicate) return;  // multicast retransmissions: expected, quiet
  if (g.verdict != GateVerdict::Accept) {
    log_line(LOG_WARNING, "request from %s refused: %s; nothing done", peer.c_str(), verdict_text(g.verdict));
    return;
  }
  const xvm::Request& r = g.request;
  const bool v4 = r.family == AF_INET && r.addrlen == 4;
  const bool v6 = r.family == AF_INET6 && r.addrlen == 16;
  auto back = v4 || v6 ? xvm::endpoint(static_cast<int>(r.family), r.address.data(), r.port, ifindex_) : std::nullopt;
  if (!back) {
    log_line(LOG_WARNING, "request from %s: connect-back family %u (address length %u) not served; nothing done",
             peer.c_str(), r.family, r.addrlen);
    return;
  }
  // The connect-back address is the caller's address: the one groups are checked against.
  const std::string caller = peer_text(back->ss);
  xvm::Fd c = xvm::connect_tcp(*back, kExchangeTimeout);
  if (!c) {
    log_line(LOG_WARNING, "cannot connect back to %s port %u: %s", caller.c_str(), r.port, std::strerror(errno));
    return;
  }
  answer(c.get(), r, caller);
}

void Server::answer(int fd, const xvm::Request& req, const std::string& peer) {
  const xvm::Bytes key{reinterpret_cast<const uint8_t*>(key_.data()), key_.size()};
  // The client challenges first, then we challenge it: both must hold the key before anything happens.
  if (!xvm::answer_challenge(fd, config_.auth, key, kExchangeTimeout) ||
      !xvm::issue_challenge(fd, config_.auth, key, kExchangeTimeout)) {
    log_line(LOG_WARNING, "request from %s: challenge-response failed; nothing done", peer.c_str());
    return;
  }
  if (req.request == static_cast<uint8_t>(xvm::Command::HostList)) {
    uint8_t head = xvm::kRespHostList;
    xvm::write_all(fd, {&head, 1}, kExchangeTimeout);
    // With groups, a source sees only the guests it may act on (as fence-virt).
    for (const auto& h : backend_.hosts())
      if (access_.decide(peer, {h.domain, h.uuid}).allowed)
        xvm::write_all(fd, xvm::encode_host_state(h), kExchangeTimeout);
    xvm::write_all(fd, xvm::encode_host_state({}), kExchangeTimeout);
    uint8_t done = xvm::kRespSuccess;
    xvm::write_all(fd, {&done, 1}, kExchangeTimeout);
    log_line(LOG_INFO, "host list sent to %s", peer.c_str());
    return;
  }
  if (!access_.open() && needs_guest_access(req.request)) {
    const GuestIdentity guest = identify_guest(req.domain, backend_.hosts());
    const AccessDecision d = access_.decide(peer, guest);
    if (!d.allowed) {
      log_line(LOG_WARNING, "request %u for '%s' from %s refused: no group lets %s act on that guest; nothing done",
               req.request, req.domain.c_str(), peer.c_str(), peer.c_str());
      const uint8_t perm = xvm::kRespPerm;
      xvm::write_all(fd, {&perm, 1}, kExchangeTimeout);
      return;
    }
  }
  const uint8_t result = backend_.perform(req.request, req.domain);
  log_line(LOG_NOTICE, "request %u for '%s' from %s: result %u", req.request, req.domain.c_str(), peer.c_str(), result);
  xvm::write_all(fd, {&result, 1}, kExchangeTimeout);
}

}  // namespace vmha::virtd
