// The chaos plan: the same seed gives the same timeline, seeds differ, draws beyond the quorum the
// topology tolerates are redrawn, and bad arguments are refused with one line.
#include "chaos_plan.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace vmha::lab::chaos {
namespace {

PlanRequest request(std::uint64_t seed, unsigned faults, unsigned hosts, unsigned max_down,
                    std::vector<std::string> guests = {"vm1", "vm2"}) {
  PlanRequest r;
  r.seed = seed, r.faults = faults, r.hosts = hosts, r.max_down = max_down, r.guests = std::move(guests);
  return r;
}

TEST(ChaosPlan, SameSeedSameTimeline) {
  for (std::uint64_t seed : {0ULL, 1ULL, 42ULL, 0xFFFFFFFFFFFFFFFFULL}) {
    auto r = request(seed, 50, 3, 1);
    EXPECT_EQ(format(r, plan(r)), format(r, plan(r))) << "seed " << seed;
  }
}

TEST(ChaosPlan, KnownSeedGivesAKnownTimeline) {
  // Pins the generator: a change to the draws would silently turn every recorded seed into another run.
  auto r = request(1, 3, 2, 1);
  EXPECT_EQ(format(r, plan(r)),
            "# vmha-chaos-plan seed=1 faults=3 hosts=2 max-down=1 guests=vm1,vm2\n"
            "1 qemu-kill vm1 duration=6 pause=10\n"
            "2 power hv2 duration=4 pause=0\n"
            "3 cable hv2 duration=1 pause=9\n");
  Xorshift64 zero(0);
  EXPECT_NE(zero.next(), 0U);  // seed 0 is a seed like any other
}

TEST(ChaosPlan, DifferentSeedsDiffer) {
  std::set<std::string> timelines;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    auto r = request(seed, 10, 2, 1);
    auto text = format(r, plan(r));
    timelines.insert(text.substr(text.find('\n')));  // without the header, which names the seed
  }
  EXPECT_EQ(timelines.size(), 20U);
}

TEST(ChaosPlan, EveryFaultWithinTheMenuAndItsRanges) {
  auto r = request(7, 500, 3, 1, {"vm-a", "vm-b", "vm-c"});
  std::set<std::string> kinds, targets;
  for (const auto& f : plan(r)) {
    kinds.insert(kind_name(f.kind));
    targets.insert(f.target);
    EXPECT_GE(f.duration_s, kMinDuration);
    EXPECT_LE(f.duration_s, kMaxDuration);
    EXPECT_LE(f.pause_s, kMaxPause);
    if (f.kind == FaultKind::kQemuKill)
      EXPECT_EQ(f.target.rfind("vm-", 0), 0U) << f.target;
    else
      EXPECT_TRUE(f.target == "hv1" || f.target == "hv2" || f.target == "hv3") << f.target;
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"qemu-kill", "power", "cable"}));
  EXPECT_EQ(targets.size(), 6U);  // every guest and every host is hit in 500 faults
}

struct RedrawCase {
  const char* what;
  unsigned max_down;
  std::vector<std::string> guests;
  bool host_faults_allowed;
};

TEST(ChaosPlan, DrawsThatWouldBreakQuorumAreRedrawn) {
  const std::vector<RedrawCase> cases = {
      {"2 hosts with the quorum disk: one host off is tolerated", 1, {"vm1"}, true},
      {"2 hosts without a quorum disk: no host may go off", 0, {"vm1"}, false},
  };
  for (const auto& c : cases) {
    auto r = request(3, 200, 2, c.max_down, c.guests);
    unsigned host_faults = 0, redraws = 0;
    for (const auto& f : plan(r)) {
      EXPECT_LE(hosts_down_by(f.kind, 2), c.max_down) << c.what;
      host_faults += hosts_down_by(f.kind, 2);
      redraws += f.redraws;
    }
    EXPECT_EQ(host_faults > 0, c.host_faults_allowed) << c.what;
    EXPECT_EQ(redraws > 0, !c.host_faults_allowed) << c.what;
  }
}

TEST(ChaosPlan, RedrawIsDeterministicAndNoGuestsMeansHostFaultsOnly) {
  auto r = request(9, 100, 2, 1, {});
  auto faults = plan(r);
  EXPECT_EQ(format(r, faults), format(r, plan(r)));
  for (const auto& f : faults) EXPECT_NE(f.kind, FaultKind::kQemuKill);
}

