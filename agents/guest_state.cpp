#include "guest_state.hpp"

#include <libvirt/libvirt.h>

namespace vmha::agents {
namespace {

GuestCondition paused(int reason) {
  switch (reason) {
    case VIR_DOMAIN_PAUSED_MIGRATION:
      return {GuestHealth::Running, "paused for migration"};
    case VIR_DOMAIN_PAUSED_POSTCOPY:
      return {GuestHealth::Running, "paused in post-copy migration"};
    case VIR_DOMAIN_PAUSED_SAVE:
      return {GuestHealth::Running, "paused while being saved"};
    case VIR_DOMAIN_PAUSED_DUMP:
      return {GuestHealth::Running, "paused while being dumped"};
    case VIR_DOMAIN_PAUSED_SNAPSHOT:
      return {GuestHealth::Running, "paused for a snapshot"};
    case VIR_DOMAIN_PAUSED_SHUTTING_DOWN:
      return {GuestHealth::Running, "paused while shutting down"};
    case VIR_DOMAIN_PAUSED_STARTING_UP:
      return {GuestHealth::Running, "paused while starting up"};
    case VIR_DOMAIN_PAUSED_FROM_SNAPSHOT:
      return {GuestHealth::Running, "paused from a snapshot"};
    case VIR_DOMAIN_PAUSED_USER:
      return {GuestHealth::Running, "paused by an administrator"};
    case VIR_DOMAIN_PAUSED_IOERROR:
      return {GuestHealth::Failed, "paused on a disk I/O error"};
    case VIR_DOMAIN_PAUSED_WATCHDOG:
      return {GuestHealth::Failed, "paused by its watchdog device"};
    case VIR_DOMAIN_PAUSED_CRASHED:
      return {GuestHealth::Failed, "paused after a guest crash"};
    case VIR_DOMAIN_PAUSED_POSTCOPY_FAILED:
      return {GuestHealth::Failed, "paused after a failed post-copy migration"};
    default:
      return {GuestHealth::Running, "paused"};
  }
}

}  // namespace

GuestCondition classify_domain_state(int state, int reason) {
  switch (state) {
    case VIR_DOMAIN_NOSTATE:
      return {GuestHealth::Running, "running (no state reported)"};
    case VIR_DOMAIN_RUNNING:
      return {GuestHealth::Running, "running"};
    case VIR_DOMAIN_BLOCKED:
      return {GuestHealth::Running, "blocked on a resource"};
    case VIR_DOMAIN_PAUSED:
      return paused(reason);
    case VIR_DOMAIN_SHUTDOWN:
      return {GuestHealth::Running, "shutting down"};
    case VIR_DOMAIN_SHUTOFF:
      return {GuestHealth::NotRunning, reason == VIR_DOMAIN_SHUTOFF_CRASHED ? "shut off after a crash" : "shut off"};
    case VIR_DOMAIN_CRASHED:
      return {GuestHealth::Failed, "crashed"};
    case VIR_DOMAIN_PMSUSPENDED:
      return {GuestHealth::Failed, "suspended by guest power management"};
    default:
      return {GuestHealth::Failed, "in an unknown state " + std::to_string(state)};
  }
}

}  // namespace vmha::agents
