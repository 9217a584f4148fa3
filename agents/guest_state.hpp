// What a libvirt domain state means for a cluster: the one table every face reports from.
#pragma once
#include <string>

namespace vmha::agents {

enum class GuestHealth {
  Running,     // the guest exists and runs (or is briefly held by migration, shutdown, save)
  NotRunning,  // cleanly shut off or not defined on this host
  Failed,      // present but broken: crashed, paused on an I/O error, ...
};

struct GuestCondition {
  GuestHealth health;
  std::string description;  // for logs and exit reasons: "paused (I/O error)"
};

// state and reason are libvirt's virDomainState and its per-state reason enum.
GuestCondition classify_domain_state(int state, int reason);

}  // namespace vmha::agents
