// The daemon's one adapter to Pacemaker: its command-line tools, run without a shell and bounded
// by a deadline, read through their XML output.
#pragma once
#include <optional>
#include <string>

#include "cluster_view.hpp"

namespace vmha::guestd {

// This node's name as Pacemaker knows it (crm_node -n); nullopt while Pacemaker is not up.
std::optional<std::string> pacemaker_node_name();

// crm_mon's XML of the whole cluster, or "" with why in *problem. scratch: a file the daemon owns.
std::string crm_mon_xml(const std::string& scratch, std::string* problem);

// scratch: a file the daemon owns, for crm_mon's output.
ResourceView pacemaker_view(const std::string& resource, const std::string& node, const std::string& scratch);

// `crm_resource --fail -r RESOURCE -N NODE`: the controller records a failed operation
// ("asyncmon", rc 1) as if the executor had seen it, and the scheduler recovers the resource at
// once (research/safety.md §5). "" on success, else why not.
std::string report_failure(const std::string& resource, const std::string& node);

}  // namespace vmha::guestd
