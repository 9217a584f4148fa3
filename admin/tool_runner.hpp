// Runs one of Pacemaker's or corosync's command-line tools without a shell, bounded by a
// deadline (its process group is killed then), and keeps its whole standard output: crm_mon's
// XML of a large cluster is far bigger than an agent's helper output.
#pragma once
#include <chrono>
#include <string>
#include <vector>

namespace vmha::admin {

struct ToolResult {
  bool started = false;
  bool timed_out = false;
  int exit_status = -1;
  std::string out;
  std::string err;
  std::string error;  // why it did not start
  // One line for an operator: the tool's own first error line, or what happened to it.
  std::string describe(const std::string& tool) const;
};

ToolResult run_tool(const std::vector<std::string>& argv, std::chrono::steady_clock::time_point deadline);

}  // namespace vmha::admin
