// Pacemaker's own scheduler as a what-if oracle: a copy of the CIB (status section included) is
// changed with Pacemaker's own tools (CIB_file=copy), then crm_simulate runs one transition on it
// (-S, --save-output, --save-graph). The live cluster is never touched. Small and self-contained
// so that other what-if questions (vmha-config plan) can share it.
#pragma once
#include <chrono>
#include <string>
#include <vector>

#include "status_model.hpp"

namespace vmha::admin {

struct Simulation {
  StatusInputs after;     // crm_mon's XML and the CIB after the simulated transition
  std::string graph_xml;  // the transition graph the scheduler computed (which actions, which migrate_to)
};

// `edits` are command lines (crm_attribute …, crm_resource …) run with CIB_file= the copy, in order.
// Throws StatusError naming the tool when any step fails or misses the deadline.
Simulation simulate_change(const std::string& cib_xml, const std::vector<std::vector<std::string>>& edits,
                           std::chrono::steady_clock::time_point deadline);

}  // namespace vmha::admin
