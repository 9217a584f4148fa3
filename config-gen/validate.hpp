// Cross-object checks a schema cannot express: references, uniqueness, quorum rules.
// Pure; appends to the diagnostics of the reader so one run reports everything.
#pragma once
#include "diagnostics.hpp"
#include "topology.hpp"

namespace vmha::config {

void validate(const Topology& topology, Diagnostics& diagnostics);

// Names that become XML IDs (cluster.conf fencedevice, CIB ids): letter or '_' first,
// then letters, digits, '_', '.', '-'.
bool is_xml_id(const std::string& name);

}  // namespace vmha::config
