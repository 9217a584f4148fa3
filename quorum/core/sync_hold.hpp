// When corosync's membership changes, votequorum holds its sync until the quorum device polls
// with the new ring id (at most quorum.device.sync_timeout); until then the partition keeps its
// old quorum state and nothing above corosync (Pacemaker) hears of the change.
//
// A partition that has just lost the disk master cannot yet tell a dead master (its slot stops
// moving) from a split (it keeps writing). Answering at once would make the survivor of a
// master's death inquorate for the whole handover (Pacemaker's default no-quorum-policy stops
// every guest on it), and without master_wins would hand both sides of a split the vote for a
// cycle. So qdiskd holds its answer until the disk has decided: this host became master (cast),
// the master is still writing after tko cycles (a split: the master's side keeps the vote), or
// the hold reached its limit (which stays inside sync_timeout).
#pragma once
#include <cstdint>
#include <string>

#include "core/cycle.hpp"

namespace vmha::quorum {

struct SyncHoldLimits {
  std::uint32_t tko = 4;              // cycles after which a silent master is declared dead
  std::uint32_t give_up_cycles = 12;  // never hold longer than this many cycles
};

// Cycles a master handover needs on the disk: tko + 1 to declare the master dead, then
// master_wait + 1 for the bid to stand, and one cycle of slack. (upgrade_wait has long passed
// on a host that was running before the master died.)
std::uint32_t handover_cycles(const CycleConfig& c);

class SyncHold {
 public:
  explicit SyncHold(SyncHoldLimits limits) : limits_(limits) {}

  // A new ring arrived with `members` (bit per node id). `master` is the last disk master the
  // cycles saw (even if since declared dead; 0 = none ever). True when the poll for the new ring
  // must wait; `why` says why.
  bool on_membership(std::uint32_t me, std::uint32_t master, std::uint64_t members, std::string& why);

  struct AfterCycle {
    std::uint32_t master = 0;                     // the disk master this cycle (0 = none)
    PeerStatus held_master = PeerStatus::Online;  // what this host's cycle thinks of the master that left
    bool running = true;                          // this host is in a state that can hold the vote
  };
  // Called after every disk cycle while holding. True = release the hold now (poll with the
  // current ring and the vote the cycle decided); `why` says why.
  bool release_after_cycle(std::uint32_t me, const AfterCycle& cycle, std::string& why);

  bool holding() const { return master_ != 0; }
  std::uint32_t held_master() const { return master_; }
  std::uint32_t cycles_held() const { return cycles_; }
  void reconfigure(SyncHoldLimits limits) { limits_ = limits; }
  void release() {
    master_ = 0;
    cycles_ = 0;
  }

 private:
  SyncHoldLimits limits_;
  std::uint32_t master_ = 0;  // the master that left; 0 = not holding
  std::uint32_t cycles_ = 0;
};

}  // namespace vmha::quorum
