#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "migrate_plan.hpp"

using namespace vmha::admin;

namespace {

constexpr std::time_t kNow = 1700000000;

struct Row {
  const char* scenario;
  const char* guest;
  const char* host;
  const char* refusal;  // "" = allowed
};
class MigrateTable : public ::testing::TestWithParam<Row> {};
TEST_P(MigrateTable, Decision) {
  const Row& r = GetParam();
  auto why = refuse_migration(read_status(scenario(r.scenario), kNow), r.guest, r.host);
  if (!*r.refusal) {
    EXPECT_FALSE(why.has_value()) << *why;
  } else {
    ASSERT_TRUE(why.has_value()) << r.guest << " to " << r.host;
    EXPECT_EQ(*why, r.refusal);
  }
}
INSTANTIATE_TEST_SUITE_P(
    Fixtures, MigrateTable,
    ::testing::Values(
        Row{"started", "vm1", "hv2", ""}, Row{"started", "vm1", "hv1", "vm1 already runs on hv1"},
        Row{"started", "vm2", "hv2",
            "vm2 cannot migrate live (allow-migrate is not true): use vmha relocate vm2 --to hv2 (stop, start there)"},
        Row{"domains", "vm1", "hv3", "hv3 is outside vm1's restricted failover domain domain1 (hv2, hv1)"},
        Row{"domains", "vm1", "hv1", ""},
        Row{"started", "vm3", "hv2", "vm3 is disabled, not running: there is nothing to migrate"},
        Row{"started", "nosuch", "hv2", "no guest 'nosuch' (a VirtualDomain resource) in this cluster"},
        Row{"started", "web", "hv2", "no guest 'web' (a VirtualDomain resource) in this cluster"},
        Row{"started", "vm1", "hv9", "no host 'hv9' in this cluster"},
        Row{"pinned_failed_frozen_standby", "vm1", "hv3", "hv3 is standby: it takes no guests"},
        Row{"pinned_failed_frozen_standby", "vm4", "hv2", "vm4 is frozen (not managed): Pacemaker would not move it"},
        Row{"pinned_failed_frozen_standby", "vm2", "hv1", "vm2 is failed, not running: there is nothing to migrate"},
        Row{"pinned_failed_frozen_standby", "vm1", "hv1", ""},
        Row{"host_offline", "vm1", "hv1", "hv1 is offline: it takes no guests"},
        Row{"maintenance", "vm1", "hv3", "vm1 is frozen (not managed): Pacemaker would not move it"},
        Row{"inquorate", "vm1", "hv2", "this partition is not quorate: Pacemaker would not move anything"}));

}  // namespace
