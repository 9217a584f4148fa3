// PowerDevice over the libvirt C API, on any URI. Every call is bounded: libvirt keepalive
// notices a peer that stopped answering, and a CallWatchdog ends the process if a call is still
// blocked after power_timeout (keepalive cannot help a connect() that never completes).
#pragma once
#include <libvirt/libvirt.h>

#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>

#include "runtime/power_engine.hpp"

namespace vmha::fence {

struct LibvirtCredentials {
  std::string username;
  std::string password;  // handed to libvirt through its auth callback only
};

class LibvirtDevice : public PowerDevice {
 public:
  // trace, when given, hears how each power-off was seen through (verbose mode).
  LibvirtDevice(const std::string& uri, LibvirtCredentials creds, double call_timeout, std::ostream* trace = nullptr);
  ~LibvirtDevice() override;

  PowerState status(const std::string& plug) override;
  void power_on(const std::string& plug) override;
  void power_off(const std::string& plug) override;
  std::vector<PlugInfo> list() override;

  // Lookups are remembered for the life of one fencing operation (an agent run, one daemon
  // request): an off is then lookup + state + destroy + state, not three lookups more. So is the
  // knowledge that a guest's qemu was seen to exit.
  void forget_lookups();

  struct PendingDestroy;  // a virDomainDestroy still inside libvirt after its qemu exited

 private:
  virDomainPtr lookup(const std::string& plug);  // nullptr = no such guest; owned by the cache
  // On the local system daemon: destroy while watching the guest's qemu, and return as soon as
  // it exits; false when its qemu could not be identified (then destroy the plain way).
  bool power_off_watching_qemu(virDomainPtr d, const std::string& plug);
  void finish_pending_destroy(const std::string& plug);  // before anything else touches the guest

  std::map<std::string, virDomainPtr> domains_;
  std::set<std::string> seen_exit_;  // plugs whose qemu exited under our eyes (this operation)
  std::map<std::string, std::shared_ptr<PendingDestroy>> pending_;
  LibvirtCredentials creds_;
  double timeout_;
  std::ostream* trace_;
  bool local_system_ = false;
  virConnectPtr conn_ = nullptr;
};

// True if text has the 8-4-4-4-12 hex shape of a UUID.
bool looks_like_uuid(const std::string& text);

}  // namespace vmha::fence
