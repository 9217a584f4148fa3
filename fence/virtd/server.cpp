#include "server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

#include "net.hpp"
#include "vmha/log.hpp"

namespace vmha::virtd {

namespace {
// Each stage of a connection (the request; then the whole challenge-response; then the reply)
// must finish within this, counted from its start, not from the last byte: a client sending one
// byte a second gets no longer than one that sends nothing.
constexpr double kStageTimeout = 5;
constexpr double kNever = std::numeric_limits<double>::infinity();
constexpr unsigned kLogsPerWindow = 10;  // about unauthenticated connections, per 10 s
constexpr double kLogWindow = 10;

double now() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// One spelling per address (an IPv4 peer on a dual-stack socket is shown as IPv4).
std::string peer_text(const sockaddr_storage& ss) {
  const std::string raw = xvm::ip_text(ss);
  return canonical_ip(raw).value_or(raw);
}

void set_nonblocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

}  // namespace

enum class Stage { Connecting, ReadRequest, ReadChallenge, ReadAnswer, Queued, Write };

struct Server::Connection {
  uint64_t id = 0;
  xvm::Fd fd;
  std::string peer;
  double opened = 0;
  double deadline = kNever;
  bool trusted = false;  // its request passed the gate (signed with the key, not a replay)
  Stage stage = Stage::ReadRequest;
  std::vector<uint8_t> in;
  size_t need = 0;
  std::vector<uint8_t> out;
  size_t sent = 0;
  Stage after_write = Stage::ReadAnswer;
  bool close_after_write = false;
  xvm::Request request;
  xvm::Digest expected{};
  uint16_t connect_port = 0;
};

Server::Server(const DaemonConfig& config, std::string key, Backend& backend, AccessPolicy access)
    : config_(config),
      key_(std::move(key)),
      gate_(config.hash, key_),
      access_(std::move(access)),
      worker_(backend, access_) {}

Server::~Server() {
  if (listen_fd_ >= 0) close(listen_fd_);
}

std::string Server::open() {
  auto at = xvm::endpoint(config_.address, config_.port);
  if (!at) return "bad address " + config_.address;
  if (config_.listener == "tcp") {
    xvm::Fd l = xvm::listen_tcp(*at, SOMAXCONN);
    if (!l)
      return "cannot listen on " + config_.address + " port " + std::to_string(config_.port) + ": " +
             std::strerror(errno);
    set_nonblocking(l.get());
    listen_fd_ = l.release();
    return {};
  }
  if (!config_.interface.empty()) {
    ifindex_ = if_nametoindex(config_.interface.c_str());
    if (ifindex_ == 0) return "no interface " + config_.interface;
  }
  const int family = at->family();
  xvm::Fd s(socket(family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
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

void Server::log_untrusted(const char* fmt, const std::string& peer) {
  // Counted per kind of message, so one flood (idle connections) does not hide another (evictions).
  LogThrottle& t = throttles_[fmt];
  const double at = now();
  if (at - t.window_start >= kLogWindow) {
    if (t.suppressed > 0) log::writef(log::Level::Warning, "%u more like \"%s\" were not logged", t.suppressed, fmt);
    t = {at, 0, 0};
  }
  if (t.logged >= kLogsPerWindow) {
    ++t.suppressed;
    return;
  }
  ++t.logged;
  char buf[400];
  std::snprintf(buf, sizeof buf, fmt, peer.c_str());
  log::writef(log::Level::Warning, "%s", buf);
}

void Server::run(const volatile bool& stop) {
  worker_.start();
  std::vector<pollfd> fds;
  std::vector<uint64_t> ids;
  while (!stop) {
    fds.clear();
    ids.clear();
    fds.push_back({listen_fd_, POLLIN, 0});
    fds.push_back({worker_.ready_fd(), POLLIN, 0});
    double next_deadline = now() + 1;
    for (auto& [id, c] : connections_) {
      short events = 0;
      switch (c->stage) {
        case Stage::Connecting:
        case Stage::Write:
          events = POLLOUT;
          break;
        case Stage::ReadRequest:
        case Stage::ReadChallenge:
        case Stage::ReadAnswer:
          events = POLLIN;
          break;
        case Stage::Queued:
          events = 0;
          break;  // nothing to exchange until the backend answers
      }
      // A queued connection is not polled at all: a client that hung up meanwhile would report
      // POLLHUP on every turn and spin the loop for as long as the action takes.
      fds.push_back({c->stage == Stage::Queued ? -1 : c->fd.get(), events, 0});
      ids.push_back(id);
      next_deadline = std::min(next_deadline, c->deadline);
    }
    const double wait = std::max(0.0, next_deadline - now());
    const int n = poll(fds.data(), fds.size(), static_cast<int>(wait * 1000) + 1);
    if (n < 0 && errno != EINTR) break;
    if (n > 0) {
      if (fds[1].revents & POLLIN) on_replies();
      for (size_t i = 2; i < fds.size(); ++i) {
        if (!fds[i].revents) continue;
        auto it = connections_.find(ids[i - 2]);
        if (it == connections_.end()) continue;
        Connection& c = *it->second;
        if (c.stage == Stage::Write || c.stage == Stage::Connecting)
          on_writable(c);
        else if (c.stage != Stage::Queued)
          on_readable(c);
      }
      // New connections last: the ones already here (a real request among them) go first.
      if (fds[0].revents & POLLIN) {
        if (config_.listener == "tcp")
          accept_all();
        else
          read_datagrams();
      }
    }
    const double t = now();
    std::vector<uint64_t> expired;
    for (auto& [id, c] : connections_)
      if (c->deadline <= t) expired.push_back(id);
    for (uint64_t id : expired) {
      Connection& c = *connections_[id];
      if (!c.trusted)
        log_untrusted("request from %s: no complete request within 5 s; closed, nothing done", c.peer);
      else
        log::writef(log::Level::Warning, "request from %s: exchange not completed within 5 s; closed", c.peer.c_str());
      close_connection(id);
    }
  }
}

void Server::close_connection(uint64_t id) { connections_.erase(id); }

void Server::add_pending(std::unique_ptr<Connection> c) {
  std::vector<PendingConnection> pending;
  for (const auto& [id, k] : connections_)
    if (!k->trusted) pending.push_back({id, k->peer, k->opened});
  if (auto victim = connection_to_evict(pending, c->peer, limits_)) {
    const std::string who = connections_[*victim]->peer;
    log_untrusted("too many unauthenticated connections (from %s): its oldest closed", who);
    close_connection(*victim);
  }
  Connection& ref = *c;
  connections_[c->id] = std::move(c);
  // The request is usually there already: read it now, before the next connection is looked at.
  on_readable(ref);
}

void Server::accept_all() {
  // Everything queued on the listen socket, so the kernel's backlog never fills with garbage
  // while a real client waits behind it.
  for (int i = 0; i < 1024; ++i) {
    sockaddr_storage peer{};
    socklen_t len = sizeof peer;
    xvm::Fd fd(accept4(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_CLOEXEC | SOCK_NONBLOCK));
    if (!fd) {
      if (errno == EMFILE || errno == ENFILE) {
        // Out of descriptors: make room by closing the oldest unauthenticated connection.
        std::vector<PendingConnection> pending;
        for (const auto& [id, k] : connections_)
          if (!k->trusted) pending.push_back({id, k->peer, k->opened});
        if (pending.empty()) return;
        auto oldest = std::min_element(pending.begin(), pending.end(),
                                       [](const auto& a, const auto& b) { return a.opened < b.opened; });
        close_connection(oldest->id);
        continue;
      }
      return;  // EAGAIN: all taken; other errors: the client is gone already
    }
    auto c = std::make_unique<Connection>();
    c->id = next_id_++;
    c->fd = std::move(fd);
    c->peer = peer_text(peer);
    c->opened = now();
    c->deadline = c->opened + kStageTimeout;
    c->stage = Stage::ReadRequest;
    c->need = xvm::kRequestSize;
    add_pending(std::move(c));
  }
}

void Server::read_datagrams() {
  for (int i = 0; i < 256; ++i) {
    sockaddr_storage from{};
    socklen_t len = sizeof from;
    uint8_t buf[2048];
    const ssize_t got = recvfrom(listen_fd_, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
    if (got < 0) return;
    const std::string peer = peer_text(from);
    GateResult g = gate_.admit({buf, static_cast<size_t>(got)}, now());
    if (g.verdict == GateVerdict::Duplicate) continue;  // multicast retransmissions: expected, quiet
    if (g.verdict != GateVerdict::Accept) {
      char fmt[200];
      std::snprintf(fmt, sizeof fmt, "request from %%s refused: %s; nothing done", verdict_text(g.verdict));
      log_untrusted(fmt, peer);
      continue;
    }
    const xvm::Request& r = g.request;
    const bool v4 = r.family == AF_INET && r.addrlen == 4;
    const bool v6 = r.family == AF_INET6 && r.addrlen == 16;
    auto back = v4 || v6 ? xvm::endpoint(static_cast<int>(r.family), r.address.data(), r.port, ifindex_) : std::nullopt;
    if (!back) {
      log::writef(log::Level::Warning,
                  "request from %s: connect-back family %u (address length %u) not served; nothing done", peer.c_str(),
                  r.family, r.addrlen);
      continue;
    }
    xvm::Fd s(socket(back->family(), SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!s) continue;
    auto c = std::make_unique<Connection>();
    c->id = next_id_++;
    // The connect-back address is the caller's address: the one groups are checked against.
    c->peer = peer_text(back->ss);
    c->opened = now();
    c->deadline = c->opened + kStageTimeout;
    c->trusted = true;
    c->request = r;
    c->connect_port = r.port;
    if (connect(s.get(), back->sa(), back->len) < 0 && errno != EINPROGRESS) {
      log::writef(log::Level::Warning, "cannot connect back to %s port %u: %s", c->peer.c_str(), r.port,
                  std::strerror(errno));
      continue;
    }
    c->fd = std::move(s);
    c->stage = Stage::Connecting;
    connections_[c->id] = std::move(c);
  }
}

void Server::on_readable(Connection& c) {
  const uint64_t id = c.id;
  while (c.in.size() < c.need) {
    uint8_t buf[256];
    const size_t want = std::min(sizeof buf, c.need - c.in.size());
    const ssize_t n = recv(c.fd.get(), buf, want, 0);
    if (n > 0) {
      c.in.insert(c.in.end(), buf, buf + n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;  // more later
    if (c.stage == Stage::ReadRequest)
      log_untrusted("request from %s: truncated or not sent; nothing done", c.peer);
    else
      log::writef(log::Level::Warning, "request from %s: challenge-response failed; nothing done", c.peer.c_str());
    close_connection(id);
    return;
  }
  on_input_complete(c);
}

void Server::on_input_complete(Connection& c) {
  const xvm::Bytes key{reinterpret_cast<const uint8_t*>(key_.data()), key_.size()};
  const Stage stage = c.stage;
  std::vector<uint8_t> in = std::exchange(c.in, {});
  switch (stage) {
    case Stage::ReadRequest: {
      GateResult g = gate_.admit(in, now());
      if (g.verdict != GateVerdict::Accept) {
        char fmt[200];
        std::snprintf(fmt, sizeof fmt, "request from %%s refused: %s; nothing done", verdict_text(g.verdict));
        log_untrusted(fmt, c.peer);
        close_connection(c.id);
        return;
      }
      c.trusted = true;
      c.request = g.request;
      c.deadline = now() + kStageTimeout;
      begin_auth(c);
      return;
    }
    case Stage::ReadChallenge: {
      // Answer the client's challenge, then challenge it: both must hold the key before anything happens.
      auto answer = xvm::challenge_answer(config_.auth, key, in);
      std::array<uint8_t, xvm::kChallengeSize> ours{};
      std::optional<xvm::Digest> expected;
      if (answer && xvm::random_bytes(ours)) expected = xvm::challenge_answer(config_.auth, key, ours);
      if (!expected) {
        log::writef(log::Level::Warning, "request from %s: challenge-response failed; nothing done", c.peer.c_str());
        close_connection(c.id);
        return;
      }
      c.expected = *expected;
      c.out.assign(answer->begin(), answer->end());
      c.out.insert(c.out.end(), ours.begin(), ours.end());
      c.sent = 0;
      c.stage = Stage::Write;
      c.after_write = Stage::ReadAnswer;
      on_writable(c);
      return;
    }
    case Stage::ReadAnswer:
      if (!std::equal(in.begin(), in.end(), c.expected.begin(), c.expected.end())) {
        log::writef(log::Level::Warning, "request from %s: challenge-response failed; nothing done", c.peer.c_str());
        close_connection(c.id);
        return;
      }
      queue_for_backend(c);
      return;
    default:
      return;
  }
}

void Server::begin_auth(Connection& c) {
  if (config_.auth == xvm::HashType::None) {
    queue_for_backend(c);
    return;
  }
  c.stage = Stage::ReadChallenge;
  c.need = xvm::kChallengeSize;
  on_readable(c);
}

void Server::queue_for_backend(Connection& c) {
  c.stage = Stage::Queued;
  c.deadline = kNever;  // the action takes what it takes; the backend bounds its own calls
  worker_.submit({c.id, c.request, c.peer});
}

void Server::on_replies() {
  for (auto& r : worker_.take()) {
    auto it = connections_.find(r.connection);
    if (it == connections_.end()) continue;
    Connection& c = *it->second;
    c.out = std::move(r.bytes);
    c.sent = 0;
    c.stage = Stage::Write;
    c.close_after_write = true;
    c.deadline = now() + kStageTimeout;
    on_writable(c);
  }
}

void Server::on_writable(Connection& c) {
  const uint64_t id = c.id;
  if (c.stage == Stage::Connecting) {
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(c.fd.get(), SOL_SOCKET, SO_ERROR, &err, &len);
    if (err) {
      log::writef(log::Level::Warning, "cannot connect back to %s port %u: %s", c.peer.c_str(), c.connect_port,
                  std::strerror(err));
      close_connection(id);
      return;
    }
    begin_auth(c);
    return;
  }
  while (c.sent < c.out.size()) {
    const ssize_t n = send(c.fd.get(), c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
    if (n > 0) {
      c.sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    log::writef(log::Level::Warning, "request from %s: connection lost while answering", c.peer.c_str());
    close_connection(id);
    return;
  }
  if (c.close_after_write) {
    close_connection(id);
    return;
  }
  c.out.clear();
  c.stage = c.after_write;
  c.need = xvm::kDigestSize;
  on_readable(c);
}

}  // namespace vmha::virtd
