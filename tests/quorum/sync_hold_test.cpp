// The decision to hold corosync's sync after a membership change, as a table: which rings are
// held, and after which disk cycles the held answer is given.
#include <gtest/gtest.h>

#include "core/disk_format.hpp"
#include "core/sync_hold.hpp"

using namespace vmha::quorum;

namespace {

constexpr std::uint32_t kMe = 2;
const SyncHoldLimits kLimits{4, 12};

struct MembershipCase {
  const char* what;
  std::uint32_t master;
  std::uint64_t members;
  bool held;
};

class MembershipTable : public ::testing::TestWithParam<MembershipCase> {};

TEST_P(MembershipTable, HoldsOnlyWhenTheMasterLeft) {
  const auto& c = GetParam();
  SyncHold hold(kLimits);
  std::string why;
  EXPECT_EQ(hold.on_membership(kMe, c.master, c.members, why), c.held) << c.what;
  EXPECT_EQ(hold.holding(), c.held) << c.what;
  if (c.held) {
    EXPECT_NE(why.find("node " + std::to_string(c.master)), std::string::npos) << why;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Rings, MembershipTable,
    ::testing::Values(MembershipCase{"master left", 1, node_bit(2), true},
                      MembershipCase{"master stayed, another left", 1, node_bit(1) | node_bit(2), false},
                      MembershipCase{"this host is the master", kMe, node_bit(2), false},
                      MembershipCase{"no master known", 0, node_bit(2), false},
                      MembershipCase{"master left in a bigger cluster", 3, node_bit(1) | node_bit(2), true}));

struct Step {
  SyncHold::AfterCycle seen;
  bool release;
};

struct ReleaseCase {
  const char* what;
  std::vector<Step> steps;  // the last step's release must be true, all earlier false
  const char* reason;       // a word of the release reason
};

SyncHold::AfterCycle seen(std::uint32_t master, PeerStatus held, bool running = true) {
  return {master, held, running};
}

class ReleaseTable : public ::testing::TestWithParam<ReleaseCase> {};

TEST_P(ReleaseTable, ReleasesWhenTheDiskDecided) {
  const auto& c = GetParam();
  SyncHold hold(kLimits);
  std::string why;
  ASSERT_TRUE(hold.on_membership(kMe, 1, node_bit(kMe), why));
  for (std::size_t i = 0; i < c.steps.size(); ++i) {
    why.clear();
    EXPECT_EQ(hold.release_after_cycle(kMe, c.steps[i].seen, why), c.steps[i].release) << c.what << ", cycle " << i + 1;
  }
  EXPECT_FALSE(hold.holding()) << c.what;
  EXPECT_NE(why.find(c.reason), std::string::npos) << c.what << ": " << why;
}

std::vector<Step> repeat(Step s, int n) { return std::vector<Step>(static_cast<std::size_t>(n), s); }
std::vector<Step> then(std::vector<Step> a, Step b) {
  a.push_back(b);
  return a;
}

INSTANTIATE_TEST_SUITE_P(
    Cycles, ReleaseTable,
    ::testing::Values(
        // Power-off: the master's slot stops, it is declared dead, this host bids and wins.
        ReleaseCase{"master died, this host took over",
                    then(then(repeat({seen(1, PeerStatus::Online), false}, 3), {seen(0, PeerStatus::Dead), false}),
                         {seen(kMe, PeerStatus::Dead), true}),
                    "master now"},
        // Split: the master keeps writing; after tko + 2 cycles its side keeps the vote.
        ReleaseCase{"master still writes (split)",
                    then(repeat({seen(1, PeerStatus::Online), false}, 5), {seen(1, PeerStatus::Online), true}),
                    "split"},
        ReleaseCase{"another host became master",
                    {{seen(0, PeerStatus::Dead), false}, {seen(3, PeerStatus::Dead), true}},
                    "node 3"},
        ReleaseCase{"this host cannot hold the vote", {{seen(1, PeerStatus::Online, false), true}}, "cannot hold"},
        // Dead master but no takeover (e.g. the bid never completes): the limit answers.
        ReleaseCase{"no decision within the limit",
                    then(repeat({seen(0, PeerStatus::Dead), false}, 11), {seen(0, PeerStatus::Dead), true}),
                    "no decision"}));

TEST(SyncHold, ANewerRingWithTheMasterBackReleases) {
  SyncHold hold(kLimits);
  std::string why;
  ASSERT_TRUE(hold.on_membership(kMe, 1, node_bit(kMe), why));
  EXPECT_TRUE(hold.on_membership(kMe, 0, node_bit(kMe) | node_bit(3), why)) << "master still away";
  EXPECT_FALSE(hold.on_membership(kMe, 0, node_bit(kMe) | node_bit(1), why)) << "master back";
  EXPECT_FALSE(hold.holding());
}

TEST(SyncHold, HandoverFitsTheDefaultSyncTimeout) {
  CycleConfig c;  // tko 4, tko_up 2, upgrade_wait 2, master_wait 2
  EXPECT_EQ(handover_cycles(c), 4u + 1 + 2 + 1 + 1);
  EXPECT_LT(handover_cycles(c) * 1000u + 2000u, 30000u);
}

}  // namespace
