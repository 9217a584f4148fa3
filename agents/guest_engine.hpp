// The guest lifecycle both faces share: observe, start, stop, migrate, each bounded by a
// Deadline. Faces translate parameters in and results out; the decisions live here.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "guest_state.hpp"
#include "libvirt_session.hpp"
#include "migration_plan.hpp"
#include "vmha/deadline.hpp"

namespace vmha::agents {

struct Observation {
  bool defined = false;  // libvirt knows a domain of that name on this host
  GuestCondition condition{GuestHealth::NotRunning, "not defined on this host"};
  int state = 0, reason = 0;  // libvirt's, when defined
};
Observation observe(DomainReader& reader, const std::string& name);

// Polled while waiting for a guest to come up; returns "" when ready, else why not yet.
using ReadinessCheck = std::function<std::string(Deadline)>;

struct StartRequest {
  std::string name;
  std::string xml;                   // domain XML to create from; empty: start the defined domain
  bool persistent = false;           // define the XML and start it, instead of a transient create
  std::string restore_from;          // a saved state file to restore instead (if it exists)
  bool undefine_conflicting = true;  // a defined domain of the same name must not shadow ours
  // xml is read from libvirt's own definition file of this domain (/etc/libvirt/qemu/NAME.xml):
  // start that persistent definition, never undefine it (libvirt would delete the file).
  bool keep_definition = false;
  std::vector<std::string> networks;  // to activate first (start_resources)
  std::vector<std::string> pools;
  ReadinessCheck ready;  // optional: monitor scripts / status program
};

struct Outcome {
  bool ok = false;
  std::string message;  // why not, for the exit reason
};

Outcome start_guest(LibvirtSession& lv, const StartRequest& request, Deadline deadline);

struct StopRequest {
  std::string name;
  bool force = false;               // destroy at once
  unsigned int shutdown_flags = 0;  // virDomainShutdownFlagValues; 0 = hypervisor's choice
  std::string save_to;              // save the guest's state instead of shutting it down
  bool destroy_when_late = true;    // rgmanager no_kill=1 turns this off
  std::function<void()> before;     // e.g. save the configuration while the guest still exists
};

Outcome stop_guest(LibvirtSession& lv, const StopRequest& request, Deadline deadline);

// How long a graceful shutdown may take before destroy: what stop keeps back for destroy.
Deadline::ms destroy_reserve(Deadline::ms total);

enum class MigrationResult { Done, FailedStillOnSource, FailedGuestGone, NotRunningHere, NoSuchGuest };
struct MigrationOutcome {
  MigrationResult result;
  std::string message;
};

// The source session is shared with the worker thread that runs the blocking libvirt call, so
// that a call stuck past the deadline never touches a freed session.
MigrationOutcome migrate_guest(const std::shared_ptr<LibvirtSession>& source, const std::string& name,
                               const MigrationPlan& plan, const std::vector<std::string>& remote_networks,
                               Deadline deadline);

// Waits for a guest that another host is migrating here (migrate_from).
Outcome await_arrival(LibvirtSession& lv, const std::string& name, const ReadinessCheck& ready, Deadline deadline);

}  // namespace vmha::agents
