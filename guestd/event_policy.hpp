// What vmha-guestd does about one thing libvirt tells it of a cluster guest: the pure core,
// tested by tables (tests/guestd/event_policy_test.cpp). No I/O here.
#pragma once
#include <string>

#include "guest_record.hpp"

namespace vmha::guestd {

enum class Source {
  Lifecycle,    // VIR_DOMAIN_EVENT_ID_LIFECYCLE: code = virDomainEventType, detail = its detail enum
  Watchdog,     // VIR_DOMAIN_EVENT_ID_WATCHDOG: code = virDomainEventWatchdogAction
  IoError,      // VIR_DOMAIN_EVENT_ID_IO_ERROR_REASON: code = virDomainEventIOErrorAction
  Resync,       // state read after (re)connecting: code = virDomainState, detail = its reason
  Absent,       // after (re)connecting: the recorded guest no longer exists on this host
  AgentSilent,  // its QEMU guest agent answered before and has been silent for heartbeat_timeout
};

struct GuestEvent {
  Source source;
  int code = 0;
  int detail = 0;
};

enum class Verdict {
  Ignore,            // nothing failed, or the agent is acting on the guest itself
  Report,            // tell Pacemaker the resource failed on this node, now
  LeavePaused,       // storage error, policy leave: stays paused, shown by --status and logged
  ResumeWhenHealed,  // storage error, policy resume: resume once its disks answer again
  Hung,              // its heartbeat stopped: reset it within the reset limit (hung_policy)
};

struct Decision {
  Verdict verdict;
  std::string why;  // for the log and --status: "its qemu process died"
};

// heartbeat: the guest's `heartbeat` parameter; a watchdog that fired with action none is a hung
// guest only when the watchdog is its heartbeat (else a failure, reported as before).
Decision decide(const GuestEvent& event, agents::Intent intent, agents::StorageErrorPolicy policy,
                agents::Heartbeat heartbeat = agents::Heartbeat::None);

const char* verdict_name(Verdict v);

}  // namespace vmha::guestd
