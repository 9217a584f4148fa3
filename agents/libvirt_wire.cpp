#include "libvirt_wire.hpp"

#include <libvirt/virterror.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "libvirt_rpc.hpp"

namespace vmha::agents {
namespace {

// Root's sockets, where libvirt's remote driver looks for them (remote_sockets.c).
constexpr const char* kRunDir = "/var/run/libvirt/";
constexpr const char* kClientConfig = "/etc/libvirt/libvirt.conf";

}  // namespace

// The value of an active `key = "value"` line of libvirt.conf, if any.
std::optional<std::string> libvirt_config_value(const std::string& config, const std::string& key) {
  std::istringstream lines(config);
  std::string line;
  std::optional<std::string> found;
  while (std::getline(lines, line)) {
    auto start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    if (line.compare(start, key.size(), key) != 0) continue;
    auto rest = line.find_first_not_of(" \t", start + key.size());
    if (rest == std::string::npos || line[rest] != '=') continue;
    auto open = line.find('"', rest);
    auto close = open == std::string::npos ? open : line.find('"', open + 1);
    // A value we cannot read is still a setting we must not ignore.
    found = (close == std::string::npos) ? std::string("\x01unreadable") : line.substr(open + 1, close - open - 1);
  }
  return found;
}

namespace {
std::optional<std::string> config_value(const std::string& config, const std::string& key) {
  return libvirt_config_value(config, key);
}
}  // namespace

WireSurroundings current_surroundings() {
  WireSurroundings s;
  s.root = geteuid() == 0;
  if (const char* e = std::getenv("LIBVIRT_DEFAULT_URI"); e && *e) s.default_uri_env = e;
  std::ifstream in(kClientConfig);
  if (in) {
    std::ostringstream text;
    text << in.rdbuf();
    s.client_config = text.str();
  }
  s.socket_exists = [](const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode);
  };
  return s;
}

std::optional<WireTarget> wire_target_for(const std::string& uri, const WireSurroundings& s) {
  if (!s.root) return std::nullopt;
  // An empty URI is resolved as libvirt resolves it: the environment, then libvirt.conf.
  std::optional<std::string> resolved;
  if (!uri.empty())
    resolved = uri;
  else if (s.default_uri_env)
    resolved = s.default_uri_env;
  else if (auto d = config_value(s.client_config, "uri_default"))
    resolved = *d;

  std::string mode = config_value(s.client_config, "remote_mode").value_or("auto");
  if (mode != "auto" && mode != "legacy" && mode != "direct") return std::nullopt;
  std::string legacy = std::string(kRunDir) + "libvirt-sock";
  if (!resolved) {
    // No URI at all: the daemon probes (libvirtd, or virtproxyd on the same socket path).
    if (!s.socket_exists(legacy)) return std::nullopt;
    return WireTarget{legacy, ""};
  }
  if (*resolved != "qemu:///system" && *resolved != "qemu+unix:///system") return std::nullopt;
  std::string direct = std::string(kRunDir) + "virtqemud-sock";
  std::string path;
  if (mode == "direct")
    path = direct;
  else if (mode == "legacy")
    path = legacy;
  else
    path = s.socket_exists(direct) ? direct : legacy;
  if (!s.socket_exists(path)) return std::nullopt;  // no daemon: the library reports it its way
  return WireTarget{path, std::string("qemu:///system")};
}

std::optional<LibvirtWire> LibvirtWire::open(const std::string& uri, Deadline deadline) {
  auto target = wire_target_for(uri, current_surroundings());
  if (!target) return std::nullopt;
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) throw WireFailure(std::string("socket: ") + std::strerror(errno));
  LibvirtWire wire(fd, deadline);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (target->socket_path.size() >= sizeof addr.sun_path) throw WireFailure("socket path too long");
  std::memcpy(addr.sun_path, target->socket_path.c_str(), target->socket_path.size() + 1);
  // A local stream connect completes at once or is refused; it never waits on the peer.
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    throw WireFailure("connect " + target->socket_path + ": " + std::strerror(errno));
  try {
    wire.authenticate();
    xdr::Writer args;
    args.optional_string(target->uri);  // always present, as the library sends it
    args.u32(0);                        // flags: read-write, as the library opens it for root
    wire.call(rpc::kConnectOpen, args.bytes());
  } catch (const rpc::RemoteError& e) {
    throw WireFailure(std::string("libvirtd refused the connection: ") + e.what());
  }
  return wire;
}

LibvirtWire::LibvirtWire(LibvirtWire&& other) noexcept
    : fd_(other.fd_), deadline_(other.deadline_), serial_(other.serial_), domains_(std::move(other.domains_)) {
  other.fd_ = -1;
}

LibvirtWire::~LibvirtWire() {
  if (fd_ < 0) return;
  // Say goodbye as the library does, so the daemon does not log a dropped client.
  try {
    call(rpc::kConnectClose, {});
  } catch (const std::exception&) {
  }
  ::close(fd_);
}

