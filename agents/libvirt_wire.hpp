// A monitor's own connection to the local libvirt daemon, speaking libvirt's RPC protocol over
// its UNIX socket instead of loading libvirt's client library. Loading that library and the
// fifty-odd libraries it pulls in is nearly all of a monitor's CPU cost; a cluster runs a
// monitor for every guest every few seconds. It serves only what a monitor asks (a domain's
// state and size) and only where the answer is certain to be the library's: a root caller and a
// local qemu:///system (or default) connection. Anything else, or any surprise on the wire,
// falls back to LibvirtSession.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain_reader.hpp"
#include "libvirt_rpc.hpp"
#include "vmha/deadline.hpp"

namespace vmha::agents {

// The wire could not give an answer (I/O error, timeout, a reply not understood, an error the
// monitor does not interpret): the caller asks libvirt's library instead.
class WireFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Where the local daemon listens and which connection to ask it for.
struct WireTarget {
  std::string socket_path;
  std::string uri;  // "": the daemon's own default, which is how libvirt's library asks for it
};

// What decides the target, read from the process and the host (kept apart for tests).
struct WireSurroundings {
  bool root = false;
  std::optional<std::string> default_uri_env;  // LIBVIRT_DEFAULT_URI
  std::string client_config;                   // /etc/libvirt/libvirt.conf, empty if absent
  std::function<bool(const std::string&)> socket_exists;
};
WireSurroundings current_surroundings();

// The value of an active `key = "value"` line of libvirt.conf's text, if any.
std::optional<std::string> libvirt_config_value(const std::string& config, const std::string& key);

// nullopt: libvirt's library must serve this URI (remote host, other transport or driver, URI
// parameters, a non-root caller) or no daemon socket exists to connect to.
std::optional<WireTarget> wire_target_for(const std::string& uri, const WireSurroundings& s);

class LibvirtWire : public DomainReader {
 public:
  // nullopt when wire_target_for declines the URI. Throws WireFailure when the daemon did not
  // accept the connection.
  static std::optional<LibvirtWire> open(const std::string& uri, Deadline deadline);
  LibvirtWire(LibvirtWire&& other) noexcept;
  LibvirtWire& operator=(LibvirtWire&&) = delete;
  ~LibvirtWire() override;

  std::optional<DomainStatus> status(const std::string& name) override;
  DomainResources resources(const std::string& name) override;

 private:
  LibvirtWire(int fd, Deadline deadline) : fd_(fd), deadline_(deadline) {}
  std::vector<std::uint8_t> call(std::int32_t procedure, const std::vector<std::uint8_t>& args);
  void send_all(const std::vector<std::uint8_t>& bytes);
  void receive_exactly(std::uint8_t* out, std::size_t n);
  void authenticate();
  const rpc::DomainRef& lookup(const std::string& name);  // throws rpc::RemoteError

  int fd_ = -1;
  Deadline deadline_;
  std::uint32_t serial_ = 0;
  std::map<std::string, rpc::DomainRef> domains_;
};

}  // namespace vmha::agents
