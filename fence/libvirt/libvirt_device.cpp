#include "libvirt_device.hpp"

#include <libvirt/virterror.h>

#include <cctype>
#include <cstring>
#include <cmath>
#include <mutex>
#include <thread>

#include "runtime/watchdog.hpp"

namespace vmha::fence {
namespace {

void quiet_errors(void*, virErrorPtr) {}  // errors are reported once, by us, as "Failed: ..."

std::string last_error() {
  const char* m = virGetLastErrorMessage();
  return m ? m : "unknown libvirt error";
}

// Keepalive needs an event loop; one for the whole process, started on first use.
void start_event_loop() {
  static std::once_flag once;
  std::call_once(once, [] {
    virSetErrorFunc(nullptr, quiet_errors);
    if (virEventRegisterDefaultImpl() < 0) return;
    std::thread([] {
      for (;;) virEventRunDefaultImpl();
    }).detach();
  });
}

int answer_credentials(virConnectCredentialPtr cred, unsigned int ncred, void* data) {
  auto* c = static_cast<LibvirtCredentials*>(data);
  for (unsigned int i = 0; i < ncred; ++i) {
    const std::string* v = nullptr;
    switch (cred[i].type) {
      case VIR_CRED_AUTHNAME:
      case VIR_CRED_USERNAME: v = &c->username; break;
      case VIR_CRED_PASSPHRASE:
      case VIR_CRED_NOECHOPROMPT: v = &c->password; break;
      default: return -1;
    }
    if (v->empty()) return -1;
    cred[i].result = strdup(v->c_str());
    if (!cred[i].result) return -1;
    cred[i].resultlen = static_cast<unsigned int>(v->size());
  }
  return 0;
}

// A domain handle borrowed from the lookup cache (the cache frees it).
struct DomainRef {
  virDomainPtr d;
};

}  // namespace

bool looks_like_uuid(const std::string& t) {
  if (t.size() != 36) return false;
  for (size_t i = 0; i < t.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? t[i] != '-' : !std::isxdigit(static_cast<unsigned char>(t[i]))) return false;
  }
  return true;
}

LibvirtDevice::LibvirtDevice(const std::string& uri, LibvirtCredentials creds, double call_timeout)
    : creds_(std::move(creds)), timeout_(call_timeout) {
  start_event_loop();
  int types[] = {VIR_CRED_AUTHNAME, VIR_CRED_USERNAME, VIR_CRED_PASSPHRASE, VIR_CRED_NOECHOPROMPT};
  virConnectAuth auth{types, sizeof types / sizeof types[0], answer_credentials, &creds_};
  {
    CallWatchdog w(timeout_, "connecting to libvirt");
    conn_ = virConnectOpenAuth(uri.c_str(), &auth, 0);
  }
  if (!conn_) throw FenceError("cannot connect to " + uri + ": " + last_error());
  // Probe every interval seconds, give up after count unanswered probes: a dead peer is noticed
  // within about power_timeout even while no call is in flight.
  const int interval = std::max(1, static_cast<int>(std::lround(timeout_ / 4)));
  virConnectSetKeepAlive(conn_, interval, 3);  // -1 for local drivers without keepalive: fine
}

LibvirtDevice::~LibvirtDevice() {
  forget_lookups();
  if (conn_) virConnectClose(conn_);
}

void LibvirtDevice::forget_lookups() {
  for (auto& [_, d] : domains_) virDomainFree(d);
  domains_.clear();
}

virDomainPtr LibvirtDevice::lookup(const std::string& plug) {
  if (auto it = domains_.find(plug); it != domains_.end()) return it->second;
  CallWatchdog w(timeout_, "looking up guest");
  virDomainPtr d = nullptr;
  if (looks_like_uuid(plug)) d = virDomainLookupByUUIDString(conn_, plug.c_str());
  if (!d) d = virDomainLookupByName(conn_, plug.c_str());
  if (d) return domains_[plug] = d;
  virErrorPtr e = virGetLastError();
  if (e && e->code == VIR_ERR_NO_DOMAIN) return nullptr;
  throw FenceError("cannot look up guest '" + plug + "': " + last_error());
}

PowerState LibvirtDevice::status(const std::string& plug) {
  DomainRef d{lookup(plug)};
  if (!d.d) return PowerState::Missing;
  CallWatchdog w(timeout_, "reading guest state");
  int state = 0, reason = 0;
  if (virDomainGetState(d.d, &state, &reason, 0) < 0) {
    virErrorPtr e = virGetLastError();
    if (e && e->code == VIR_ERR_NO_DOMAIN) return PowerState::Missing;  // transient guest gone
    throw FenceError("cannot read state of '" + plug + "': " + last_error());
  }
  // Only SHUTOFF is off: a crashed or paused guest may still own its disks.
  return state == VIR_DOMAIN_SHUTOFF ? PowerState::Off : PowerState::On;
}

void LibvirtDevice::power_on(const std::string& plug) {
  DomainRef d{lookup(plug)};
  if (!d.d) throw FenceError("guest '" + plug + "' not found");
  CallWatchdog w(timeout_, "starting guest");
  if (virDomainCreate(d.d) < 0) throw FenceError("cannot start '" + plug + "': " + last_error());
}

void LibvirtDevice::power_off(const std::string& plug) {
  DomainRef d{lookup(plug)};
  if (!d.d) return;  // nothing left to power off
  CallWatchdog w(timeout_, "destroying guest");
  if (virDomainDestroy(d.d) < 0) {
    int state = 0;
    // Lost a race with another shutdown: the guest is off, which is all that was asked.
    if (virDomainGetState(d.d, &state, nullptr, 0) == 0 && state == VIR_DOMAIN_SHUTOFF) return;
    virErrorPtr e = virGetLastError();
    if (e && e->code == VIR_ERR_NO_DOMAIN) return;
    throw FenceError("cannot destroy '" + plug + "': " + last_error());
  }
}

std::vector<PlugInfo> LibvirtDevice::list() {
  CallWatchdog w(timeout_, "listing guests");
  virDomainPtr* doms = nullptr;
  const int n = virConnectListAllDomains(conn_, &doms, 0);
  if (n < 0) throw FenceError("cannot list guests: " + last_error());
  std::vector<PlugInfo> out;
  for (int i = 0; i < n; ++i) {
    PlugInfo p;
    p.name = virDomainGetName(doms[i]);
    char uuid[VIR_UUID_STRING_BUFLEN] = {};
    virDomainGetUUIDString(doms[i], uuid);
    p.alias = uuid;
    int state = 0;
    p.state = virDomainGetState(doms[i], &state, nullptr, 0) == 0 && state != VIR_DOMAIN_SHUTOFF ? PowerState::On
                                                                                                 : PowerState::Off;
    out.push_back(std::move(p));
    virDomainFree(doms[i]);
  }
  free(doms);
  return out;
}

}  // namespace vmha::fence