void LibvirtWire::authenticate() {
  bool none = false, polkit = false;
  try {
    std::vector<std::uint8_t> reply = call(rpc::kAuthList, {});
    xdr::Reader r(reply.data(), reply.size());
    std::uint32_t count = r.u32();
    if (count > 20) throw WireFailure("auth list of " + std::to_string(count) + " entries");
    none = count == 0;
    for (std::uint32_t i = 0; i < count; ++i) {
      std::int32_t type = r.i32();
      none |= type == rpc::kAuthNone;
      polkit |= type == rpc::kAuthPolkitType;
    }
    if (none) return;
    // polkit on the UNIX socket decides from the peer's credentials: no dialogue, root passes.
    if (polkit) {
      std::vector<std::uint8_t> done = call(rpc::kAuthPolkit, {});
      xdr::Reader d(done.data(), done.size());
      if (d.i32() == 1) return;
    }
  } catch (const xdr::Malformed& e) {
    throw WireFailure(std::string("libvirtd's reply: ") + e.what());
  }
  throw WireFailure("the daemon asks for an authentication only libvirt's library performs");
}

void LibvirtWire::send_all(const std::vector<std::uint8_t>& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{fd_, POLLOUT, 0};
      auto left = deadline_.remaining().count();
      if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) == 0) throw WireFailure("timed out writing to libvirtd");
      continue;
    }
    throw WireFailure(std::string("writing to libvirtd: ") + std::strerror(errno));
  }
}

void LibvirtWire::receive_exactly(std::uint8_t* out, std::size_t n) {
  std::size_t got = 0;
  while (got < n) {
    ssize_t r = ::recv(fd_, out + got, n - got, 0);
    if (r > 0) {
      got += static_cast<std::size_t>(r);
      continue;
    }
    if (r == 0) throw WireFailure("libvirtd closed the connection");
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      pollfd p{fd_, POLLIN, 0};
      auto left = deadline_.remaining().count();
      if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) == 0) throw WireFailure("timed out waiting for libvirtd");
      continue;
    }
    throw WireFailure(std::string("reading from libvirtd: ") + std::strerror(errno));
  }
}

std::vector<std::uint8_t> LibvirtWire::call(std::int32_t procedure, const std::vector<std::uint8_t>& args) {
  std::uint32_t serial = ++serial_;
  send_all(rpc::frame_call(procedure, serial, args));
  std::vector<std::uint8_t> message(rpc::kLengthWord);
  receive_exactly(message.data(), rpc::kLengthWord);
  try {
    std::size_t length = rpc::announced_length(message.data());
    message.resize(length);
    receive_exactly(message.data() + rpc::kLengthWord, length - rpc::kLengthWord);
    return rpc::open_reply(message, procedure, serial);
  } catch (const xdr::Malformed& e) {
    throw WireFailure(std::string("libvirtd's reply: ") + e.what());
  }
}

const rpc::DomainRef& LibvirtWire::lookup(const std::string& name) {
  if (auto it = domains_.find(name); it != domains_.end()) return it->second;
  xdr::Writer args;
  args.string(name);
  std::vector<std::uint8_t> found = call(rpc::kDomainLookupByName, args.bytes());
  xdr::Reader r(found.data(), found.size());
  return domains_.emplace(name, rpc::read_domain(r)).first->second;
}

std::optional<DomainStatus> LibvirtWire::status(const std::string& name) {
  try {
    xdr::Writer query;
    rpc::write_domain(query, lookup(name));
    query.u32(0);  // flags
    std::vector<std::uint8_t> reply = call(rpc::kDomainGetState, query.bytes());
    xdr::Reader r(reply.data(), reply.size());
    DomainStatus s{};
    s.state = r.i32();
    s.reason = r.i32();
    return s;
  } catch (const rpc::RemoteError& e) {
    // Not defined here, or a transient domain gone between lookup and query.
    if (e.code == VIR_ERR_NO_DOMAIN) {
      domains_.erase(name);
      return std::nullopt;
    }
    throw WireFailure(std::string("libvirtd: ") + e.what());
  } catch (const xdr::Malformed& e) {
    throw WireFailure(std::string("libvirtd's reply: ") + e.what());
  }
}

DomainResources LibvirtWire::resources(const std::string& name) {
  try {
    xdr::Writer query;
    rpc::write_domain(query, lookup(name));
    std::vector<std::uint8_t> reply = call(rpc::kDomainGetInfo, query.bytes());
    xdr::Reader r(reply.data(), reply.size());
    r.u32();                                 // state (an unsigned char, sent as four bytes)
    std::uint64_t max_memory_kib = r.u64();  // maxMem
    r.u64();                                 // memory
    std::uint32_t vcpus = r.u32();           // nrVirtCpu (an unsigned short, four bytes)
    return {vcpus, max_memory_kib};
  } catch (const rpc::RemoteError& e) {
    throw WireFailure(std::string("libvirtd: ") + e.what());
  } catch (const xdr::Malformed& e) {
    throw WireFailure(std::string("libvirtd's reply: ") + e.what());
  }
}

}  // namespace vmha::agents
