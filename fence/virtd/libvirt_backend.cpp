#include <unistd.h>

#include "backend.hpp"
#include "vmha/log.hpp"

namespace vmha::virtd {

using fence::FenceError;
using fence::PowerState;

fence::LibvirtDevice& LibvirtBackend::device() {
  // No per-call watchdog in the daemon (it must outlive a slow call); libvirt keepalive
  // (probe every second, 3 missed = dead) turns a hung libvirtd into a failed call.
  if (!device_) device_ = std::make_unique<fence::LibvirtDevice>(uri_, fence::LibvirtCredentials{}, 0);
  return *device_;
}

uint8_t LibvirtBackend::perform(uint8_t command, const std::string& domain) {
  try {
    auto& d = device();
    d.forget_lookups();  // a guest may have been undefined or redefined since the last request
    switch (static_cast<xvm::Command>(command)) {
      case xvm::Command::DevStatus:
        d.list();
        return xvm::kRespSuccess;
      case xvm::Command::Status:
        return d.status(domain) == PowerState::On ? xvm::kRespSuccess : xvm::kRespOff;
      case xvm::Command::Off: {
        const PowerState s = d.status(domain);
        if (s == PowerState::Missing) return xvm::kRespFail;
        if (s == PowerState::Off) return xvm::kRespSuccess;
        d.power_off(domain);  // throws unless the guest is off afterwards
        return xvm::kRespSuccess;
      }
      case xvm::Command::On: {
        const PowerState s = d.status(domain);
        if (s == PowerState::Missing) return xvm::kRespFail;
        if (s == PowerState::On) return xvm::kRespSuccess;
        d.power_on(domain);
        return xvm::kRespSuccess;
      }
      case xvm::Command::Reboot: {
        const PowerState s = d.status(domain);
        if (s == PowerState::Missing) return xvm::kRespFail;
        if (s == PowerState::Off) return xvm::kRespSuccess;  // fence-virt: reboot does not start a stopped guest
        d.power_off(domain);
        for (int i = 0; i < 150 && d.status(domain) != PowerState::Off; ++i) usleep(100000);
        if (d.status(domain) != PowerState::Off) return xvm::kRespFail;
        try {
          d.power_on(domain);
        } catch (const FenceError& e) {
          log::writef(log::Level::Warning, "guest %s fenced but not restarted: %s", domain.c_str(), e.what());
        }
        return xvm::kRespSuccess;
      }
      default:
        return xvm::kRespFail;
    }
  } catch (const FenceError& e) {
    log::writef(log::Level::Error, "libvirt: %s", e.what());
    device_.reset();  // reconnect next time
    return xvm::kRespFail;
  }
}

std::vector<xvm::HostState> LibvirtBackend::hosts() {
  std::vector<xvm::HostState> out;
  try {
    device().forget_lookups();
    for (const auto& p : device().list())
      out.push_back({p.name, p.alias, static_cast<uint8_t>(p.state == PowerState::On ? 1 : 5)});
  } catch (const FenceError& e) {
    log::writef(log::Level::Error, "libvirt: %s", e.what());
    device_.reset();
  }
  return out;
}

}  // namespace vmha::virtd
