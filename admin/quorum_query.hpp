// corosync's quorum view read in-process (libvotequorum: one IPC round trip), instead of a
// corosync-quorumtool process that connects to three corosync services to print a page.
#pragma once
#include <chrono>
#include <future>
#include <optional>

#include "status_model.hpp"

namespace vmha::admin {

// This host's votequorum summary, asked on a thread of its own (libvotequorum waits on corosync
// without a timeout): start it, do something else, then wait for it until the deadline.
class VotequorumQuery {
 public:
  VotequorumQuery();  // sends the question
  // The answer; nullopt when corosync does not answer before the deadline (the thread is left
  // behind, and ends with the process).
  std::optional<CorosyncQuorum> answer(std::chrono::steady_clock::time_point deadline);

 private:
  std::future<std::optional<CorosyncQuorum>> answer_;
};

}  // namespace vmha::admin
