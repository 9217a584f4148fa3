// The thin adapter between the model and a live cluster: reads crm_mon's status document
// (libpacemaker's pcmk_status(), in-process; the crm_mon process only when libpacemaker cannot be
// loaded), the CIB (libcib), corosync's quorum (libvotequorum) and qdiskd's status file on this
// host (the status and the CIB honour CIB_file=, so a file CIB can stand in).
#pragma once
#include <chrono>

#include "cib_query.hpp"
#include "status_model.hpp"

namespace vmha::admin {

// Throws StatusError with one line naming the tool and what went wrong. cib says how much of a live
// CIB to read into cib_xml (the model needs its configuration only; a file CIB is read whole).
StatusInputs read_cluster(std::chrono::steady_clock::time_point deadline, CibPart cib = CibPart::whole);

}  // namespace vmha::admin
