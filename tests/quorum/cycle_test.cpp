// The qdisk cycle against an in-memory disk (bytes, through the real codec) and a simulated
// clock: every tick, each powered host reads all slots, steps, and writes its slot and notices.
#include <gtest/gtest.h>

#include <map>

#include "core/cycle.hpp"

using namespace vmha::quorum;

namespace {

constexpr std::uint32_t kSlots = 8;
constexpr std::uint32_t kBlock = 512;

struct SimDisk {
  std::vector<std::vector<std::uint8_t>> blocks =
      std::vector<std::vector<std::uint8_t>>(kSlots + 1, std::vector<std::uint8_t>(kBlock, 0));
  std::vector<std::optional<Slot>> read() const {
    std::vector<std::optional<Slot>> slots(kSlots + 1);
    for (std::uint32_t n = 1; n <= kSlots; ++n) slots[n] = decode_slot(blocks[n].data(), kBlock);
    return slots;
  }
  void write(std::uint32_t n, const Slot& s) { blocks[n] = encode_slot(s, kBlock); }
  void corrupt(std::uint32_t n) { blocks[n][20] ^= 0x5a; }
};

struct Host {
  std::unique_ptr<QdiskCycle> cycle;
  bool powered = true;  // false: writes nothing (dead, hung, partitioned from the disk)
  bool score_ok = true;
  std::optional<std::uint64_t> members;
  int read_failures = 0;                // the next N reads of the disk fail (I/O error or timeout)
  std::vector<std::uint32_t> blind_to;  // slots this host reads as torn (no news)
  CycleOutput last;
};

struct Lab {
  CycleConfig config;
  SimDisk disk;
  std::map<std::uint32_t, Host> hosts;
  std::uint64_t wall = 1'700'000'000;  // the simulated clock, seconds
  std::uint64_t next_incarnation = 1000;
  int ticks = 0;

  explicit Lab(CycleConfig c) : config(c) {}
  void add(std::uint32_t node) { hosts[node].cycle = std::make_unique<QdiskCycle>(node, ++next_incarnation, config); }

  void tick() {
    ++ticks;
    ++wall;
    const auto view = disk.read();
    std::vector<std::pair<std::uint32_t, Slot>> writes, notices;
    for (auto& [node, h] : hosts) {
      if (!h.powered) continue;
      CycleInput in;
      in.slots = view;
      for (auto b : h.blind_to) in.slots[b].reset();
      if (h.read_failures > 0) {
        --h.read_failures;
        in.io_ok = false;
        in.slots.assign(kSlots + 1, std::nullopt);
      }
      in.score_ok = h.score_ok;
      in.score = h.score_ok ? 1 : 0;
      in.members = h.members;
      in.wall_now = wall;
      h.last = h.cycle->step(in);
      if (h.last.evicted) continue;
      writes.emplace_back(node, h.last.own);
      for (const auto& n : h.last.notices) notices.emplace_back(n.owner, n);
    }
    for (auto& [n, s] : writes) disk.write(n, s);
    for (auto& [n, s] : notices) disk.write(n, s);
  }
  // Ticks until pred holds; returns the number of ticks taken, or -1 past the limit.
  template <class Pred>
  int until(Pred pred, int limit = 60) {
    for (int i = 1; i <= limit; ++i) {
      tick();
      if (pred()) return i;
    }
    return -1;
  }
  void run(int n) {
    for (int i = 0; i < n; ++i) tick();
  }
  bool votes(std::uint32_t n) { return hosts[n].last.cast_vote; }
  std::uint32_t master_seen_by(std::uint32_t n) { return hosts[n].last.master; }
  SlotState state(std::uint32_t n) { return hosts[n].cycle->state(); }
};

CycleConfig cfg(bool master_wins = false) { return CycleConfig{4, 2, 2, 3, master_wins}; }

}  // namespace

TEST(QdiskCycle, SingleHostBecomesMasterAndVotes) {
  Lab lab(cfg());
  lab.add(1);
  int t = lab.until([&] { return lab.votes(1); });
  // init (tko) + upgrade_wait + master_wait + the bid cycle itself
  EXPECT_GT(t, 0);
  EXPECT_LE(t, 4 + 2 + 3 + 2);
  EXPECT_EQ(lab.state(1), SlotState::Master);
  EXPECT_EQ(lab.disk.read()[1]->state, SlotState::Master);
}

