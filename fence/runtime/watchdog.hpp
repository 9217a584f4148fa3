// A last line of defence for calls into libraries that can block (libvirt over a socket to a hung
// daemon): the shared watchdog (vmha/watchdog.hpp) with fence-agents' conventions: if the call is
// not back within its bound, the process prints one "Failed: timed out: ..." line and exits 1.
#pragma once
#include <optional>

#include "vmha/watchdog.hpp"

namespace vmha::fence {

class CallWatchdog {
 public:
  // seconds <= 0 arms nothing. `what` is printed on expiry.
  CallWatchdog(double seconds, const char* what);

 private:
  std::optional<vmha::Watchdog> watchdog_;
};

}  // namespace vmha::fence
