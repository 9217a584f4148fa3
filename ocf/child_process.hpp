// Runs a helper program (monitor script, status_program, crm_resource) without a shell,
// bounded by a deadline: on expiry its whole process group is killed.
#pragma once
#include <string>
#include <vector>

#include "vmha/deadline.hpp"

namespace vmha::ocf {

struct ChildOutcome {
  bool started = false;  // false: fork/exec failed (error holds why)
  bool timed_out = false;
  int exit_status = -1;  // valid when exited normally
  int signal = 0;        // set when killed by a signal
  std::string output;    // stdout and stderr, last 4 KiB
  std::string error;

  bool succeeded() const { return started && !timed_out && signal == 0 && exit_status == 0; }
  std::string describe() const;
};

ChildOutcome run_child(const std::vector<std::string>& argv, Deadline deadline);

}  // namespace vmha::ocf