// Votes of a settled two-host cluster, with and without master_wins.
TEST(QdiskCycle, TwoHostsOneMaster) {
  for (bool mw : {false, true}) {
    Lab lab(cfg(mw));
    lab.add(1);
    lab.add(2);
    lab.run(20);
    EXPECT_EQ(lab.state(1), SlotState::Master) << mw;
    EXPECT_EQ(lab.state(2), SlotState::Run) << mw;
    EXPECT_EQ(lab.master_seen_by(2), 1u);
    EXPECT_TRUE(lab.votes(1));
    EXPECT_EQ(lab.votes(2), !mw) << "master_wins=" << mw;
    EXPECT_EQ(lab.hosts[1].last.online_mask, 0b11u);
  }
}

// A host that stops writing is declared dead after more than tko missed cycles, not before;
// the master writes an eviction notice which the host obeys when it writes again.
TEST(QdiskCycle, SilentHostEvictedAfterTko) {
  Lab lab(cfg());
  lab.add(1);
  lab.add(2);
  lab.run(20);
  ASSERT_EQ(lab.hosts[1].cycle->peer_status(2), PeerStatus::Online);
  lab.hosts[2].powered = false;
  int t = lab.until([&] { return lab.hosts[1].cycle->peer_status(2) == PeerStatus::Dead; });
  // Its last write is read one cycle later; then misses > tko (5 missed reads) is death.
  EXPECT_EQ(t, 1 + 4 + 1);
  lab.tick();  // the notice is written on the master's next cycle
  auto slot2 = lab.disk.read()[2];
  ASSERT_TRUE(slot2);
  EXPECT_EQ(slot2->state, SlotState::Evicted);
  EXPECT_EQ(slot2->written_by, 1u);
  // The hung host comes back: it reads the notice, stops voting and writes nothing more.
  lab.hosts[2].powered = true;
  lab.tick();
  EXPECT_TRUE(lab.hosts[2].last.evicted);
  EXPECT_FALSE(lab.votes(2));
  lab.tick();
  EXPECT_TRUE(lab.hosts[2].last.evicted);
  // With reboot off the daemon rejoins under a new incarnation and is let back in.
  lab.hosts[2].cycle->rejoin(9999);
  lab.run(12);
  EXPECT_EQ(lab.hosts[1].cycle->peer_status(2), PeerStatus::Online);
  EXPECT_TRUE(lab.votes(2));
}

// A failing heuristic withdraws the vote in the very cycle the score is insufficient, and the
// vote returns after upgrade_wait once the score recovers.
TEST(QdiskCycle, ScoreDropWithdrawsVote) {
  struct Row {
    std::uint32_t failing;
    bool master_wins;
  };
  for (auto r : {Row{1, false}, Row{2, false}, Row{1, true}}) {
    Lab lab(cfg(r.master_wins));
    lab.add(1);
    lab.add(2);
    lab.run(20);
    ASSERT_TRUE(lab.votes(r.failing) || r.master_wins);
    lab.hosts[r.failing].score_ok = false;
    lab.tick();
    EXPECT_FALSE(lab.votes(r.failing)) << r.failing;
    EXPECT_EQ(lab.state(r.failing), SlotState::None);
    // The other host keeps (or takes over) the vote.
    const std::uint32_t other = 3 - r.failing;
    int t = lab.until([&] { return lab.votes(other); });
    EXPECT_GT(t, 0) << "other host never voted";
    lab.hosts[r.failing].score_ok = true;
    lab.run(10);
    EXPECT_EQ(lab.state(r.failing), SlotState::Run);
    if (!r.master_wins) {
      EXPECT_TRUE(lab.votes(r.failing));
    }
  }
}

