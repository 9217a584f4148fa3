// The adapter to Pacemaker's scheduler: one crm_simulate run on a CIB file, with hosts failed,
// its planned actions read back from its XML output (--output-as=xml), never its text.
// Shared by `vmha-config plan` and the operator tool's capacity checks.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace vmha::config {

// One <rsc_action> of crm_simulate's transition summary. `node` is where a start or stop
// happens; `source` and `dest` are the two ends of a move, migrate or recover.
struct SimulatedAction {
  std::string action;  // start, stop, move, migrate, recover, restart, ...
  std::string resource;
  std::string node, source, dest;
  std::string reason;  // e.g. "node availability"
};

struct Simulation {
  std::string error;  // empty: the scheduler ran
  std::vector<SimulatedAction> actions;
  std::vector<std::string> fenced;  // nodes the transition fences
};

struct SimulateRequest {
  std::string cib_file;
  std::vector<std::string> failed_nodes;  // --node-fail each: unclean, fenced, its guests recovered
  std::optional<bool> quorum;             // --quorum; unset: as the CIB says
  int timeout_seconds = 0;                // > 0: killed after that long, and the answer is an error
  // --op-inject each, "RSC_TASK_INTERVALMS@NODE=RC": how a remote host fails (its connection's
  // monitor fails on the member that runs it; --node-fail does nothing to a remote node).
  std::vector<std::string> injected_ops = {};
};

// Runs `crm_simulate -x FILE -R --output-as=xml` (the scheduler only, no simulated execution).
// Safe to call from several threads at once: each call is its own process.
Simulation simulate(const SimulateRequest& request);

// Reads crm_simulate's XML output (exposed for tests).
Simulation parse_simulation(const std::string& xml);

}  // namespace vmha::config
