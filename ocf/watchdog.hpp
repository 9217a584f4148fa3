// An agent's watchdog (vmha/watchdog.hpp) with the OCF conventions: if the action has not finished
// by its deadline, the exit reason says which action, and the process ends with the result chosen
// for that action.
#pragma once
#include <functional>
#include <string>

#include "exit_code.hpp"
#include "vmha/deadline.hpp"
#include "vmha/watchdog.hpp"

namespace vmha::ocf {

class Watchdog {
 public:
  // on_expiry runs on the watchdog thread just before the process exits; it may override the
  // result (e.g. a probe that can still prove the guest's absence from the process table).
  using ExpiryHook = std::function<Result(Result)>;

  Watchdog(Deadline deadline, Result result_on_expiry, std::string what, ExpiryHook hook = {});

 private:
  vmha::Watchdog watchdog_;
};

}  // namespace vmha::ocf
