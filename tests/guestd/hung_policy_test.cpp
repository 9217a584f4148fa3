// Hung guests: which heartbeat event makes a guest hung, the reset limit per window, and the
// guest-agent heartbeat that counts silence only after an answer.
#include "hung_policy.hpp"

#include <gtest/gtest.h>
#include <libvirt/libvirt.h>

#include "event_policy.hpp"

namespace vmha::guestd {
namespace {

using agents::Heartbeat;
using agents::Intent;
constexpr auto Kill = agents::StorageErrorPolicy::Kill;

struct HeartbeatRow {
  const char* what;
  GuestEvent event;
  Intent intent;
  Heartbeat heartbeat;
  Verdict expected;
};

const GuestEvent kFiredNone{Source::Watchdog, VIR_DOMAIN_EVENT_WATCHDOG_NONE, 0};
const GuestEvent kSilent{Source::AgentSilent, 0, 0};

const HeartbeatRow kHeartbeatRows[] = {
    {"watchdog none, heartbeat watchdog", kFiredNone, Intent::None, Heartbeat::Watchdog, Verdict::Hung},
    {"watchdog none, heartbeat both", kFiredNone, Intent::None, Heartbeat::Both, Verdict::Hung},
    {"watchdog none, no heartbeat: a failure as before", kFiredNone, Intent::None, Heartbeat::None, Verdict::Report},
    {"watchdog none, heartbeat guest-agent only", kFiredNone, Intent::None, Heartbeat::GuestAgent, Verdict::Report},
    {"watchdog reset: QEMU reset it already",
     {Source::Watchdog, VIR_DOMAIN_EVENT_WATCHDOG_RESET, 0},
     Intent::None,
     Heartbeat::Watchdog,
     Verdict::Ignore},
    {"watchdog pause: a failure, whatever the heartbeat",
     {Source::Watchdog, VIR_DOMAIN_EVENT_WATCHDOG_PAUSE, 0},
     Intent::None,
     Heartbeat::Watchdog,
     Verdict::Report},
    {"watchdog none during the agent's start", kFiredNone, Intent::Start, Heartbeat::Watchdog, Verdict::Ignore},
    {"agent silent, heartbeat guest-agent", kSilent, Intent::None, Heartbeat::GuestAgent, Verdict::Hung},
    {"agent silent, heartbeat both", kSilent, Intent::None, Heartbeat::Both, Verdict::Hung},
    {"agent silent, heartbeat watchdog only", kSilent, Intent::None, Heartbeat::Watchdog, Verdict::Ignore},
    {"agent silent, no heartbeat", kSilent, Intent::None, Heartbeat::None, Verdict::Ignore},
    {"agent silent during the agent's stop", kSilent, Intent::Stop, Heartbeat::GuestAgent, Verdict::Ignore},
    {"agent silent during a migration", kSilent, Intent::Migrate, Heartbeat::Both, Verdict::Ignore},
};

TEST(HungPolicy, WhichEventsMeanHung) {
  for (const auto& r : kHeartbeatRows) {
    Decision d = decide(r.event, r.intent, Kill, r.heartbeat);
    EXPECT_EQ(verdict_name(d.verdict), std::string(verdict_name(r.expected))) << r.what << ": " << d.why;
  }
}

struct LimitRow {
  const char* what;
  std::vector<std::time_t> resets;
  std::time_t now;
  ResetLimit limit;
  bool reset;
  const char* why;
};

const LimitRow kLimitRows[] = {
    {"first hang", {}, 10000, {3, 3600}, true, "hung; reset 1 of at most 3 in 3600 s"},
    {"third hang", {9000, 9500}, 10000, {3, 3600}, true, "hung; reset 3 of at most 3 in 3600 s"},
    {"fourth hang in the window",
     {9000, 9500, 9900},
     10000,
     {3, 3600},
     false,
     "hung; left alone: reset 3 times in 3600 s (heartbeat_max_resets=3)"},
    {"old resets have left the window",
     {1000, 2000, 9900},
     10000,
     {3, 3600},
     true,
     "hung; reset 2 of at most 3 in 3600 s"},
    {"a reset exactly one window ago no longer counts",
     {6400, 9000, 9900},
     10000,
     {3, 3600},
     true,
     "hung; reset 3 of at most 3 in 3600 s"},
    {"max_resets 0: never reset", {}, 10000, {0, 3600}, false, "hung; left alone (heartbeat_max_resets=0)"},
    {"max_resets 1, window 60",
     {9950},
     10000,
     {1, 60},
     false,
     "hung; left alone: reset 1 times in 60 s (heartbeat_max_resets=1)"},
};

TEST(HungPolicy, ResetLimitPerWindow) {
  for (const auto& r : kLimitRows) {
    HungDecision d = decide_hung(r.resets, r.now, r.limit);
    EXPECT_EQ(d.reset, r.reset) << r.what;
    EXPECT_EQ(d.why, r.why) << r.what;
  }
}

TEST(HungPolicy, AFlappingGuestIsResetAtMostTheLimit) {
  // A guest that hangs again 10 s after every reset, for an hour, with vSphere's high preset.
  std::vector<std::time_t> resets;
  int done = 0;
  for (std::time_t now = 0; now < 3600; now += 10) {
    HungDecision d = decide_hung(resets, now, {3, 3600});
    if (d.reset) resets.push_back(now), ++done;
  }
  EXPECT_EQ(done, 3);
  resets = resets_in_window(resets, 3600 + 15, {3, 3600});
  EXPECT_EQ(resets.size(), 1u) << "after the window, the first two resets no longer count";
  EXPECT_TRUE(decide_hung(resets, 3615, {3, 3600}).reset);
}

struct PingRow {
  const char* what;
  std::vector<std::pair<std::time_t, bool>> pings;  // (at, answered)
  bool forget_before_last;
  bool hung_at_last;
};

const PingRow kPingRows[] = {
    {"never answered: no agent, or booting", {{0, false}, {100, false}, {1000, false}}, false, false},
    {"answered, then silent shorter than the timeout", {{0, true}, {10, false}, {29, false}}, false, false},
    {"answered, then silent for the timeout", {{0, true}, {10, false}, {30, false}}, false, true},
    {"answered again in between", {{0, true}, {20, false}, {25, true}, {50, false}}, false, false},
    {"silent for long, but reset (or disconnected) since", {{0, true}, {20, false}, {40, false}}, true, false},
};

TEST(HungPolicy, GuestAgentHeartbeat) {
  for (const auto& r : kPingRows) {
    AgentHeartbeat hb;
    bool hung = false;
    for (std::size_t i = 0; i < r.pings.size(); ++i) {
      if (r.forget_before_last && i + 1 == r.pings.size()) hb.forget();
      hung = hb.ping_result(r.pings[i].second, r.pings[i].first, 30);
    }
    EXPECT_EQ(hung, r.hung_at_last) << r.what;
  }
}

}  // namespace
}  // namespace vmha::guestd
