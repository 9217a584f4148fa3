// A last line of defence for calls into libraries that can block (libvirt over a socket to a hung
// daemon): if the call is not back within its bound, the process prints one line and exits 1.
// Exiting is the only safe answer: the call's thread cannot be cancelled, and an agent that
// outlives its timeout is worse than one that fails.
#pragma once

namespace vmha::fence {

class CallWatchdog {
 public:
  // seconds <= 0 arms nothing. `what` is copied (must be short) and printed on expiry.
  CallWatchdog(double seconds, const char* what);
  ~CallWatchdog();
  CallWatchdog(const CallWatchdog&) = delete;
  CallWatchdog& operator=(const CallWatchdog&) = delete;

 private:
  bool armed_ = false;
};

}  // namespace vmha::fence
