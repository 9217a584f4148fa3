#include "core/cycle.hpp"

namespace vmha::quorum {

const char* to_string(PeerStatus status) {
  switch (status) {
    case PeerStatus::Offline:
      return "offline";
    case PeerStatus::Joining:
      return "joining";
    case PeerStatus::Online:
      return "online";
    case PeerStatus::Dead:
      return "dead";
  }
  return "unknown";
}

namespace {
bool live_state(SlotState s) { return s == SlotState::Init || s == SlotState::Run || s == SlotState::Master; }
std::string node_name(std::uint32_t n) { return "node " + std::to_string(n); }
}  // namespace

QdiskCycle::QdiskCycle(std::uint32_t my_node, std::uint64_t incarnation, CycleConfig config)
    : me_(my_node), incarnation_(incarnation), config_(config), init_left_(config.tko) {}

void QdiskCycle::rejoin(std::uint64_t new_incarnation) {
  incarnation_ = new_incarnation;
  state_ = SlotState::Init;
  init_left_ = config_.tko;
  upgrade_left_ = 0;
  bid_cycles_ = 0;
  evicted_ = false;
}

Slot QdiskCycle::leaving_slot(std::uint64_t wall_now) {
  Slot s = own_;
  s.owner = s.written_by = me_;
  s.incarnation = incarnation_;
  s.state = SlotState::None;
  s.message = Message::None;
  s.message_arg = 0;
  s.master_mask = 0;
  s.heartbeat = ++heartbeat_;
  s.timestamp = wall_now;
  return s;
}

bool QdiskCycle::peer_running(std::uint32_t node) const {
  const Peer& p = peers_[node];
  return p.status == PeerStatus::Online && p.last &&
         (p.last->state == SlotState::Run || p.last->state == SlotState::Master);
}

bool QdiskCycle::peer_tracked(std::uint32_t node) const {
  const Peer& p = peers_[node];
  return (p.status == PeerStatus::Joining || p.status == PeerStatus::Online) && p.last && live_state(p.last->state);
}

void QdiskCycle::track_peer(std::uint32_t n, const std::optional<Slot>& slot, CycleOutput& out) {
  Peer& p = peers_[n];
  const bool tracked = p.status == PeerStatus::Joining || p.status == PeerStatus::Online;

  if (!slot || slot->owner != n) {
    // Torn, corrupt or blank: no news. A host we track that stays unreadable is missing.
    if (tracked) ++p.misses;
  } else if (slot->state == SlotState::None) {
    if (tracked) out.events.push_back(node_name(n) + " left the disk cleanly");
    if (p.status != PeerStatus::Dead || slot->incarnation != p.evicted_incarnation) p.status = PeerStatus::Offline;
    p.last.reset();
    p.seen = p.misses = 0;
    p.heartbeat = slot->heartbeat;
    p.incarnation = slot->incarnation;
  } else if (slot->state == SlotState::Evicted) {
    p.status = PeerStatus::Dead;
    p.evicted_incarnation = slot->incarnation;
    p.last.reset();
    p.seen = p.misses = 0;
  } else if (slot->incarnation == p.evicted_incarnation && p.evicted_incarnation != 0) {
    // The evicted life is still writing: it has not read its notice yet (or overwrote it).
    if (slot->heartbeat != p.heartbeat) {
      out.events.push_back(node_name(n) + " is undead (evicted incarnation still writing)");
      p.heartbeat = slot->heartbeat;
    }
    p.status = PeerStatus::Dead;
  } else if (slot->incarnation != p.incarnation || !tracked) {
    if (slot->incarnation != p.incarnation || slot->heartbeat != p.heartbeat) {
      // A new life, or a known life writing again after a clean leave.
      p.incarnation = slot->incarnation;
      p.heartbeat = slot->heartbeat;
      p.status = PeerStatus::Joining;
      p.seen = 1;
      p.misses = 0;
      p.last = slot;
    }
  } else if (slot->heartbeat != p.heartbeat) {
    p.heartbeat = slot->heartbeat;
    p.misses = 0;
    ++p.seen;
    p.last = slot;
  } else {
    ++p.misses;
  }

  if (p.status == PeerStatus::Joining && p.seen >= config_.tko_up && p.misses == 0) {
    p.status = PeerStatus::Online;
    out.events.push_back(node_name(n) + " is online");
  }
  if ((p.status == PeerStatus::Joining || p.status == PeerStatus::Online) && p.misses > config_.tko) {
    p.status = PeerStatus::Dead;
    p.evicted_incarnation = p.incarnation;
    p.last.reset();
    out.events.push_back(node_name(n) + " missed " + std::to_string(p.misses) + " cycles: declared dead");
  }
}

void QdiskCycle::update_own_state(const CycleInput& in, CycleOutput& out) {
  if (state_ == SlotState::Init) {
    if (init_left_ > 0) --init_left_;
    if (init_left_ > 0) return;
    state_ = SlotState::None;  // falls through to the score check below
  }
  if (!in.score_ok) {
    if (state_ == SlotState::Run || state_ == SlotState::Master)
      out.events.push_back("score " + std::to_string(in.score) + "/" + std::to_string(in.score_max) +
                           " is insufficient: withdrawing the vote");
    state_ = SlotState::None;
    bid_cycles_ = 0;
    return;
  }
  if (state_ == SlotState::None) {
    state_ = SlotState::Run;
    upgrade_left_ = config_.upgrade_wait;
    bid_cycles_ = 0;
    out.events.push_back("score " + std::to_string(in.score) + "/" + std::to_string(in.score_max) +
                         " is sufficient: running");
  }
}

void QdiskCycle::elect(CycleOutput& out) {
  own_.message = Message::None;
  own_.message_arg = 0;
  // The master: myself, or the lowest online host whose slot says master.
  std::uint32_t master = state_ == SlotState::Master ? me_ : 0;
  for (std::uint32_t n = 1; n < peers_.size(); ++n) {
    if (n == me_ || !peer_running(n) || peers_[n].last->state != SlotState::Master) continue;
    if (master == me_ && n < me_) {
      out.events.push_back("master conflict with " + node_name(n) + ": abdicating");
      state_ = SlotState::Run;
      bid_cycles_ = 0;
      master = n;
    } else if (master == 0 || n < master) {
      master = n;
    }
  }
  if (state_ != SlotState::Run && state_ != SlotState::Master) {
    out.master = master;
    return;
  }
  if (upgrade_left_ > 0) {
    --upgrade_left_;
    out.master = master;
    return;
  }
  if (master != 0) {
    bid_cycles_ = 0;
    out.master = master;
    return;
  }
  // A slot that says master and whose heartbeat is still being tracked (seen moving, not yet
  // declared dead) is a live master even before it counts as online here: nobody bids until it
  // is online (then it is the master) or has missed more than tko cycles (then it is dead).
  for (std::uint32_t n = 1; n < peers_.size(); ++n) {
    if (n == me_ || !peer_tracked(n) || peers_[n].last->state != SlotState::Master) continue;
    bid_cycles_ = 0;
    return;
  }
  // No master: the lowest running host bids; the others acknowledge it.
  std::uint32_t lowest = me_;
  for (std::uint32_t n = 1; n < peers_.size() && n < lowest; ++n)
    if (n != me_ && peer_running(n)) lowest = n;
  if (lowest != me_) {
    bid_cycles_ = 0;
    const Slot& bidder = *peers_[lowest].last;
    if (bidder.message == Message::Bid) {
      own_.message = Message::Ack;
      own_.message_arg = lowest;
    }
    return;
  }
  own_.message = Message::Bid;
  own_.message_arg = me_;
  ++bid_cycles_;
  bool all_acked = true;
  for (std::uint32_t n = 1; n < peers_.size(); ++n) {
    if (n == me_) continue;
    // A host still joining cannot be asked yet: the bid stands until it is online (and acks) or dead.
    if (peers_[n].status == PeerStatus::Joining && peer_tracked(n) && peers_[n].last->state != SlotState::Init)
      all_acked = false;
    if (!peer_running(n)) continue;
    const Slot& s = *peers_[n].last;
    if (s.message != Message::Ack || s.message_arg != me_) all_acked = false;
  }
  if (all_acked && bid_cycles_ > config_.master_wait) {
    state_ = SlotState::Master;
    own_.message = Message::None;
    own_.message_arg = 0;
    bid_cycles_ = 0;
    out.events.push_back("became master");
    out.master = me_;
  }
}

CycleOutput QdiskCycle::step(const CycleInput& in) {
  CycleOutput out;
  if (peers_.size() < in.slots.size()) peers_.resize(in.slots.size());

  // An eviction notice for this very life, written by someone else, is obeyed first.
  if (me_ < in.slots.size() && in.slots[me_]) {
    const Slot& mine = *in.slots[me_];
    if (mine.state == SlotState::Evicted && mine.written_by != me_ && mine.incarnation == incarnation_ && !evicted_) {
      evicted_ = true;
      out.events.push_back("evicted by node " + std::to_string(mine.written_by));
    }
  }
  if (evicted_) {
    state_ = SlotState::Evicted;
    out.evicted = true;
    out.own = *in.slots[me_];  // leave the notice in place
    return out;
  }

  if (in.io_ok) {
    for (std::uint32_t n = 1; n < in.slots.size(); ++n)
      if (n != me_) track_peer(n, in.slots[n], out);
    update_own_state(in, out);
    elect(out);
  } else {
    // A failed read shows nothing, not an empty disk: no waiting cycle (init, tko_up,
    // upgrade_wait, master_wait) may count it, or a host that cannot read the disk for a few
    // seconds would bid against a master it never saw. A standing bid is withdrawn.
    bid_cycles_ = 0;
    own_.message = Message::None;
    own_.message_arg = 0;
    out.master = state_ == SlotState::Master ? me_ : 0;
  }

  std::uint64_t online = node_bit(me_);
  for (std::uint32_t n = 1; n < peers_.size(); ++n)
    if (n != me_ && peers_[n].status == PeerStatus::Online) online |= node_bit(n);
  out.online_mask = online;

  const bool is_master = state_ == SlotState::Master;
  own_.owner = own_.written_by = me_;
  own_.state = state_;
  own_.score = in.score;
  own_.score_max = in.score_max;
  own_.heartbeat = ++heartbeat_;
  own_.timestamp = in.wall_now;
  own_.incarnation = incarnation_;
  own_.seen_mask = online;
  own_.master_mask = 0;
  if (is_master) {
    std::uint64_t granted = node_bit(me_);
    for (std::uint32_t n = 1; n < peers_.size(); ++n)
      if (n != me_ && peer_running(n)) granted |= node_bit(n);
    if (in.members) granted &= *in.members | node_bit(me_);
    own_.master_mask = granted;
    // Tell every dead host still showing a live state in its slot that it has been evicted.
    for (std::uint32_t n = 1; n < peers_.size(); ++n) {
      const Peer& p = peers_[n];
      if (n == me_ || p.status != PeerStatus::Dead || !in.slots[n]) continue;
      const Slot& theirs = *in.slots[n];
      if (theirs.owner != n || !live_state(theirs.state) || theirs.incarnation != p.evicted_incarnation) continue;
      Slot notice = theirs;
      notice.state = SlotState::Evicted;
      notice.written_by = me_;
      notice.timestamp = in.wall_now;
      out.notices.push_back(notice);
    }
  }
  out.own = own_;

  bool granted = is_master;
  if (!is_master && out.master != 0 && !config_.master_wins) {
    const Peer& m = peers_[out.master];
    granted = m.last && (m.last->master_mask & node_bit(me_)) != 0;
  }
  out.cast_vote = in.io_ok && in.score_ok && (state_ == SlotState::Run || is_master) && granted;
  return out;
}

}  // namespace vmha::quorum