// The master dies: the survivor waits out tko (no premature takeover), then bids and becomes
// master after master_wait.
TEST(QdiskCycle, NewMasterAfterMasterWait) {
  Lab lab(cfg(true));
  lab.add(1);
  lab.add(2);
  lab.run(20);
  ASSERT_EQ(lab.state(1), SlotState::Master);
  lab.hosts[1].powered = false;
  int t = lab.until([&] { return lab.state(2) == SlotState::Master; });
  EXPECT_GT(t, 1 + 4 + 1);          // not before node 1 is declared dead
  EXPECT_LE(t, 1 + 4 + 1 + 3 + 2);  // dead + master_wait + the bid cycle
  EXPECT_TRUE(lab.votes(2));
  lab.tick();
  EXPECT_EQ(lab.disk.read()[1]->state, SlotState::Evicted);  // the new master evicts the old one
}

// Corrupt or torn slots are not trusted: a short burst is a few missed cycles, nothing more;
// a slot that stays corrupt past tko is a dead host.
TEST(QdiskCycle, CorruptSlotIgnored) {
  struct Row {
    int corrupt_cycles;
    PeerStatus after;
  };
  for (auto r : {Row{1, PeerStatus::Online}, Row{4, PeerStatus::Online}, Row{6, PeerStatus::Dead}}) {
    Lab lab(cfg());
    lab.add(1);
    lab.add(2);
    lab.run(20);
    for (int i = 0; i < r.corrupt_cycles; ++i) {
      lab.tick();
      lab.disk.corrupt(2);  // node 2's fresh write is torn every cycle
    }
    lab.hosts[2].powered = r.after == PeerStatus::Online;
    lab.tick();
    EXPECT_EQ(lab.hosts[1].cycle->peer_status(2), r.after) << r.corrupt_cycles;
    EXPECT_EQ(lab.state(1), SlotState::Master);
  }
}

// A corrupt block that happens to claim master status never counts (it is not decoded).
TEST(QdiskCycle, GarbageInEmptySlotChangesNothing) {
  Lab lab(cfg());
  lab.add(1);
  lab.run(20);
  lab.disk.blocks[5].assign(kBlock, 0xff);
  lab.run(10);
  EXPECT_EQ(lab.state(1), SlotState::Master);
  EXPECT_EQ(lab.hosts[1].last.online_mask, 0b1u);
}

