// Cross-object checks a schema cannot express: references, uniqueness, quorum rules.
// Pure; appends to the diagnostics of the reader so one run reports everything.
#pragma once
#include "diagnostics.hpp"
#include "topology.hpp"

namespace vmha::config {

struct ValidateOptions {
  bool cib = true;               // also what only the Pacemaker CIB needs (a fence device Pacemaker can run)
  bool fencing_required = true;  // false (import): a topology without fencing is a warning, to be fixed before generate
};

// Errors make the topology unusable; warnings (when given) are what an administrator should
// know about the generated configuration (manual fencing, a node without fencing).
void validate(const Topology& topology, Diagnostics& errors, Diagnostics* warnings = nullptr,
              ValidateOptions options = {});

// Names that become XML IDs (cluster.conf fencedevice, CIB ids): letter or '_' first,
// then letters, digits, '_', '.', '-'.
bool is_xml_id(const std::string& name);

}  // namespace vmha::config
