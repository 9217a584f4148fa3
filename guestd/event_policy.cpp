#include "event_policy.hpp"

#include <libvirt/libvirt.h>

#include "guest_state.hpp"

namespace vmha::guestd {

using agents::Intent;
using agents::StorageErrorPolicy;

namespace {

Decision storage_error(StorageErrorPolicy policy) {
  switch (policy) {
    case StorageErrorPolicy::Leave:
      return {Verdict::LeavePaused, "paused on a storage error; storage_error_policy=leave keeps it paused"};
    case StorageErrorPolicy::Resume:
      return {Verdict::ResumeWhenHealed,
              "paused on a storage error; storage_error_policy=resume resumes it when its disks answer"};
    case StorageErrorPolicy::Kill:
      break;
  }
  return {Verdict::Report, "paused on a storage error (storage_error_policy=kill)"};
}

Decision lifecycle(int type, int detail, StorageErrorPolicy policy) {
  switch (type) {
    case VIR_DOMAIN_EVENT_STOPPED:
      switch (detail) {
        // Someone migrated it: it runs elsewhere. Recovering it here would run it twice.
        case VIR_DOMAIN_EVENT_STOPPED_MIGRATED:
          return {Verdict::Ignore, "migrated away"};
        case VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN:
          return {Verdict::Report, "powered off (by the guest or a signal to qemu)"};
        case VIR_DOMAIN_EVENT_STOPPED_DESTROYED:
          return {Verdict::Report, "destroyed outside the cluster"};
        case VIR_DOMAIN_EVENT_STOPPED_CRASHED:
          return {Verdict::Report, "stopped after a guest crash"};
        case VIR_DOMAIN_EVENT_STOPPED_SAVED:
          return {Verdict::Report, "saved outside the cluster"};
        case VIR_DOMAIN_EVENT_STOPPED_FAILED:
          return {Verdict::Report, "its qemu process died"};
        default:
          return {Verdict::Report, "stopped (detail " + std::to_string(detail) + ")"};
      }
    case VIR_DOMAIN_EVENT_CRASHED:
      return {Verdict::Report, "crashed (guest panic)"};
    case VIR_DOMAIN_EVENT_SUSPENDED:
      switch (detail) {
        case VIR_DOMAIN_EVENT_SUSPENDED_IOERROR:
          return storage_error(policy);
        case VIR_DOMAIN_EVENT_SUSPENDED_WATCHDOG:
          return {Verdict::Report, "paused by its watchdog"};
        case VIR_DOMAIN_EVENT_SUSPENDED_API_ERROR:
          return {Verdict::Report, "paused on a libvirt API error"};
        case VIR_DOMAIN_EVENT_SUSPENDED_POSTCOPY_FAILED:
          return {Verdict::Report, "paused after a failed post-copy migration"};
        default:
          return {Verdict::Ignore, "paused"};
      }
    case VIR_DOMAIN_EVENT_PMSUSPENDED:
      return {Verdict::Report, "suspended by guest power management"};
    default:
      return {Verdict::Ignore, "no failure"};
  }
}

Decision watchdog(int action, agents::Heartbeat heartbeat) {
  // QEMU has already reset the guest: it runs again, and a second recovery would only repeat it.
  if (action == VIR_DOMAIN_EVENT_WATCHDOG_RESET) return {Verdict::Ignore, "its watchdog fired and reset it"};
  // action='none': QEMU did nothing and left it to the daemon; the guest still runs, hung.
  if (action == VIR_DOMAIN_EVENT_WATCHDOG_NONE && agents::watches_watchdog(heartbeat))
    return {Verdict::Hung, "its watchdog fired (heartbeat=watchdog)"};
  return {Verdict::Report, "its watchdog fired (action " + std::to_string(action) + ")"};
}

Decision io_error(int action, StorageErrorPolicy policy) {
  // report/ignore: the guest sees the error and keeps running; only a pause needs a decision.
  if (action == VIR_DOMAIN_EVENT_IO_ERROR_PAUSE) return storage_error(policy);
  return {Verdict::Ignore, "a storage error the guest handles itself"};
}

Decision resync(int state, int reason, StorageErrorPolicy policy) {
  if (state == VIR_DOMAIN_PAUSED && reason == VIR_DOMAIN_PAUSED_IOERROR) return storage_error(policy);
  // Migrated away while the daemon was not listening: as the event, not a failure here.
  if (state == VIR_DOMAIN_SHUTOFF && reason == VIR_DOMAIN_SHUTOFF_MIGRATED) return {Verdict::Ignore, "migrated away"};
  agents::GuestCondition c = agents::classify_domain_state(state, reason);
  if (c.health == agents::GuestHealth::Running) return {Verdict::Ignore, c.description};
  return {Verdict::Report, c.description + " (found after reconnecting)"};
}

}  // namespace

Decision decide(const GuestEvent& e, Intent intent, StorageErrorPolicy policy, agents::Heartbeat heartbeat) {
  // The agent marks its intent before it acts, and its own result tells Pacemaker how it went.
  switch (intent) {
    case Intent::Start:
      return {Verdict::Ignore, "the agent's start is under way"};
    case Intent::Stop:
      return {Verdict::Ignore, "the agent's stop is under way"};
    case Intent::Migrate:
      return {Verdict::Ignore, "the agent's migration away is under way"};
    case Intent::None:
      break;
  }
  switch (e.source) {
    case Source::Lifecycle:
      return lifecycle(e.code, e.detail, policy);
    case Source::Watchdog:
      return watchdog(e.code, heartbeat);
    case Source::IoError:
      return io_error(e.code, policy);
    case Source::Resync:
      return resync(e.code, e.detail, policy);
    case Source::Absent:
      return {Verdict::Report, "gone from this host (found after reconnecting)"};
    case Source::AgentSilent:
      if (!agents::watches_guest_agent(heartbeat)) return {Verdict::Ignore, "its guest agent is silent"};
      return {Verdict::Hung, "its guest agent has not answered guest-ping for heartbeat_timeout (heartbeat=" +
                                 std::string(agents::heartbeat_name(heartbeat)) + ")"};
  }
  return {Verdict::Ignore, "unknown event"};
}

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::Ignore:
      return "ignore";
    case Verdict::Report:
      return "report";
    case Verdict::LeavePaused:
      return "leave-paused";
    case Verdict::ResumeWhenHealed:
      return "resume-when-healed";
    case Verdict::Hung:
      return "hung";
  }
  return "?";
}

}  // namespace vmha::guestd
