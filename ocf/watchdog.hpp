// The last line of defence for "never outlive the operation timeout": if the action has not
// finished by its deadline (a hung libvirtd, a stuck disk), the watchdog logs why and ends the
// process with the result chosen for that action. Every bounded step should finish well before.
#pragma once
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "deadline.hpp"
#include "exit_code.hpp"

namespace vmha::ocf {

class Watchdog {
 public:
  // on_expiry runs on the watchdog thread just before the process exits; it may override the
  // result (e.g. a probe that can still prove the guest's absence from the process table).
  using ExpiryHook = std::function<Result(Result)>;

  Watchdog(Deadline deadline, Result result_on_expiry, std::string what, ExpiryHook hook = {});
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

 private:
  void run();

  Deadline deadline_;
  Result result_;
  std::string what_;
  ExpiryHook hook_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace vmha::ocf
