#include "libvirt_device.hpp"

#include <libvirt/virterror.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#include "qemu_exit_watch.hpp"
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
      case VIR_CRED_USERNAME:
        v = &c->username;
        break;
      case VIR_CRED_PASSPHRASE:
      case VIR_CRED_NOECHOPROMPT:
        v = &c->password;
        break;
      default:
        return -1;
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

// virDomainDestroy, and what a failure of it means: "" when the guest is off afterwards.
std::string destroy_guest(virDomainPtr d, const std::string& plug) {
  if (virDomainDestroy(d) == 0) return {};
  int state = 0;
  // Lost a race with another shutdown: the guest is off, which is all that was asked.
  if (virDomainGetState(d, &state, nullptr, 0) == 0 && state == VIR_DOMAIN_SHUTOFF) return {};
  virErrorPtr e = virGetLastError();
  if (e && e->code == VIR_ERR_NO_DOMAIN) return {};
  return "cannot destroy '" + plug + "': " + last_error();
}

}  // namespace

struct LibvirtDevice::PendingDestroy {
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
  std::string error;                      // destroy_guest's verdict
  int wake_fd = eventfd(0, EFD_CLOEXEC);  // readable once done
  ~PendingDestroy() {
    if (wake_fd >= 0) close(wake_fd);
  }
};

bool looks_like_uuid(const std::string& t) {
  if (t.size() != 36) return false;
  for (size_t i = 0; i < t.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? t[i] != '-' : !std::isxdigit(static_cast<unsigned char>(t[i]))) return false;
  }
  return true;
}

LibvirtDevice::LibvirtDevice(const std::string& uri, LibvirtCredentials creds, double call_timeout, std::ostream* trace)
    : creds_(std::move(creds)), timeout_(call_timeout), trace_(trace) {
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
  // The URI libvirt settled on (an empty one resolves to the configured default).
  if (char* actual = virConnectGetURI(conn_)) {
    local_system_ = is_local_system_qemu(actual);
    free(actual);
  }
}

LibvirtDevice::~LibvirtDevice() {
  forget_lookups();
  if (conn_) virConnectClose(conn_);
}

void LibvirtDevice::forget_lookups() {
  for (auto& [_, d] : domains_) virDomainFree(d);
  domains_.clear();
  seen_exit_.clear();
  for (auto it = pending_.begin(); it != pending_.end();) {
    std::lock_guard lock(it->second->m);
    it = it->second->done ? pending_.erase(it) : std::next(it);
  }
}

void LibvirtDevice::finish_pending_destroy(const std::string& plug) {
  auto it = pending_.find(plug);
  if (it == pending_.end()) return;
  const std::shared_ptr<PendingDestroy> p = it->second;
  {
    CallWatchdog w(timeout_, "waiting for libvirt to finish destroying the guest");
    std::unique_lock lock(p->m);
    p->cv.wait(lock, [&] { return p->done; });
  }
  pending_.erase(it);
  // Whatever libvirt answered, the guest's qemu had already exited: the guest is off.
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
  if (seen_exit_.count(plug)) return PowerState::Off;  // its qemu exited: libvirt only lags behind
  finish_pending_destroy(plug);                        // else libvirt would still call it running
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
  finish_pending_destroy(plug);  // libvirt refuses to start a guest it is still destroying
  seen_exit_.erase(plug);
  DomainRef d{lookup(plug)};
  if (!d.d) throw FenceError("guest '" + plug + "' not found");
  CallWatchdog w(timeout_, "starting guest");
  if (virDomainCreate(d.d) < 0) throw FenceError("cannot start '" + plug + "': " + last_error());
}

void LibvirtDevice::power_off(const std::string& plug) {
  finish_pending_destroy(plug);
  DomainRef d{lookup(plug)};
  if (!d.d) return;  // nothing left to power off
  if (local_system_ && power_off_watching_qemu(d.d, plug)) return;
  CallWatchdog w(timeout_, "destroying guest");
  if (std::string error = destroy_guest(d.d, plug); !error.empty()) throw FenceError(error);
}

bool LibvirtDevice::power_off_watching_qemu(virDomainPtr d, const std::string& plug) {
  char uuid[VIR_UUID_STRING_BUFLEN] = {};
  if (virDomainGetUUIDString(d, uuid) < 0) return false;
  const char* name = virDomainGetName(d);
  std::optional<QemuExitWatch> qemu = QemuExitWatch::open(kQemuSystemStateDir, name ? name : "", uuid);
  auto p = std::make_shared<PendingDestroy>();
  if (!qemu || p->wake_fd < 0) return false;

  // The destroy runs on its own thread with its own reference to the guest, so it may outlive
  // this call, this operation, and this device: libvirt finishes it whether or not we wait.
  virDomainRef(d);
  std::thread([d, p, plug] {
    std::string error = destroy_guest(d, plug);
    virDomainFree(d);
    {
      std::lock_guard lock(p->m);
      p->done = true;
      p->error = std::move(error);
    }
    p->cv.notify_all();
    const uint64_t one = 1;
    [[maybe_unused]] ssize_t n = write(p->wake_fd, &one, sizeof one);
  }).detach();

  CallWatchdog w(timeout_, "destroying guest");
  pollfd fds[2] = {{qemu->fd(), POLLIN, 0}, {p->wake_fd, POLLIN, 0}};
  while (poll(fds, 2, -1) < 0 && errno == EINTR) {
  }
  if (qemu->exited()) {
    seen_exit_.insert(plug);
    pending_[plug] = p;
    if (trace_)
      *trace_ << "qemu process " << qemu->pid() << " of " << plug
              << " exited: the guest is off (libvirt finishes its destroy in the background)\n";
    return true;
  }
  std::lock_guard lock(p->m);  // libvirt answered first
  if (!p->error.empty()) throw FenceError(p->error);
  return true;
}

std::vector<PlugInfo> LibvirtDevice::list() {
  while (!pending_.empty()) finish_pending_destroy(pending_.begin()->first);  // else listed as running
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
