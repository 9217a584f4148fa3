// OCF exit codes as a type, so an action cannot return a stray integer.
#pragma once
#include <string_view>

namespace vmha::ocf {

enum class Result : int {
  Success = 0,
  ErrGeneric = 1,
  ErrArgs = 2,
  ErrUnimplemented = 3,
  ErrPerm = 4,
  ErrInstalled = 5,
  ErrConfigured = 6,
  NotRunning = 7,
  RunningPromoted = 8,
  FailedPromoted = 9,
  Degraded = 190,
  DegradedPromoted = 191,
};

// The name Pacemaker and ocf-returncodes use ("OCF_NOT_RUNNING", ...).
std::string_view result_name(Result r);

constexpr int exit_code(Result r) { return static_cast<int>(r); }

}  // namespace vmha::ocf
