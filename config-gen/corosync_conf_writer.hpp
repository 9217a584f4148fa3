// Topology → corosync.conf (corosync 3, knet by default). Pure.
//
// A quorum disk becomes `quorum { device { model: disk ... } }` with the keys qdiskd reads from
// cmap (issue 5, docs/topology.md): quorum.device.votes, quorum.device.disk.*,
// quorum.device.heuristics.{mode,interval,exec_NAME,score_NAME,tko_NAME}.
#pragma once
#include <string>

#include "topology.hpp"

namespace vmha::config {

std::string write_corosync_conf(const Topology& topology);

}  // namespace vmha::config
