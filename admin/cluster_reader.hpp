// The thin adapter between the model and a live cluster: reads crm_mon's status document
// (libpacemaker's pcmk_status(), in-process; the crm_mon process only when libpacemaker cannot be
// loaded), the CIB (libcib), corosync's quorum (libvotequorum) and qdiskd's status file on this
// host (the status and the CIB honour CIB_file=, so a file CIB can stand in).
#pragma once
#include <chrono>

#include "status_model.hpp"

namespace vmha::admin {

// Throws StatusError with one line naming the tool and what went wrong.
StatusInputs read_cluster(std::chrono::steady_clock::time_point deadline);

}  // namespace vmha::admin
