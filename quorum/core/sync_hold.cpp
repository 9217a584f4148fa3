#include "core/sync_hold.hpp"

#include "core/disk_format.hpp"

namespace vmha::quorum {

std::uint32_t handover_cycles(const CycleConfig& c) { return c.tko + 1 + c.master_wait + 1 + 1; }

bool SyncHold::on_membership(std::uint32_t me, std::uint32_t master, std::uint64_t members, std::string& why) {
  if (holding()) {
    // A newer ring supersedes the one held: keep holding only while the master is still away.
    if ((members & node_bit(master_)) == 0) {
      why = "membership changed again; the disk master (node " + std::to_string(master_) + ") is still away";
      return true;
    }
    why = "the disk master (node " + std::to_string(master_) + ") is back in the membership";
    release();
    return false;
  }
  if (master == 0 || master == me || (members & node_bit(master)) != 0) return false;
  master_ = master;
  cycles_ = 0;
  why = "the disk master (node " + std::to_string(master) +
        ") left the membership: holding corosync's sync until the disk decides (at most " +
        std::to_string(limits_.give_up_cycles) + " cycles)";
  return true;
}

bool SyncHold::release_after_cycle(std::uint32_t me, const AfterCycle& c, std::string& why) {
  if (!holding()) return false;
  ++cycles_;
  const std::string held = "node " + std::to_string(master_);
  if (c.master == me) {
    why = "this host is the disk master now (" + held + " declared dead after " + std::to_string(cycles_) + " cycles)";
  } else if (c.master != 0 && c.master != master_) {
    why = "node " + std::to_string(c.master) + " is the disk master now";
  } else if (!c.running) {
    why = "this host cannot hold the vote (score or disk): nothing to wait for";
  } else if (c.held_master == PeerStatus::Online && cycles_ > limits_.tko + 1) {
    why = held + " still writes the disk after " + std::to_string(cycles_) +
          " cycles: a network split; its side keeps the vote";
  } else if (cycles_ >= limits_.give_up_cycles) {
    why = "no decision on the disk after " + std::to_string(cycles_) +
          " cycles: answering corosync with what this host has";
  } else {
    return false;
  }
  release();
  return true;
}

}  // namespace vmha::quorum
