// The last line of defence for "never outlive the operation timeout": if the operation has not
// finished by its deadline (a hung libvirtd, a stuck disk, a call into a library that cannot be
// cancelled), the watchdog's own thread says why and ends the process. Every bounded step should
// finish well before; exiting is the only safe answer once one has not.
#pragma once
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "vmha/deadline.hpp"

namespace vmha {

class Watchdog {
 public:
  // Runs on the watchdog's thread when the deadline passes first (the main thread is stuck): it
  // reports and returns the process's exit status. The process then leaves without running
  // destructors that would wait on the stuck thread.
  using OnExpiry = std::function<int()>;

  Watchdog(Deadline deadline, OnExpiry on_expiry);
  // Disarms: returns at once, and on_expiry never runs after it.
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

 private:
  void run();

  Deadline deadline_;
  OnExpiry on_expiry_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace vmha