TEST(ChaosPlan, FormatOneLinePerFault) {
  auto r = request(5, 4, 2, 1);
  auto text = format(r, plan(r));
  EXPECT_EQ(text.rfind("# vmha-chaos-plan seed=5 faults=4 hosts=2 max-down=1 guests=vm1,vm2\n1 ", 0), 0U) << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 5);
}

struct ArgsCase {
  std::vector<std::string> args;
  std::string error;  // empty: accepted
};

TEST(ChaosPlan, Arguments) {
  const std::string names =
      "qemu-kill, power, cable, pacemaker-kill, libvirtd-stop, libvirtd-freeze, corosync-kill, fence-fail, split, "
      "heuristic-flap, migration-target-power, migrate, drain";
  const std::vector<ArgsCase> cases = {
      {{"--seed", "1", "--faults", "3", "--hosts", "2", "--max-down", "1", "--guests", "vm1", "vm2"}, ""},
      {{"--guests", "vm1", "--seed", "1", "--faults", "3", "--hosts", "2", "--max-down", "1"}, ""},
      {{"--faults", "3", "--hosts", "2", "--max-down", "1"}, "--seed is required"},
      {{"--seed", "x", "--faults", "3", "--hosts", "2", "--max-down", "1"},
       "--seed: 'x' is not a non-negative integer"},
      {{"--seed", "-1", "--faults", "3", "--hosts", "2", "--max-down", "1"},
       "--seed: '-1' is not a non-negative integer"},
      {{"--seed", "1", "--faults", "0", "--hosts", "2", "--max-down", "1"}, "--faults: 0 is not within 1..100000"},
      {{"--seed", "1", "--faults", "3", "--hosts", "10", "--max-down", "1"}, "--hosts: 10 is not within 1..9"},
      {{"--seed", "1", "--faults", "3", "--hosts", "2", "--max-down", "2"},
       "--max-down 2: a cluster of 2 hosts cannot keep quorum with all of them off"},
      {{"--seed", "1", "--faults", "3", "--hosts", "2"},
       "--max-down is required (how many hosts may be off without losing quorum)"},
      {{"--seed", "1", "--faults", "3", "--hosts", "2", "--max-down", "0"},
       "nothing to draw: no --guests, and --max-down 0 forbids every host fault"},
      {{"--seed", "1", "--faults", "3", "--hosts", "2", "--max-down", "1", "--guests"},
       "--guests needs at least one guest name"},
      {{"--seed", "1", "--faults"}, "--faults needs a value"},
      {{"--seed", "1", "--bogus", "2"}, "unknown argument '--bogus'"},
      {{"--guests", "vm;1"}, "--guests: 'vm;1' is not a guest name"},
      {{"--seed", "1", "--faults", "3", "--hosts", "2", "--max-down", "1", "--kinds", "pacemaker-kill"}, ""},
      {{"--seed", "1", "--faults", "3", "--hosts", "2", "--max-down", "1", "--kinds", "power,reboot"},
       "--kinds: 'reboot' is not one of all, " + names},
      {{"--seed", "1", "--faults", "3", "--hosts", "2", "--max-down", "1", "--kinds", ""},
       "--kinds: '' is not one of all, " + names},
      {{"--seed", "1", "--faults", "3", "--hosts", "2", "--max-down", "1", "--kinds", "qemu-kill"},
       "nothing to draw: --kinds of guests need --guests"},
      {{"--seed", "1", "--faults", "3", "--hosts", "3", "--max-down", "0", "--guests", "vm1", "--kinds",
        "power,pacemaker-kill"},
       "nothing to draw: --max-down 0 forbids every host fault of --kinds"},
      {{"--seed", "1", "--faults", "3", "--hosts", "2", "--max-down", "1", "--kinds"}, "--kinds needs a value"},
      {{"--seed", "1", "--faults", "3", "--hosts", "2", "--max-down", "1", "--kinds", "all"}, ""},
      {{"--seed", "1", "--faults", "3", "--hosts", "2", "--max-down", "1", "--kinds", "migrate,migration-target-power"},
       "nothing to draw: --kinds of guests need --guests"},
      {{"--seed", "1", "--faults", "3", "--hosts", "2", "--max-down", "1", "--kinds", "drain"}, ""},
      {{"--seed", "1", "--faults", "3", "--hosts", "3", "--max-down", "1", "--kinds", "split"},
       "nothing to draw: --max-down 1 forbids every host fault of --kinds"},
  };
  for (const auto& c : cases) {
    auto parsed = parse_request(c.args);
    if (c.error.empty()) {
      EXPECT_TRUE(std::holds_alternative<PlanRequest>(parsed)) << c.args[0];
    } else {
      ASSERT_TRUE(std::holds_alternative<std::string>(parsed)) << c.error;
      EXPECT_EQ(std::get<std::string>(parsed), c.error);
    }
  }
}

