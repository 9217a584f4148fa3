// Topology → cluster.conf (cman + rgmanager), valid against cluster.rng. Pure.
#pragma once
#include <string>

#include "topology.hpp"

namespace vmha::config {

// Secrets must already be resolved (Secret::value).
std::string write_cluster_conf(const Topology& topology);

}  // namespace vmha::config
