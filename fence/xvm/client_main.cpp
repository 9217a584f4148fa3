// fence_xvm / fence_virt: one client, two names (the name picks the getopt letters and the
// default transport, as fence-virt's client does). Speaks the fence_xvm protocol to a
// fence_virtd: multicast with TCP connect-back (fence_xvm), or straight TCP (-T / ipaddr=).
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>

#include "auth_exchange.hpp"
#include "net.hpp"
#include "runtime/metadata.hpp"
#include "runtime/options.hpp"
#include "wire.hpp"

#include <vmha/version.hpp>

using namespace vmha::fence;
using namespace vmha::xvm;

namespace {

bool is_xvm_face(const char* argv0) {
  const char* base = std::strrchr(argv0, '/');
  return std::string(base ? base + 1 : argv0) == "fence_xvm";
}

// Same stdin names as fence-virt; the letters differ by face, as in fence-virt's getopt strings.
OptionTable client_options(bool xvm) {
  auto opt = [](std::string name, char f, ValueType t, std::string def, std::string desc) {
    Option o;
    o.name = std::move(name);
    o.short_flag = f;
    o.type = t;
    o.default_value = std::move(def);
    o.shortdesc = std::move(desc);
    o.arg_label = "";  // fence-virt's metadata shows the letter alone ("-n")
    return o;
  };
  OptionTable t = {
      opt("debug", 'd', ValueType::Boolean, "", "Specify (stdin) or increment (command line) debug level"),
      opt("ipport", 'p', ValueType::Integer, "1229", "TCP or Multicast port (default=1229)"),
      opt("auth", 'C', ValueType::String, "sha256", "Authentication (none, sha1, [sha256], sha512)"),
      opt("hash", 'c', ValueType::String, "sha256", "Packet hash strength (none, sha1, [sha256], sha512)"),
      opt("key_file", 'k', ValueType::String, "/etc/cluster/fence_xvm.key",
          "Shared key file (default=/etc/cluster/fence_xvm.key)"),
      opt("action", 'o', ValueType::String, "reboot",
          "Fencing action (null, off, on, [reboot], status, list, list-status, monitor, validate-all, metadata)"),
      opt("timeout", 't', ValueType::Integer, "30", "Fencing timeout (in seconds; default=30)"),
      opt("delay", 'w', ValueType::Integer, "0", "Fencing delay (in seconds; default=0)"),
      opt("domain", 0, ValueType::String, "", "Virtual Machine (domain name) to fence (deprecated; use plug)"),
  };
  Option plug = opt("plug", 'n', ValueType::String, "", "Virtual Machine (domain name) to fence");
  plug.old_name = "port";
  plug.old_short_flag = 'H';  // fence-virt's deprecated -H
  plug.required = true;
  t.insert(t.begin() + 6, plug);
  // fence-virt advertises domain= as a deprecated spelling of the guest name; pcs users type it.
  t.back().deprecated = true;
  Option option = opt("option", 0, ValueType::String, "", "Fencing action (deprecated; use action)");
  option.hidden_in_metadata = true;
  t.push_back(option);
  if (xvm) {
    t.push_back(opt("ip_family", 'i', ValueType::String, "auto", "IP Family ([auto], ipv4, ipv6)"));
    t.push_back(
        opt("multicast_address", 'a', ValueType::String, "", "Multicast address (default=225.0.0.12 / ff05::3:1)"));
    t.push_back(opt("retrans", 'r', ValueType::Integer, "20", "Multicast retransmit time (in 1/10sec; default=20)"));
    t.push_back(opt("use_uuid", 'u', ValueType::Boolean, "", "Treat [domain] as UUID instead of domain name"));
    Option ip = opt("ipaddr", 0, ValueType::String, "", "IP address to connect to in TCP mode");
    t.push_back(ip);
  } else {
    t.push_back(
        opt("ipaddr", 'T', ValueType::String, "", "IP address to connect to in TCP mode (default=127.0.0.1 / ::1)"));
    Option uu = opt("use_uuid", 0, ValueType::Boolean, "", "Treat [domain] as UUID instead of domain name");
    t.push_back(uu);
    Option ip_family = opt("ip_family", 0, ValueType::String, "auto", "IP Family ([auto], ipv4, ipv6)");
    ip_family.hidden_in_metadata = true;  // fence_virt has no multicast mode: stdin compatibility only
    t.push_back(ip_family);
    Option mcast =
        opt("multicast_address", 0, ValueType::String, "", "Multicast address (default=225.0.0.12 / ff05::3:1)");
    mcast.hidden_in_metadata = true;
    t.push_back(mcast);
    t.push_back(opt("retrans", 0, ValueType::Integer, "20", "Multicast retransmit time (in 1/10sec)"));
  }
  t.push_back(opt("interface", 'I', ValueType::String, "", "Network interface name to send multicast on"));
  Option help = opt("help", 'h', ValueType::Boolean, "", "Help");
  help.long_flag = "help";
  help.hidden_in_metadata = true;
  t.push_back(help);
  Option version = opt("version", 'V', ValueType::Boolean, "", "Version");
  version.long_flag = "version";
  version.hidden_in_metadata = true;
  t.push_back(version);
  return t;
}

struct Settings {
  Command command = Command::Reboot;
  std::string domain;
  bool use_uuid = false;
  HashType hash = HashType::Sha256;
  HashType auth = HashType::Sha256;
  std::string key;
  uint16_t port = kDefaultPort;
  int timeout = 30;
  int retrans_tenths = 20;
  std::string tcp_address;  // empty = multicast
  int family = AF_INET;     // of the multicast group, and so of the addresses sent from
  std::string mcast_address = "225.0.0.12";
  std::string interface;
};

std::optional<Command> command_from(const std::string& a) {
  if (a == "null") return Command::Null;
  if (a == "off") return Command::Off;
  if (a == "on") return Command::On;
  if (a == "reboot") return Command::Reboot;
  if (a == "status") return Command::Status;
  if (a == "monitor") return Command::DevStatus;
  if (a == "list" || a == "list-status") return Command::HostList;
  return std::nullopt;
}

void print_host_list(int fd, double timeout) {
  std::array<uint8_t, kHostStateSize> rec{};
  while (read_exact(fd, rec, timeout)) {
    HostState h = decode_host_state(rec);
    if (is_terminator(h)) break;
    std::printf("%-32s %s %s\n", h.domain.c_str(), h.uuid.c_str(), h.state == 1 ? "on" : "off");
  }
}

// Authentication both ways, then the one-byte result (and the host list when that is the answer).
int exchange(int fd, const Settings& s) {
  if (!issue_challenge(fd, s.auth, {reinterpret_cast<const uint8_t*>(s.key.data()), s.key.size()}, s.timeout) ||
      !answer_challenge(fd, s.auth, {reinterpret_cast<const uint8_t*>(s.key.data()), s.key.size()}, s.timeout)) {
    std::fprintf(stderr, "Invalid response to challenge\n");
    return 1;
  }
  uint8_t result = 1;
  std::array<uint8_t, 1> b{};
  if (!read_exact(fd, b, s.timeout)) return 255;
  result = b[0];
  if (result == kRespHostList) {
    print_host_list(fd, s.timeout);
    return 0;
  }
  return result;
}

Request base_request(const Settings& s, uint32_t seqno) {
  Request r;
  r.request = static_cast<uint8_t>(s.command);
  r.hashtype = static_cast<uint8_t>(s.hash);
  r.flags = s.use_uuid ? kFlagUuid : 0;
  r.domain = s.domain;
  r.seqno = seqno;
  return r;
}

std::array<uint8_t, kRandomSize> fresh_random() {
  std::array<uint8_t, kRandomSize> r{};
  random_bytes(r);
  return r;
}

uint32_t seqno_now() {
  timeval tv{};
  gettimeofday(&tv, nullptr);
  return static_cast<uint32_t>(tv.tv_usec);  // what fence-virt uses
}

Bytes key_bytes(const Settings& s) { return {reinterpret_cast<const uint8_t*>(s.key.data()), s.key.size()}; }

int run_tcp(const Settings& s) {
  auto to = endpoint(s.tcp_address, s.port);
  if (!to) {
    std::fprintf(stderr, "Invalid IP address %s\n", s.tcp_address.c_str());
    return 1;
  }
  Packet p = sign(base_request(s, seqno_now()), key_bytes(s), fresh_random());
  Fd fd = connect_tcp(*to, 3);
  if (!fd) {
    std::fprintf(stderr, "Unable to connect to fence_virtd host %s:%d %s\n", s.tcp_address.c_str(), s.port,
                 std::strerror(errno));
    return 1;
  }
  if (!write_all(fd.get(), p, s.timeout)) return 1;
  return exchange(fd.get(), s);
}

// Addresses the request goes out from, and that the daemon connects back to. Like fence-virt,
// IPv6 loopback and link-local addresses are left out (a link-local address means nothing to a
// host on another link without its interface).
bool usable_source(const ifaddrs& i, const Settings& s) {
  if (!i.ifa_addr || i.ifa_addr->sa_family != s.family) return false;
  if (!s.interface.empty() && s.interface != i.ifa_name) return false;
  if (s.family == AF_INET6) {
    const in6_addr& a = reinterpret_cast<const sockaddr_in6*>(i.ifa_addr)->sin6_addr;
    if (IN6_IS_ADDR_LOOPBACK(&a) || IN6_IS_ADDR_LINKLOCAL(&a)) return false;
  }
  return true;
}

// Sends the signed request from every usable local address of the group's family.
void send_multicast(const Settings& s, uint32_t seqno) {
  auto group = endpoint(s.mcast_address, s.port);
  if (!group) return;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) < 0) return;
  for (ifaddrs* i = list; i; i = i->ifa_next) {
    if (!usable_source(*i, s)) continue;
    Fd sock(socket(s.family, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (!sock) continue;
    Request r = base_request(s, seqno);
    r.family = static_cast<uint32_t>(s.family);
    r.port = s.port;
    if (s.family == AF_INET6) {
      const in6_addr& local = reinterpret_cast<sockaddr_in6*>(i->ifa_addr)->sin6_addr;
      const unsigned ifindex = if_nametoindex(i->ifa_name);
      int hops = 2;
      setsockopt(sock.get(), IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof hops);
      setsockopt(sock.get(), IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifindex, sizeof ifindex);
      r.addrlen = 16;
      std::memcpy(r.address.data(), &local, 16);
    } else {
      const in_addr local = reinterpret_cast<sockaddr_in*>(i->ifa_addr)->sin_addr;
      unsigned char ttl = 2;
      setsockopt(sock.get(), IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl);
      setsockopt(sock.get(), IPPROTO_IP, IP_MULTICAST_IF, &local, sizeof local);
      r.addrlen = 4;
      std::memcpy(r.address.data(), &local, 4);
    }
    Packet p = sign(r, key_bytes(s), fresh_random());
    sendto(sock.get(), p.data(), p.size(), 0, group->sa(), group->len);
  }
  freeifaddrs(list);
}

int run_multicast(const Settings& s) {
  auto any = endpoint(s.family == AF_INET6 ? "::" : "0.0.0.0", s.port);
  Fd listener = listen_tcp(*any, 10);
  if (!listener) {
    std::fprintf(stderr, "Failed to listen: %s\n", std::strerror(errno));
    return 1;
  }
  const uint32_t seqno = seqno_now();
  int attempts = std::max(1, s.timeout * 10 / std::max(1, s.retrans_tenths));
  Fd conn;
  while (attempts-- > 0 && !conn) {
    send_multicast(s, seqno);
    conn = accept_within(listener.get(), s.retrans_tenths / 10.0);
  }
  if (!conn) {
    std::fprintf(stderr, "Timed out waiting for response\n");
    return 1;
  }
  return exchange(conn.get(), s);
}

// fence-virt's rules: ip_family picks the default group (225.0.0.12 / ff05::3:1); with auto the
// group's own form decides. "" or an error message.
std::string choose_family(Settings& s, const std::string& family) {
  if (family != "auto" && family != "ipv4" && family != "ipv6")
    return "unknown ip_family '" + family + "' (auto, ipv4, ipv6)";
  if (s.mcast_address.empty()) s.mcast_address = family == "ipv6" ? "ff05::3:1" : "225.0.0.12";
  auto group = endpoint(s.mcast_address, s.port);
  if (!group) return "invalid multicast address '" + s.mcast_address + "'";
  s.family = group->family();
  if (family != "auto" && (s.family == AF_INET6) != (family == "ipv6"))
    return "multicast address '" + s.mcast_address + "' is not of ip_family " + family;
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  const bool xvm = is_xvm_face(argv[0]);
  static OptionTable table = client_options(xvm);
  AgentInfo info;
  info.name = xvm ? "fence_xvm" : "fence_virt";
  info.shortdesc = "Fence agent for virtual machines";
  info.longdesc = info.name +
                  " is a Power Fencing agent for virtual machines speaking the fence_xvm protocol to "
                  "fence_virtd on the host.\n\nNOTE: reboot-action does not power on nodes that are powered off.";
  info.vendor_url = "https://libvirt.org";
  info.actions = {"null",    "on",   "off",         "reboot",   "status",
                  "monitor", "list", "list-status", "metadata", "validate-all"};
  info.symlinks = {};
  info.options = &table;

  ParseResult parsed;
  if (argc > 1) {
    parsed = parse_argv(table, std::vector<std::string>(argv, argv + argc));
  } else {
    std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    parsed = parse_stdin(table, input);
  }
  for (const auto& w : parsed.warnings) std::fprintf(stderr, "%s\n", w.c_str());
  if (!parsed.error.empty()) {
    std::fprintf(stderr, "Failed: %s\n", parsed.error.c_str());
    return 1;
  }
  Values v = std::move(parsed.values);
  if (v.flag("help")) {
    std::cout << manpage_text(info);
    return 0;
  }
  if (v.flag("version")) {
    std::printf("%s (vmha) %s\n", info.name.c_str(), vmha::version);
    return 0;
  }
  if (!v.get("option").empty() && !v.has("action")) v.by_name["action"] = v.get("option");
  if (std::string err = apply_defaults_and_check(table, v); !err.empty()) {
    std::fprintf(stderr, "Failed: %s\n", err.c_str());
    return 1;
  }
  std::string action = v.get("action");
  if (action == "metadata" || action == "meta-data") {
    std::cout << metadata_xml(info);
    return 0;
  }
  if (action == "manpage") {  // not in the advertised actions, as fence-virt's list has none
    std::cout << manpage_text(info);
    return 0;
  }
  Settings s;
  s.domain = v.get("plug");
  if (s.domain.empty()) s.domain = v.get("domain");
  s.use_uuid = v.flag("use_uuid");
  auto hash = hash_from_name(v.get("hash"));
  auto auth = hash_from_name(v.get("auth"));
  if (!hash || !auth) {
    std::fprintf(stderr, "Failed: unknown hash or auth type (none, sha1, sha256, sha512)\n");
    return 1;
  }
  s.hash = *hash;
  s.auth = *auth;
  s.port = static_cast<uint16_t>(v.integer("ipport"));
  s.timeout = static_cast<int>(v.integer("timeout"));
  s.retrans_tenths = static_cast<int>(v.integer("retrans"));
  s.mcast_address = v.get("multicast_address");
  s.interface = v.get("interface");
  s.tcp_address = v.get("ipaddr");
  if (std::string err = choose_family(s, v.get("ip_family")); !err.empty() && s.tcp_address.empty()) {
    std::fprintf(stderr, "Failed: %s\n", err.c_str());
    return 1;
  }
  if (!xvm && s.tcp_address.empty()) {
    std::fprintf(stderr, "Failed: serial and vsock transports are not supported; use -T ADDRESS (ipaddr=)\n");
    return 1;
  }
  auto cmd = command_from(action);
  if (action == "validate-all") {
    if (s.domain.size() >= kDomainSize) {
      std::fprintf(stderr, "Failed: domain name too long\n");
      return 1;
    }
    return 0;
  }
  if (!cmd) {
    std::fprintf(stderr, "Failed: unrecognised action '%s'\n", action.c_str());
    return 1;
  }
  if (s.domain.empty() &&
      (*cmd == Command::Off || *cmd == Command::On || *cmd == Command::Reboot || *cmd == Command::Status)) {
    std::fprintf(stderr, "Failed: no domain specified (plug=)\n");
    return 1;
  }
  if (s.domain.size() >= kDomainSize) {
    std::fprintf(stderr, "Failed: domain name too long (max %zu)\n", kDomainSize - 1);
    return 1;
  }
  s.command = *cmd;
  if (s.auth != HashType::None || s.hash != HashType::None) {
    auto key = read_key_file(v.get("key_file"));
    if (!key) {
      std::fprintf(stderr, "Could not read %s; trying without authentication\n", v.get("key_file").c_str());
      s.auth = s.hash = HashType::None;
    } else {
      s.key = std::move(*key);
    }
  }
  const long delay = v.integer("delay");
  if (delay > 0 && (s.command == Command::Off || s.command == Command::Reboot || s.command == Command::On))
    sleep(static_cast<unsigned>(delay));

  const int rc = s.tcp_address.empty() ? run_multicast(s) : run_tcp(s);
  if (s.command == Command::Status && (rc == kRespSuccess || rc == kRespOff))
    std::printf("Status: %s\n", rc == kRespSuccess ? "ON" : "OFF");
  else if (rc == kRespPerm)
    std::fprintf(stderr, "Permission denied\n");
  else if (rc != 0 && rc != kRespOff)
    std::fprintf(stderr, "Operation failed\n");
  return rc;
}
