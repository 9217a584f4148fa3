#include "virtualdomain_params.hpp"

#include <array>

#include "vmha/version.hpp"

namespace vmha::agents {
namespace {

using ocf::Action;
using ocf::Parameter;
using ocf::ParamType;

// The agent keeps no state between calls, so every tuning parameter is reloadable; those that
// name the guest or how it is created are not.
Parameter string_param(const char* name, const char* shortdesc, const char* longdesc, bool reloadable = true) {
  Parameter p = ocf::make_parameter(name, ParamType::String, "", shortdesc, longdesc);
  p.reloadable = reloadable;
  return p;
}

Parameter typed(Parameter p, ParamType type, const char* default_value) {
  p.type = type;
  p.default_value = default_value;
  return p;
}

Parameter ranged(Parameter p, long long min_value, long long max_value) {
  p.min_value = min_value;
  p.max_value = max_value;
  return p;
}

Parameter unsupported(Parameter p) {
  p.implemented = false;
  p.reloadable = false;
  return p;
}

const std::vector<Parameter>& parameters() {
  static const std::vector<Parameter> table = [] {
    std::vector<Parameter> t;
    Parameter config = string_param(
        vd::config, "Virtual domain configuration file",
        "Absolute path to the libvirt XML file that describes the guest. The guest's name is read from its "
        "<name> element. The guest is created from this file as a transient domain.",
        false);
    config.required = true;
    config.unique_group = "config";
    t.push_back(config);
    t.push_back(string_param(vd::hypervisor, "Hypervisor URI",
                             "libvirt URI of the hypervisor to connect to. Empty: libvirt's default URI "
                             "(LIBVIRT_DEFAULT_URI or libvirt's own choice).",
                             false));
    t.push_back(typed(string_param(vd::force_stop, "Always force shutdown on stop",
                                   "Power the guest off at once on stop (destroy) instead of asking it to shut down. "
                                   "Cannot be combined with snapshot."),
                      ParamType::Boolean, "false"));
    t.push_back(string_param(
        vd::migration_transport, "Remote hypervisor transport",
        "Transport added to the remote URI scheme for migration (ssh, tcp, tls, ...), as in qemu+ssh://."));
    t.push_back(
        string_param(vd::migration_user, "Remote hypervisor user",
                     "User name in the remote URI used for migration (user@host). Ignored when remoteuri is set."));
    // Ranges: what libvirt and QEMU accept (downtime in ms up to 2000 s, QEMU's own maximum;
    // bandwidth in MiB/s below QEMU's byte-per-second limit).
    t.push_back(ranged(
        typed(string_param(vd::migration_downtime, "Live migration downtime",
                           "Maximum tolerable guest downtime during live migration, in milliseconds; 0 leaves the "
                           "hypervisor's default."),
              ParamType::Integer, "0"),
        0, 2000000));
    t.push_back(ranged(typed(string_param(vd::migration_speed, "Live migration speed",
                                          "Maximum migration bandwidth in MiB/s; 0 leaves it unlimited."),
                             ParamType::Integer, "0"),
                       0, 8796093022207LL));
    t.push_back(string_param(
        vd::migration_network_suffix, "Migration network host name suffix",
        "Suffix added to the target node's host name (before its first dot) so that migration traffic uses "
        "a dedicated network: node1.example.com with -mig becomes node1-mig.example.com."));
    t.push_back(
        string_param(vd::migrateuri, "Custom migrateuri for migration state transfer",
                     "The hypervisor's own migration URI (e.g. tcp://%n:49152); %n is replaced by the target node. "
                     "Overrides migration_network_suffix and migrateport for the data connection."));
    t.push_back(string_param(
        vd::migrate_options, "Extra virsh migrate options",
        "Extra migration options as virsh migrate spells them: --unsafe, --compressed, --auto-converge, "
        "--postcopy, --p2p, --tunnelled, --persistent, --undefinesource, --abort-on-error, --tls, --parallel, "
        "--copy-storage-all, --copy-storage-inc, --change-protection, --migrateuri=URI, "
        "--parallel-connections=N, --auto-converge-initial=N, --auto-converge-increment=N. "
        "Any other option is rejected."));
    t.push_back(ranged(
        typed(string_param(vd::migrateport, "Port for migration state transfer",
                           "Port of the default qemu data URI tcp:<target>:<port>; empty picks one from 49152-49215."),
              ParamType::Integer, ""),
        1, 65535));
    t.push_back(
        string_param(vd::remoteuri, "Custom remoteuri to communicate with a remote hypervisor",
                     "libvirt URI of the target host for migration; %n is replaced by the target node. Overrides "
                     "migration_transport, migration_user and migration_network_suffix for the control connection."));
    t.push_back(
        string_param(vd::monitor_scripts, "Scripts to monitor the guest",
                     "Space-separated programs run after the guest is found running; any non-zero exit makes monitor "
                     "fail. start and migrate_from wait until they all pass. Run without a shell."));
    t.push_back(
        typed(string_param(
                  vd::autoset_utilization_cpu, "Set the cpu utilization",
                  "Keep the resource's cpu utilization attribute equal to the guest's vCPU count (written only when it "
                  "changes)."),
              ParamType::Boolean, "true"));
    t.push_back(
        typed(string_param(
                  vd::autoset_utilization_host_memory, "Set the host_memory utilization",
                  "Keep the resource's host_memory utilization attribute equal to the guest's maximum memory in MiB."),
              ParamType::Boolean, "true"));
    t.push_back(typed(
        string_param(vd::autoset_utilization_hv_memory, "Set the hv_memory utilization",
                     "Keep the resource's hv_memory utilization attribute equal to the guest's maximum memory in MiB."),
        ParamType::Boolean, "true"));
    t.push_back(
        typed(string_param(vd::unset_utilization_cpu, "Remove the cpu utilization",
                           "Remove the resource's cpu utilization attribute when autoset_utilization_cpu is off."),
              ParamType::Boolean, "false"));
    t.push_back(typed(
        string_param(
            vd::unset_utilization_host_memory, "Remove the host_memory utilization",
            "Remove the resource's host_memory utilization attribute when autoset_utilization_host_memory is off."),
        ParamType::Boolean, "false"));
    t.push_back(
        typed(string_param(
                  vd::unset_utilization_hv_memory, "Remove the hv_memory utilization",
                  "Remove the resource's hv_memory utilization attribute when autoset_utilization_hv_memory is off."),
              ParamType::Boolean, "false"));
    t.push_back(typed(
        string_param(vd::save_config_on_stop, "Save the running configuration on stop",
                     "Before stop and migration, write the guest's current definition back to the config file when it "
                     "changed (temporary file, then rename)."),
        ParamType::Boolean, "false"));
    t.push_back(
        typed(string_param(vd::sync_config_on_stop, "Save and sync the configuration on stop",
                           "As save_config_on_stop, then run csync2 -x on the config file so that other nodes get it."),
              ParamType::Boolean, "false"));
    t.push_back(string_param(
        vd::snapshot, "Directory for the guest's saved state",
        "On stop the guest's memory is saved to <snapshot>/<name>.state instead of shutting it down; start "
        "restores from that file and removes it.",
        false));
    t.push_back(unsupported(string_param(vd::backingfile, "Backing image for a copy-on-write disk",
                                         "Create a qcow2 overlay over this backing file at start.")));
    t.push_back(
        unsupported(typed(string_param(vd::stateless, "Recreate the overlay at each start",
                                       "Recreate the copy-on-write overlay at every start (needs backingfile)."),
                          ParamType::Boolean, "false")));
    t.push_back(unsupported(string_param(vd::copyindirs, "Directories copied into the guest",
                                         "Directories copied into the guest's image before it boots.")));
    t.push_back(string_param(
        vd::shutdown_mode, "How to ask the guest to shut down",
        "Comma-separated shutdown methods passed to libvirt: acpi, agent, initctl, signal, paravirt. Empty: "
        "the hypervisor's default. If the requested method fails, the default is tried."));
    t.push_back(typed(
        string_param(vd::start_resources, "Start the guest's networks and storage pools",
                     "Activate the libvirt networks and storage pools named in the guest's XML before start and on the "
                     "target before migration.",
                     false),
        ParamType::Boolean, "false"));
    t.push_back(typed(string_param(vd::migration_auto_converge, "Throttle the guest so migration converges",
                                   "Let the hypervisor slow a busy guest's vCPUs until live migration converges "
                                   "(same as --auto-converge in migrate_options)."),
                      ParamType::Boolean, "false"));
    t.push_back(typed(
        string_param(vd::migration_postcopy, "Finish live migration in post-copy mode",
                     "Start the migration in pre-copy and switch to post-copy after about two seconds, so that a busy "
                     "guest always converges. A failure after the switch loses the guest: use with care."),
        ParamType::Boolean, "false"));
    // oVirt's choice for HA guests (research/safety.md §3): a guest resumed on the old host after it was
    // restarted elsewhere would write its disks twice. docs/guestd.md.
    Parameter storage = typed(
        string_param(
            vd::storage_error_policy, "What a guest paused on a storage error gets",
            "kill: its failure is reported (vmha-guestd at once, else the monitor) so that it restarts where storage "
            "works; leave: it stays paused, the monitor succeeds with a warning and vmha-guestd --status shows why; "
            "resume: as leave, and vmha-guestd resumes it once its disk answers again."),
        ParamType::Select, "kill");
    storage.options = {"kill", "leave", "resume"};
    t.push_back(storage);
    // Hung guests, as vSphere's VM monitoring: a heartbeat, and at most N resets in a window so that a
    // guest that hangs again at every boot is not reset for ever (docs/guestd.md).
    Parameter heartbeat = typed(
        string_param(vd::heartbeat, "Heartbeat that tells vmha-guestd the guest hangs",
                     "none: no hung-guest detection. watchdog: the guest's <watchdog> device (ib700 or i6300esb; "
                     "give it action='none' so that vmha-guestd decides) firing means the guest hangs. guest-agent: "
                     "the QEMU guest agent, once it has answered, not answering guest-ping for heartbeat_timeout "
                     "seconds means the guest hangs. both: either. vmha-guestd resets a hung guest, at most "
                     "heartbeat_max_resets times in heartbeat_reset_window seconds; then it leaves it hung and "
                     "vmha-guestd --status says so."),
        ParamType::Select, "none");
    heartbeat.options = {"none", "watchdog", "guest-agent", "both"};
    t.push_back(heartbeat);
    t.push_back(ranged(typed(string_param(vd::heartbeat_timeout, "Guest-agent silence before a guest counts as hung",
                                          "Seconds without an answer to guest-ping, after the agent has answered "
                                          "once, before vmha-guestd resets the guest (heartbeat guest-agent or both)."),
                             ParamType::Integer, "30"),
                       5, 86400));
    t.push_back(ranged(typed(string_param(vd::heartbeat_max_resets, "Resets of a hung guest per window",
                                          "At most this many resets of a hung guest in heartbeat_reset_window "
                                          "seconds; 0: never reset, only report it hung in vmha-guestd --status."),
                             ParamType::Integer, "3"),
                       0, 1000));
    t.push_back(ranged(typed(string_param(vd::heartbeat_reset_window, "Window of the reset limit",
                                          "Seconds over which heartbeat_max_resets counts the resets of a hung guest."),
                             ParamType::Integer, "3600"),
                       1, 31536000));
    t.push_back(
        typed(string_param(
                  vd::require_lease, "Start only with a storage lease",
                  "Refuse to start unless this host's libvirt has a lock manager (lock_manager in qemu.conf, virtlockd "
                  "running) to lease the guest's disks, so that it cannot also run on another host (docs/leases.md); "
                  "a start refused because another host holds the lease fails naming that lock. Empty: on exactly when "
                  "this host's libvirt has a lock manager configured."),
              ParamType::Boolean, ""));
    // ocf-shellfuncs' tracing, which pcs offers for heartbeat's agents and administrators pass to
    // any OCF agent; reloadable, so that turning it on does not restart the guest.
    t.push_back(
        typed(string_param(
                  vd::trace_ra, "Trace the agent (debug log to trace_file)",
                  "Set to 1 to log this agent's every step (debug level) and its environment to trace_file, or by "
                  "default to $HA_VARLIB/trace_ra/VirtualDomain/<resource>.<action>.<date.time> "
                  "(HA_VARLIB is /var/lib/heartbeat unless set; trace_dir overrides the directory), as ocf-shellfuncs "
                  "does for shell agents."),
              ParamType::Boolean, "0"));
    t.push_back(
        string_param(vd::trace_file, "Where trace_ra writes",
                     "Absolute path of the trace file, or a file descriptor 3-9 that the caller opened for writing."));
    return t;
  }();
  return table;
}

// heartbeat's VirtualDomain advertises exactly these: pcs and crmsh turn every advertised monitor into an op
// of each new resource, so the deep (OCF_CHECK_LEVEL=10, guest agent) check is not advertised: an
// administrator adds it on purpose (docs/virtualdomain.md), as a guest with virt-install's guest-agent
// channel but no agent inside would otherwise be failed and restarted.
constexpr std::array kActions = {
    Action{"start", 90},          Action{"stop", 90},         Action{"status", 30, 10, 0},
    Action{"monitor", 30, 10, 0}, Action{"migrate_from", 60}, Action{"migrate_to", 120},
    Action{"reload-agent", 5},    Action{"meta-data", 5},     Action{"validate-all", 5},
};

}  // namespace

const ocf::AgentSpec& virtualdomain_spec() {
  static const ocf::AgentSpec spec{
      "VirtualDomain",
      vmha::version,
      "Manages virtual domains through the libvirt API (vmha)",
      "Manages a libvirt virtual machine guest as a cluster resource: start from its XML configuration, "
      "graceful stop with a forced power-off before the operation times out, monitoring that never reports a "
      "running guest as stopped, and live migration. A drop-in for ocf:heartbeat:VirtualDomain with the same "
      "parameters, talking to libvirt directly instead of through virsh.",
      parameters(),
      kActions,
  };
  return spec;
}

}  // namespace vmha::agents
