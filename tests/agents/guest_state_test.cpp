#include "guest_state.hpp"

#include <gtest/gtest.h>
#include <libvirt/libvirt.h>

using namespace vmha::agents;

struct StateCase {
  int state;
  int reason;
  GuestHealth health;
  const char* words;
};

class StateMapping : public ::testing::TestWithParam<StateCase> {};

TEST_P(StateMapping, ClassifiesAsTheClusterMustSeeIt) {
  auto c = classify_domain_state(GetParam().state, GetParam().reason);
  EXPECT_EQ(c.health, GetParam().health) << c.description;
  EXPECT_NE(c.description.find(GetParam().words), std::string::npos) << c.description;
}

INSTANTIATE_TEST_SUITE_P(
    Table, StateMapping,
    ::testing::Values(StateCase{VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED, GuestHealth::Running, "running"},
                      StateCase{VIR_DOMAIN_BLOCKED, 0, GuestHealth::Running, "blocked"},
                      StateCase{VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_MIGRATION, GuestHealth::Running, "migration"},
                      StateCase{VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_POSTCOPY, GuestHealth::Running, "post-copy"},
                      StateCase{VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER, GuestHealth::Running, "administrator"},
                      StateCase{VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_IOERROR, GuestHealth::Failed, "I/O error"},
                      StateCase{VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_CRASHED, GuestHealth::Failed, "crash"},
                      StateCase{VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_WATCHDOG, GuestHealth::Failed, "watchdog"},
                      StateCase{VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_POSTCOPY_FAILED, GuestHealth::Failed, "post-copy"},
                      StateCase{VIR_DOMAIN_SHUTDOWN, 0, GuestHealth::Running, "shutting down"},
                      StateCase{VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_SHUTDOWN, GuestHealth::NotRunning, "shut off"},
                      StateCase{VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_CRASHED, GuestHealth::NotRunning, "crash"},
                      StateCase{VIR_DOMAIN_CRASHED, 0, GuestHealth::Failed, "crashed"},
                      StateCase{VIR_DOMAIN_PMSUSPENDED, 0, GuestHealth::Failed, "power management"},
                      StateCase{42, 0, GuestHealth::Failed, "unknown"}));
