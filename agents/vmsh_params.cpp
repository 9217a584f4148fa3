#include "vmsh_params.hpp"

#include <array>
#include <vector>

namespace vmha::agents {
namespace {

using ocf::Action;
using ocf::Parameter;
using ocf::ParamType;

// reconfig: rgmanager applies a change of this parameter without restarting the guest.
Parameter param(const char* name, ParamType type, const char* default_value, const char* shortdesc,
                const char* longdesc, bool reconfig = false) {
  Parameter p = ocf::make_parameter(name, type, default_value, shortdesc, longdesc);
  p.reconfig = reconfig;
  return p;
}

const std::vector<Parameter>& parameters() {
  static const std::vector<Parameter> table = [] {
    std::vector<Parameter> t;
    Parameter name =
        param(vm::name, ParamType::String, "", "Name", "Name of the virtual machine: the libvirt domain name.");
    name.required = true;
    name.primary = true;
    t.push_back(name);
    t.push_back(param("domain", ParamType::String, "", "Cluster failover domain",
                      "Failover domain in which this guest runs (read by rgmanager).", true));
    t.push_back(param("autostart", ParamType::Boolean, "1", "Automatic start after quorum formation",
                      "Start the guest when the cluster becomes quorate (read by rgmanager).", true));
    t.push_back(param("exclusive", ParamType::Boolean, "0", "Exclusive resource group",
                      "Run only on a node with no other service running (read by rgmanager).", true));
    Parameter recovery = param("recovery", ParamType::Select, "restart", "Failure recovery policy",
                               "What rgmanager does when the guest fails: restart, relocate or disable.", true);
    recovery.options = {"restart", "relocate", "disable"};
    t.push_back(recovery);
    Parameter migrate = param(vm::migrate, ParamType::Select, "live", "Migration type",
                              "live: migrate while the guest runs; pause: pause, migrate, resume.", true);
    migrate.options = {"live", "pause"};
    t.push_back(migrate);
    t.push_back(param(vm::migrate_options, ParamType::String, "", "Extra migration options",
                      "Extra options as virsh migrate spells them (e.g. --unsafe --compressed).", true));
    t.push_back(param(vm::tunnelled, ParamType::Boolean, "0", "Tunnel data over the libvirt connection",
                      "Tunnel migration data through libvirtd (--tunnelled --p2p).", true));
    t.push_back(param(vm::path, ParamType::String, "", "Path to virtual machine configuration files",
                      "Colon-separated directories searched for <name> or <name>.xml.", true));
    t.push_back(param(vm::xmlfile, ParamType::String, "", "Full path to libvirt XML file",
                      "The guest's libvirt XML; the guest is created from it as a transient domain.", true));
    Parameter hv = param(vm::hypervisor, ParamType::Select, "auto", "Hypervisor",
                         "Hypervisor: auto, xen or qemu. Chooses the default URIs.", true);
    hv.options = {"auto", "xen", "qemu"};
    t.push_back(hv);
    t.push_back(param(vm::hypervisor_uri, ParamType::String, "auto", "Hypervisor URI",
                      "libvirt URI of the local hypervisor; auto: qemu:///system for qemu, xen:/// for xen, "
                      "else libvirt's default.",
                      true));
    t.push_back(param(vm::migration_uri, ParamType::String, "auto", "Migration URI",
                      "libvirt URI of the target, %s replaced by the target node; auto: "
                      "qemu+ssh://%s/system for qemu, xenmigr://%s/ for xen.",
                      true));
    t.push_back(param(vm::migration_mapping, ParamType::String, "", "Migration mapping",
                      "member:target,... maps cluster member names to the names used for migration.", true));
    t.push_back(param(vm::snapshot, ParamType::String, "", "Path to the snapshot directory",
                      "Directory where the guest's state is saved on stop and restored from on start."));
    t.push_back(param("depend", ParamType::String, "", "Top-level service this depends on",
                      "service:name this guest depends on (read by rgmanager).", true));
    Parameter mode = param("depend_mode", ParamType::Select, "hard", "Service dependency mode",
                           "hard or soft dependency (read by rgmanager).", true);
    mode.options = {"hard", "soft"};
    t.push_back(mode);
    t.push_back(param("max_restarts", ParamType::Integer, "0", "Maximum restarts for this service",
                      "Restarts tolerated within restart_expire_time before relocating (read by rgmanager).", true));
    t.push_back(param("restart_expire_time", ParamType::Integer, "0", "Restart expiration time",
                      "Seconds after which a restart is forgotten (read by rgmanager).", true));
    t.push_back(param(vm::status_program, ParamType::String, "", "Additional status check program",
                      "Program run at status depth 10 and after start; non-zero means the guest failed.", true));
    t.push_back(param(vm::no_kill, ParamType::Boolean, "0", "Do not force kill the VM during stop",
                      "Never destroy the guest: a stop that does not finish gracefully fails."));
    t.push_back(param(vm::require_lease, ParamType::Boolean, "", "Start only with a storage lease",
                      "Refuse to start unless this host's libvirt has a lock manager to lease the guest's disks "
                      "(docs/leases.md). Empty: on exactly when it has one configured."));
    t.push_back(param("use_virsh", ParamType::Boolean, "1", "Use virsh instead of xm",
                      "Accepted for compatibility: vmha always uses the libvirt API."));
    return t;
  }();
  return table;
}

constexpr std::array kActions = {
    Action{"start", 300},         Action{"stop", 120},           Action{"status", 10, 30}, Action{"monitor", 10, 30},
    Action{"status", 20, 60, 10}, Action{"monitor", 20, 60, 10}, Action{"migrate", 600},   Action{"reconfig", 10},
    Action{"meta-data", 5},       Action{"validate-all", 5},
};

constexpr ocf::RgmanagerSpecial kSpecial{1};

}  // namespace

const ocf::AgentSpec& vmsh_spec() {
  static const ocf::AgentSpec spec{
      "vm",
      "rgmanager 2.0",
      "Defines a Virtual Machine (vmha)",
      "Defines a virtual machine guest managed by rgmanager, started, stopped, checked and live-migrated "
      "through the libvirt API. vmha's drop-in for rgmanager's vm.sh.",
      parameters(),
      kActions,
      &kSpecial,
  };
  return spec;
}

}  // namespace vmha::agents
