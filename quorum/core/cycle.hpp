// One host's qdisk cycle as pure code: given what was read from every slot this interval (and
// the host's heuristic score and corosync membership), decide the host's own slot, eviction
// notices for hosts declared dead, and whether the host casts the disk's vote.
//
// Semantics follow cman's qdiskd (interval, tko, tko_up, upgrade_wait, master_wait), counted
// in cycles; liveness is "the slot's heartbeat counter moved", so no clock (and no clock jump)
// on any host enters a decision. The wall time passed in is only written for humans.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/disk_format.hpp"

namespace vmha::quorum {

struct CycleConfig {
  std::uint32_t tko = 4;           // missed cycles before a host is declared dead
  std::uint32_t tko_up = 2;        // seen cycles before a host counts as online
  std::uint32_t upgrade_wait = 2;  // cycles with a good score before bidding for master
  std::uint32_t master_wait = 2;   // cycles a bid stands before the bidder becomes master
  bool master_wins = false;        // only the master casts the vote
};

struct CycleInput {
  // Index = node id; size slot_count + 1 (index 0 unused). nullopt = unreadable, torn or blank.
  std::vector<std::optional<Slot>> slots;
  bool io_ok = true;     // the read of this cycle succeeded
  bool score_ok = true;  // score >= min_score
  std::uint32_t score = 1;
  std::uint32_t score_max = 1;
  std::optional<std::uint64_t> members;  // corosync members (bit per node id); nullopt = unknown
  std::uint64_t wall_now = 0;
};

struct CycleOutput {
  Slot own;                   // this host's slot as it must be written now
  std::vector<Slot> notices;  // eviction notices for other hosts' slots (master only)
  bool cast_vote = false;
  bool evicted = false;      // a master evicted this incarnation: stop voting, reboot or rejoin
  std::uint32_t master = 0;  // node id of the master, 0 = none
  std::uint64_t online_mask = 0;
  std::vector<std::string> events;  // human-readable transitions, for the log
};

enum class PeerStatus { Offline, Joining, Online, Dead };
const char* to_string(PeerStatus status);

class QdiskCycle {
 public:
  QdiskCycle(std::uint32_t my_node, std::uint64_t incarnation, CycleConfig config);

  CycleOutput step(const CycleInput& input);

  // After an eviction (with reboot off) the daemon starts a new life under a new incarnation.
  void rejoin(std::uint64_t new_incarnation);
  void reconfigure(const CycleConfig& config) { config_ = config; }
  // The slot a clean shutdown writes: state none, so peers see a departure, not a death.
  Slot leaving_slot(std::uint64_t wall_now);

  SlotState state() const { return state_; }
  PeerStatus peer_status(std::uint32_t node) const {
    return node < peers_.size() ? peers_[node].status : PeerStatus::Offline;
  }
  std::uint32_t node() const { return me_; }

 private:
  struct Peer {
    PeerStatus status = PeerStatus::Offline;
    std::uint64_t incarnation = 0;
    std::uint64_t heartbeat = 0;
    std::uint64_t evicted_incarnation = 0;
    std::uint32_t misses = 0;
    std::uint32_t seen = 0;
    std::optional<Slot> last;  // last trusted slot of a live incarnation
  };

  void track_peer(std::uint32_t node, const std::optional<Slot>& slot, CycleOutput& out);
  void update_own_state(const CycleInput& input, CycleOutput& out);
  void elect(CycleOutput& out);
  bool peer_running(std::uint32_t node) const;
  bool peer_tracked(std::uint32_t node) const;  // joining or online, last slot in a live state

  std::uint32_t me_;
  std::uint64_t incarnation_;
  CycleConfig config_;
  std::vector<Peer> peers_;
  SlotState state_ = SlotState::Init;
  std::uint32_t init_left_;
  std::uint32_t upgrade_left_ = 0;
  std::uint32_t bid_cycles_ = 0;
  bool evicted_ = false;
  std::uint64_t heartbeat_ = 0;
  Slot own_;
};

}  // namespace vmha::quorum
