// cluster.conf (cman + rgmanager) → Topology: the migration path from RHEL 5/6. Pure.
// Everything the topology can express is carried over; the rest is listed in `not_imported`
// so that nothing is dropped silently.
#pragma once
#include <string>
#include <vector>

#include "diagnostics.hpp"
#include "topology.hpp"

namespace vmha::config {

struct ImportResult {
  Topology topology;
  Diagnostics diagnostics;
  std::vector<Diagnostic> not_imported;
};

ImportResult read_cluster_conf(const std::string& xml_text);

}  // namespace vmha::config
