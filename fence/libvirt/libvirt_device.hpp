// PowerDevice over the libvirt C API, on any URI. Every call is bounded: libvirt keepalive
// notices a peer that stopped answering, and a CallWatchdog ends the process if a call is still
// blocked after power_timeout (keepalive cannot help a connect() that never completes).
#pragma once
#include <libvirt/libvirt.h>

#include <map>
#include <string>

#include "runtime/power_engine.hpp"

namespace vmha::fence {

struct LibvirtCredentials {
  std::string username;
  std::string password;  // handed to libvirt through its auth callback only
};

class LibvirtDevice : public PowerDevice {
 public:
  LibvirtDevice(const std::string& uri, LibvirtCredentials creds, double call_timeout);
  ~LibvirtDevice() override;

  PowerState status(const std::string& plug) override;
  void power_on(const std::string& plug) override;
  void power_off(const std::string& plug) override;
  std::vector<PlugInfo> list() override;

  // Lookups are remembered for the life of one fencing operation (an agent run, one daemon
  // request): an off is then lookup + state + destroy + state, not three lookups more.
  void forget_lookups();

 private:
  virDomainPtr lookup(const std::string& plug);  // nullptr = no such guest; owned by the cache
  std::map<std::string, virDomainPtr> domains_;
  LibvirtCredentials creds_;
  double timeout_;
  virConnectPtr conn_ = nullptr;
};

// True if text has the 8-4-4-4-12 hex shape of a UUID.
bool looks_like_uuid(const std::string& text);

}  // namespace vmha::fence