// Wall-clock jumps (either way) change no decision: liveness is the heartbeat counter.
TEST(QdiskCycle, ClockJumpChangesNothing) {
  for (std::int64_t jump : {-3600LL, 86400LL, -1'700'000'000LL}) {
    Lab steady(cfg()), jumpy(cfg());
    for (Lab* l : {&steady, &jumpy}) {
      l->add(1);
      l->add(2);
      l->run(20);
    }
    jumpy.wall += static_cast<std::uint64_t>(jump);
    for (int i = 0; i < 15; ++i) {
      steady.tick();
      jumpy.tick();
      for (std::uint32_t n : {1u, 2u}) {
        EXPECT_EQ(steady.votes(n), jumpy.votes(n)) << jump;
        EXPECT_EQ(steady.state(n), jumpy.state(n)) << jump;
        EXPECT_EQ(steady.hosts[n].last.events, jumpy.hosts[n].last.events) << jump;
      }
    }
  }
}

// A host joins a running cluster: online after tko_up, granted by the master, master unchanged;
// a lower node id joining later does not unseat the master.
TEST(QdiskCycle, NewHostJoins) {
  Lab lab(cfg());
  lab.add(2);
  lab.add(3);
  lab.run(20);
  ASSERT_EQ(lab.state(2), SlotState::Master);
  lab.add(1);
  int t = lab.until([&] { return lab.hosts[2].cycle->peer_status(1) == PeerStatus::Online; });
  EXPECT_EQ(t, 1 + 2);  // its first write is read a cycle later, then tko_up sightings
  t = lab.until([&] { return lab.votes(1); });
  EXPECT_GT(t, 0);
  EXPECT_EQ(lab.state(2), SlotState::Master);
  EXPECT_EQ(lab.state(1), SlotState::Run);
  EXPECT_EQ(lab.disk.read()[2]->master_mask, 0b111u);
}

// The master grants only hosts that are also corosync members in its view: a host still
// writing the disk but cut off from the master's corosync side gets no vote.
TEST(QdiskCycle, MasterGrantsOnlyItsCorosyncMembers) {
  Lab lab(cfg());
  lab.add(1);
  lab.add(2);
  lab.run(20);
  ASSERT_TRUE(lab.votes(2));
  lab.hosts[1].members = node_bit(1);
  lab.hosts[2].members = node_bit(2);
  lab.run(2);
  EXPECT_TRUE(lab.votes(1));
  EXPECT_FALSE(lab.votes(2));
  EXPECT_EQ(lab.state(1), SlotState::Master);
}

// Two hosts start together: exactly one master, ever.
TEST(QdiskCycle, NeverTwoMasters) {
  Lab lab(cfg(true));
  for (std::uint32_t n = 1; n <= 4; ++n) lab.add(n);
  for (int i = 0; i < 40; ++i) {
    lab.tick();
    int masters = 0;
    for (auto& [n, h] : lab.hosts) masters += h.cycle->state() == SlotState::Master;
    EXPECT_LE(masters, 1) << "tick " << i;
  }
  EXPECT_EQ(lab.state(1), SlotState::Master);
}

TEST(QdiskCycle, LeavingSlotIsADepartureNotADeath) {
  Lab lab(cfg());
  lab.add(1);
  lab.add(2);
  lab.run(20);
  lab.disk.write(2, lab.hosts[2].cycle->leaving_slot(lab.wall));
  lab.hosts[2].powered = false;
  lab.tick();
  EXPECT_EQ(lab.hosts[1].cycle->peer_status(2), PeerStatus::Offline);
  lab.run(10);
  EXPECT_EQ(lab.disk.read()[2]->state, SlotState::None);  // no eviction notice for a clean leave
}

// The lab's double master: A is master and writes every cycle; B starts a new life while
// outside A's corosync membership (and A outside B's). Whatever B's first reads show, B must
// not become master nor cast for 3 x tko cycles while A writes; once A falls silent, B takes
// over, but not before A has missed more than tko cycles plus B's master_wait. Before the fix,
// "first reads fail" made B master after 9 cycles: failed reads counted as init/upgrade/bid
// cycles of an empty disk.
TEST(QdiskCycle, NewcomerNeverOverthrowsAWritingMaster) {
  struct Row {
    const char* what;
    int read_failures;      // B's first reads fail (I/O error or io_timeout)
    bool blind_while_init;  // B reads A's slot as torn for its first tko cycles
  };
  const Row rows[] = {
      {"plain start", 0, false},
      {"first reads fail", 12, false},
      {"first reads torn", 0, true},
      {"reads fail, then torn", 12, true},
  };
  for (const auto& r : rows)
    for (bool mw : {true, false})  // without master_wins B may vote only when A's grant names it
      for (std::uint32_t a : {1u, 2u}) {
        const std::uint32_t b = 3 - a;
        const std::string where =
            std::string(r.what) + ", master_wins=" + (mw ? "on" : "off") + ", A=node " + std::to_string(a);
        const CycleConfig c = cfg(mw);
        Lab lab(c);
        lab.add(a);
        lab.hosts[a].members = node_bit(a);
        ASSERT_GT(lab.until([&] { return lab.state(a) == SlotState::Master; }), 0) << where;
        lab.add(b);
        lab.hosts[b].members = node_bit(b);
        lab.hosts[b].read_failures = r.read_failures;
        if (r.blind_while_init) lab.hosts[b].blind_to = {a};
        const int watch = r.read_failures + 3 * static_cast<int>(c.tko) + 10;
        for (int i = 0; i < watch; ++i) {
          if (i == r.read_failures + static_cast<int>(c.tko)) lab.hosts[b].blind_to.clear();
          lab.tick();
          ASSERT_NE(lab.state(b), SlotState::Master) << where << ", tick " << i;
          ASSERT_FALSE(lab.votes(b)) << where << ", tick " << i;
          ASSERT_EQ(lab.state(a), SlotState::Master) << where << ", tick " << i;
          ASSERT_TRUE(lab.votes(a)) << where << ", tick " << i;
        }
        EXPECT_EQ(lab.master_seen_by(b), a) << where;
        // A falls silent: B takes over only after A missed more than tko cycles, plus master_wait.
        lab.hosts[a].powered = false;
        const int t = lab.until([&] { return lab.state(b) == SlotState::Master; });
        EXPECT_GT(t, static_cast<int>(c.tko + c.master_wait)) << where;
        EXPECT_TRUE(lab.votes(b)) << where;
      }
}
