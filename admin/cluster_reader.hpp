// The thin adapter between the model and a live cluster: runs crm_mon and reads the CIB (libcib),
// corosync's quorum (libvotequorum) and qdiskd's status file on this host (crm_mon and the CIB
// honour CIB_file=, so a file CIB can stand in).
#pragma once
#include <chrono>

#include "status_model.hpp"

namespace vmha::admin {

// Throws StatusError with one line naming the tool and what went wrong.
StatusInputs read_cluster(std::chrono::steady_clock::time_point deadline);

}  // namespace vmha::admin