// --kinds draws from its kinds only; the default menu is the three first kinds, so a seed's
// timeline is the one it had before pacemaker-kill joined the menu (KnownSeedGivesAKnownTimeline).
TEST(ChaosPlan, KindsRestrictTheMenu) {
  auto r = request(9, 40, 3, 1);
  r.kinds = {FaultKind::kPacemakerKill};
  for (const auto& f : plan(r)) {
    EXPECT_EQ(f.kind, FaultKind::kPacemakerKill);
    EXPECT_EQ(f.target.rfind("hv", 0), 0U) << f.target;
  }
  r.kinds = {FaultKind::kQemuKill, FaultKind::kPacemakerKill};
  bool saw_kill = false, saw_pacemaker = false;
  for (const auto& f : plan(r)) {
    EXPECT_TRUE(f.kind == FaultKind::kQemuKill || f.kind == FaultKind::kPacemakerKill);
    saw_kill |= f.kind == FaultKind::kQemuKill;
    saw_pacemaker |= f.kind == FaultKind::kPacemakerKill;
  }
  EXPECT_TRUE(saw_kill && saw_pacemaker);
  auto d = request(9, 40, 3, 1);
  for (const auto& f : plan(d)) EXPECT_NE(f.kind, FaultKind::kPacemakerKill);
}

// One row per kind, each name once; the menu's order is the enum's (new kinds go at the end).
TEST(ChaosPlan, EveryKindHasOneRow) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < std::size(kMenu); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(kMenu[i].kind), i) << kMenu[i].name;
    EXPECT_STREQ(kind_name(kMenu[i].kind), kMenu[i].name);
    names.insert(kMenu[i].name);
  }
  EXPECT_EQ(names.size(), std::size(kMenu));
  EXPECT_EQ(names.count("all"), 0U);  // "all" is --kinds' word for the whole menu
}

// --kinds all draws every kind, each at its aim: guests, hosts, or the network ("all").
TEST(ChaosPlan, TheWholeMenuAimsEachKindAtItsTarget) {
  auto r = request(11, 2000, 2, 1);
  r.kinds.clear();
  for (const auto& row : kMenu) r.kinds.push_back(row.kind);
  std::set<FaultKind> seen;
  for (const auto& f : plan(r)) {
    seen.insert(f.kind);
    switch (info(f.kind).aim) {
      case Aim::kGuest:
        EXPECT_TRUE(f.target == "vm1" || f.target == "vm2") << kind_name(f.kind) << " " << f.target;
        break;
      case Aim::kHost:
        EXPECT_TRUE(f.target == "hv1" || f.target == "hv2") << kind_name(f.kind) << " " << f.target;
        break;
      case Aim::kNetwork:
        EXPECT_EQ(f.target, "all") << kind_name(f.kind);
        break;
    }
  }
  EXPECT_EQ(seen.size(), std::size(kMenu));
}

// A split leaves every host alone: only a quorum disk's survivor keeps quorum, so a three-host lab
// without a disk (max-down 1) never draws it; two hosts with the disk (max-down 1) do.
TEST(ChaosPlan, SplitOnlyWhereOneHostAloneKeepsQuorum) {
  EXPECT_EQ(hosts_down_by(FaultKind::kSplit, 3), 2U);
  EXPECT_EQ(hosts_down_by(FaultKind::kSplit, 2), 1U);
  EXPECT_EQ(hosts_down_by(FaultKind::kOperatorDrain, 3), 0U);
  auto three = request(5, 300, 3, 1);
  three.kinds = {FaultKind::kSplit, FaultKind::kQemuKill};
  for (const auto& f : plan(three)) EXPECT_NE(f.kind, FaultKind::kSplit);
  auto two = request(5, 300, 2, 1);
  two.kinds = {FaultKind::kSplit, FaultKind::kQemuKill};
  bool split = false;
  for (const auto& f : plan(two)) split |= f.kind == FaultKind::kSplit;
  EXPECT_TRUE(split);
}

}  // namespace
}  // namespace vmha::lab::chaos
