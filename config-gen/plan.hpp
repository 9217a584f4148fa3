// Capacity plan: for every host up and every set of up to K failed hosts, where each guest runs
// and which stay stopped, and why. Pacemaker's scheduler decides every placement (crm_simulate on
// the generated CIB); this file only states the cluster's state for it and reads its answer.
//
// The steady state (every host up, every guest where the scheduler put it) is computed once
// from an empty status and then written into the CIB's status section directly, as the
// controller would have recorded it: simulating every start would cost minutes at 1000 guests.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "crm_simulate.hpp"
#include "topology.hpp"

namespace vmha::config {

struct GuestOutcome {
  std::string guest;
  std::string host;    // empty: stopped
  std::string reason;  // why it is stopped
  bool is_protected = true;
  bool broken() const { return host.empty() && is_protected && reason != kAutostartOff; }
  static constexpr const char* kAutostartOff = "autostart off";
};

struct HostLoad {
  std::string host;
  bool up = true;
  bool remote = false;  // a pacemaker_remote host
  std::size_t guests = 0;
  Options used, capacity;  // Pacemaker utilization names; capacity is declared minus reserve
};

struct Scenario {
  std::vector<std::string> failed;  // empty: every host up
  bool quorum = true;
  std::vector<GuestOutcome> guests;         // in topology order
  std::vector<HostLoad> hosts;              // in topology order
  std::string error;                        // the scheduler did not answer
  std::vector<std::string> broken() const;  // protected guests left stopped
};

struct Plan {
  std::string cluster;
  int failures = 1;
  std::vector<Scenario> scenarios;  // every host up first, then by number of failed hosts
  bool survives() const;            // no scenario leaves a protected guest stopped, and no error
};

// --- pure parts (tested by tables) ---

// The planner's CIB: the generated one with every host online and quorate, startup probes off
// (a probe finds nothing in a plan), and in its status each resource of `placement` running
// where it says (resource id → host).
std::string planner_cib(const Topology& topology, const std::string& cib,
                        const std::map<std::string, std::string>& placement);

// Where every resource runs after the scheduler's actions, starting from `before`.
std::map<std::string, std::string> apply_actions(std::map<std::string, std::string> before,
                                                 const Simulation& simulation);

// The scenario's outcome from where guests run before (every host up) and after.
Scenario outcome(const Topology& topology, const std::vector<std::string>& failed, bool quorum,
                 const std::map<std::string, std::string>& steady, const std::map<std::string, std::string>& after);

// Whether the surviving hosts keep corosync quorum (votes, two_node, a quorum disk taken as alive).
bool keeps_quorum(const Topology& topology, const std::vector<std::string>& failed);

// The scheduler's question for one failure scenario on `cib_file` (the steady state): members fail
// by --node-fail; a remote host by its connection's monitor failing on the member that runs it in
// `steady` (as a powered-off remote host looks to the cluster: Pacemaker then fences it).
SimulateRequest failure_request(const Topology& topology, const std::string& cib_file,
                                const std::vector<std::string>& failed,
                                const std::map<std::string, std::string>& steady);

// Every set of up to `failures` hosts, the empty set first.
std::vector<std::vector<std::string>> failure_sets(const Topology& topology, int failures);

std::string format_plan_text(const Plan& plan);
std::string format_plan_json(const Plan& plan);

// --- the run: the scheduler, scenarios in parallel processes ---
struct PlanOptions {
  int failures = 1;
  int jobs = 0;          // parallel crm_simulate processes; 0: one per CPU
  std::string save_cib;  // when set: the steady-state CIB the scenarios start from is kept here
  // > 0: a failure scenario the scheduler has not answered in that many seconds is an error of that
  // scenario (Pacemaker 2.1's transition graph can take exponential time: docs/PERFORMANCE.md).
  int scenario_timeout = 0;
  // When not empty: these failure sets only (each non-empty), not every set up to `failures`.
  std::vector<std::vector<std::string>> only;
};
Plan run_plan(const Topology& topology, PlanOptions options, std::string& error);

}  // namespace vmha::config
