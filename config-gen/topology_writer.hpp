// Topology → YAML text, in the layout docs/topology.md describes. Pure.
#pragma once
#include <string>

#include "topology.hpp"

namespace vmha::config {

std::string write_topology(const Topology& topology, const std::string& header_comment = "");

}  // namespace vmha::config
