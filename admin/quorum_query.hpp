// corosync's quorum view read in-process (libvotequorum: one IPC round trip), instead of a
// corosync-quorumtool process that connects to three corosync services to print a page.
#pragma once
#include <chrono>
#include <optional>

#include "status_model.hpp"

namespace vmha::admin {

// This host's votequorum summary; nullopt when corosync does not answer before the deadline.
std::optional<CorosyncQuorum> query_votequorum(std::chrono::steady_clock::time_point deadline);

}  // namespace vmha::admin
