// The event classifier: libvirt event + the agent's intent + the storage policy → what the daemon does.
#include "event_policy.hpp"

#include <gtest/gtest.h>
#include <libvirt/libvirt.h>

namespace vmha::guestd {
namespace {

using agents::Intent;
using agents::StorageErrorPolicy;
constexpr auto Kill = StorageErrorPolicy::Kill;
constexpr auto Leave = StorageErrorPolicy::Leave;
constexpr auto Resume = StorageErrorPolicy::Resume;

struct Row {
  const char* what;
  GuestEvent event;
  Intent intent;
  StorageErrorPolicy policy;
  Verdict expected;
};

GuestEvent life(int type, int detail) { return {Source::Lifecycle, type, detail}; }

const Row kRows[] = {
    // Failures, reported at once when the agent is not acting.
    {"kill -9 of qemu", life(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_FAILED), Intent::None, Kill,
     Verdict::Report},
    {"guest powers off", life(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN), Intent::None, Kill,
     Verdict::Report},
    {"virsh destroy by hand", life(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_DESTROYED), Intent::None, Kill,
     Verdict::Report},
    {"stopped after crash", life(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_CRASHED), Intent::None, Kill,
     Verdict::Report},
    {"saved outside the cluster", life(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_SAVED), Intent::None, Kill,
     Verdict::Report},
    {"guest panic", life(VIR_DOMAIN_EVENT_CRASHED, VIR_DOMAIN_EVENT_CRASHED_PANICKED), Intent::None, Kill,
     Verdict::Report},
    {"watchdog pause", life(VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_WATCHDOG), Intent::None, Kill,
     Verdict::Report},
    {"watchdog event, poweroff",
     {Source::Watchdog, VIR_DOMAIN_EVENT_WATCHDOG_POWEROFF, 0},
     Intent::None,
     Kill,
     Verdict::Report},
    {"watchdog event, none",
     {Source::Watchdog, VIR_DOMAIN_EVENT_WATCHDOG_NONE, 0},
     Intent::None,
     Kill,
     Verdict::Report},
    {"failed post-copy", life(VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_POSTCOPY_FAILED), Intent::None,
     Kill, Verdict::Report},
    // Not failures.
    {"qemu reset it on its watchdog",
     {Source::Watchdog, VIR_DOMAIN_EVENT_WATCHDOG_RESET, 0},
     Intent::None,
     Kill,
     Verdict::Ignore},
    {"migrated away by hand", life(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_MIGRATED), Intent::None, Kill,
     Verdict::Ignore},
    {"paused by an administrator", life(VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_PAUSED), Intent::None,
     Kill, Verdict::Ignore},
    {"paused for migration", life(VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_MIGRATED), Intent::None, Kill,
     Verdict::Ignore},
    {"started", life(VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED), Intent::None, Kill, Verdict::Ignore},
    {"shutdown begins (STOPPED follows)", life(VIR_DOMAIN_EVENT_SHUTDOWN, VIR_DOMAIN_EVENT_SHUTDOWN_GUEST),
     Intent::None, Kill, Verdict::Ignore},
    {"resumed", life(VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_RESUMED_UNPAUSED), Intent::None, Kill, Verdict::Ignore},
    // The agent's own actions: whatever libvirt says, the agent reports its own result.
    {"agent's stop: shutdown", life(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN), Intent::Stop, Kill,
     Verdict::Ignore},
    {"agent's stop: destroy", life(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_DESTROYED), Intent::Stop, Kill,
     Verdict::Ignore},
    {"agent's stop: save", life(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_SAVED), Intent::Stop, Kill,
     Verdict::Ignore},
    {"agent's migration", life(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_MIGRATED), Intent::Migrate, Kill,
     Verdict::Ignore},
    {"crash during the agent's start", life(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_FAILED), Intent::Start,
     Kill, Verdict::Ignore},
    {"crash during migration", life(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_FAILED), Intent::Migrate, Kill,
     Verdict::Ignore},
    // Storage errors, per policy.
    {"EIO pause, kill", life(VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_IOERROR), Intent::None, Kill,
     Verdict::Report},
    {"EIO pause, leave", life(VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_IOERROR), Intent::None, Leave,
     Verdict::LeavePaused},
    {"EIO pause, resume", life(VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_IOERROR), Intent::None, Resume,
     Verdict::ResumeWhenHealed},
    {"I/O error event, pause, kill",
     {Source::IoError, VIR_DOMAIN_EVENT_IO_ERROR_PAUSE, 0},
     Intent::None,
     Kill,
     Verdict::Report},
    {"I/O error event, pause, resume",
     {Source::IoError, VIR_DOMAIN_EVENT_IO_ERROR_PAUSE, 0},
     Intent::None,
     Resume,
     Verdict::ResumeWhenHealed},
    {"I/O error reported to the guest",
     {Source::IoError, VIR_DOMAIN_EVENT_IO_ERROR_REPORT, 0},
     Intent::None,
     Kill,
     Verdict::Ignore},
    {"EIO pause during the agent's stop", life(VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_IOERROR),
     Intent::Stop, Kill, Verdict::Ignore},
    // After a reconnect: states stand in for the events missed.
    {"gone while away", {Source::Absent, 0, 0}, Intent::None, Kill, Verdict::Report},
    {"gone while away, agent stopping", {Source::Absent, 0, 0}, Intent::Stop, Kill, Verdict::Ignore},
    {"shut off after a crash while away",
     {Source::Resync, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_CRASHED},
     Intent::None,
     Kill,
     Verdict::Report},
    {"migrated while away",
     {Source::Resync, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_MIGRATED},
     Intent::None,
     Kill,
     Verdict::Ignore},
    {"running after reconnect",
     {Source::Resync, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED},
     Intent::None,
     Kill,
     Verdict::Ignore},
    {"paused by hand after reconnect",
     {Source::Resync, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER},
     Intent::None,
     Kill,
     Verdict::Ignore},
    {"crashed after reconnect",
     {Source::Resync, VIR_DOMAIN_CRASHED, VIR_DOMAIN_CRASHED_PANICKED},
     Intent::None,
     Kill,
     Verdict::Report},
    {"EIO-paused after reconnect, leave",
     {Source::Resync, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_IOERROR},
     Intent::None,
     Leave,
     Verdict::LeavePaused},
    {"EIO-paused after reconnect, resume",
     {Source::Resync, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_IOERROR},
     Intent::None,
     Resume,
     Verdict::ResumeWhenHealed},
    {"EIO-paused after reconnect, kill",
     {Source::Resync, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_IOERROR},
     Intent::None,
     Kill,
     Verdict::Report},
};

TEST(EventPolicy, Table) {
  for (const Row& r : kRows) {
    Decision d = decide(r.event, r.intent, r.policy);
    EXPECT_EQ(verdict_name(d.verdict), std::string(verdict_name(r.expected))) << r.what << ": " << d.why;
    EXPECT_FALSE(d.why.empty()) << r.what;
  }
}

TEST(EventPolicy, ExpiredIntentIsNoIntent) {
  agents::GuestRecord r;
  r.intent = Intent::Stop;
  r.intent_until = 1000;
  EXPECT_EQ(r.intent_at(999), Intent::Stop);
  EXPECT_EQ(r.intent_at(1000), Intent::Stop);
  EXPECT_EQ(r.intent_at(1001), Intent::None);
}

}  // namespace
}  // namespace vmha::guestd
