// The daemon's state as text, written to the status file each cycle and printed by
// `qdiskd -s` (key: value lines, so both humans and scripts can read it).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/cycle.hpp"

namespace vmha::quorum {

// One host's slot as this host last read it from the disk: every host publishes its own state
// and heuristic score there each cycle, so any host can show them all.
struct HostReport {
  std::uint32_t node = 0;
  std::string state;  // the slot's state: none, evicted, init, running, master
  std::uint32_t score = 0, score_max = 0;
  std::string seen;  // this host's view of its heartbeat: online, joining, dead, offline; "self" for this host
};

struct StatusReport {
  std::uint32_t node = 0;
  std::string device;
  std::string label;
  std::string state;
  std::uint32_t score = 0, score_max = 0, min_score = 0;
  std::uint32_t master = 0;
  bool master_wins = false;
  bool cast_vote = false;
  std::uint32_t votes = 0;
  std::uint64_t online_mask = 0;
  std::uint64_t ring_seq = 0;
  std::uint32_t ring_node = 0;
  std::uint64_t cycles = 0;
  std::string last_poll_error;      // empty = last poll accepted
  std::uint32_t sync_held_for = 0;  // master that left while corosync's sync is held; 0 = none
  std::uint32_t sync_held_cycles = 0;
  std::vector<std::string> heuristics;  // "NAME: up|down (score S)"
  std::vector<HostReport> hosts;        // every slot the disk carries, in node id order
};

std::string format_status(const StatusReport& s);
std::string format_mask(std::uint64_t mask);  // "1 2 5"

}  // namespace vmha::quorum
