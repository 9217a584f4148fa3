// YAML text → Topology. Pure: the caller reads the file. Every problem is reported with its
// line and column; reading goes on after an error so that one run shows them all.
#pragma once
#include <string>

#include "diagnostics.hpp"
#include "topology.hpp"

namespace vmha::config {

struct ReadResult {
  Topology topology;
  Diagnostics diagnostics;
};

ReadResult read_topology(const std::string& yaml_text);

}  // namespace vmha::config
