#include "keys.hpp"

namespace vmha::config::keys {

namespace {
using K = Kind;

constexpr KeySpec kCluster[] = {
    {"name",
     K::String,
     "name",
     true,
     {},
     0,
     0,
     "cluster name (cluster.conf name, corosync cluster_name, CIB cluster-name)",
     true},
    {"config_version", K::Int, "config_version", false, {}, 1, 1L << 30, "cluster.conf config_version (default 1)"},
    {"transport", K::Choice, {}, false, "knet|udpu|udp", 0, 0, "corosync transport (default knet)"},
    {"crypto",
     K::Bool,
     {},
     false,
     {},
     0,
     0,
     "knet encryption aes256/sha256, needs /etc/corosync/authkey (default true)"},
    {"token",
     K::Int,
     {},
     false,
     {},
     200,
     1L << 30,
     "totem token timeout in ms (corosync default 3000; below about 130 its retransmit timeout is too short)"},
    {"resource_provider",
     K::Choice,
     {},
     false,
     "vmha|heartbeat",
     0,
     0,
     "OCF provider of VirtualDomain in the CIB (default vmha)"},
    {"fencing_enabled",
     K::Bool,
     {},
     false,
     {},
     0,
     0,
     "false: no fencing, on purpose (test clusters only): CIB stonith-enabled=false, cluster.conf skip_undefined; "
     "without it a topology with no fencing is refused (default true)"},
    {"placement",
     K::Choice,
     {},
     false,
     "balanced|utilization|minimal|default",
     0,
     0,
     "CIB placement-strategy (default balanced when any utilization is given, else default)"},
};

constexpr KeySpec kLimits[] = {
    {"parallel_starts",
     K::Int,
     {},
     false,
     {},
     1,
     1000,
     "CIB node-action-limit: actions (starts) one host runs at once"},
    {"parallel_migrations",
     K::Int,
     {},
     false,
     {},
     1,
     1000,
     "CIB migration-limit: live migrations one host runs at once"},
    {"parallel_actions", K::Int, {}, false, {}, 1, 100000, "CIB batch-limit: actions the whole cluster runs at once"},
};

constexpr KeySpec kFenceDaemon[] = {
    {"post_join_delay",
     K::Int,
     "post_join_delay",
     false,
     {},
     0,
     1L << 30,
     "seconds to wait before fencing after a node joins"},
    {"post_fail_delay",
     K::Int,
     "post_fail_delay",
     false,
     {},
     0,
     1L << 30,
     "seconds to wait before fencing a failed node"},
    {"clean_start", K::Bool, "clean_start", false, {}, 0, 0, "do not fence nodes missing at start-up"},
    {"override_path", K::String, "override_path", false, {}, 0, 0, "fence_ack_manual override FIFO"},
    {"override_time", K::Int, "override_time", false, {}, 0, 1L << 30, "seconds to wait for a manual override"},
    {"skip_undefined", K::Bool, "skip_undefined", false, {}, 0, 0, "do not fence nodes without fencing"},
};

constexpr KeySpec kQuorum[] = {
    {"two_node", K::Bool, "two_node", false, {}, 0, 0, "two-node mode (default: exactly two nodes and no quorum disk)"},
    {"expected_votes", K::Int, "expected_votes", false, {}, 1, 1L << 20, "cman expected_votes (default derived)"},
};

constexpr KeySpec kQuorumDisk[] = {
    {"device", K::String, "device", false, {}, 0, 0, "path of the shared quorum disk", true},
    {"label", K::String, "label", false, {}, 0, 0, "find the quorum disk by its mkqdisk label", true},
    {"interval", K::Int, "interval", false, {}, 1, 1800, "seconds per cycle"},
    {"tko", K::Int, "tko", false, {}, 2, 1000, "cycles missed before a node is declared dead"},
    {"votes", K::Int, "votes", false, {}, 1, 1000, "votes the disk contributes (default nodes - 1)"},
    {"min_score",
     K::Int,
     "min_score",
     false,
     {},
     1,
     1000,
     "heuristic score needed to keep the vote (at most the heuristics' total)"},
    {"tko_up", K::Int, "tko_up", false, {}, 1, 1000, "cycles a node must be seen to be declared online"},
    {"upgrade_wait", K::Int, "upgrade_wait", false, {}, 1, 1000, "cycles to wait before bidding for master"},
    {"master_wait",
     K::Int,
     {},
     false,
     {},
     2,
     1000,
     "corosync.conf only (cluster.rng has no such attribute): cycles a bid stands before the bidder is master; more "
     "than tko_up"},
    {"io_timeout",
     K::Bool,
     "io_timeout",
     false,
     {},
     0,
     0,
     "cluster.conf only: reboot when a disk write takes longer than interval x tko"},
    {"reboot", K::Bool, "reboot", false, {}, 0, 0, "reboot the node when its score drops below min_score"},
    {"master_wins", K::Bool, "master_wins", false, {}, 0, 0, "only the master node casts the disk's vote"},
};

constexpr KeySpec kHeuristic[] = {
    {"name", K::String, {}, true, {}, 0, 0, "identifier (corosync.conf exec_NAME); letters, digits, _"},
    {"program", K::String, "program", true, {}, 0, 0, "command; exit status 0 means the check passed", true},
    {"score", K::Int, "score", false, {}, 1, 1000, "points added when it passes (default 1)"},
    {"interval", K::Int, "interval", false, {}, 1, 3600, "seconds between runs (default 2)"},
    {"tko", K::Int, "tko", false, {}, 1, 1000, "consecutive failures before it counts as failed"},
};

constexpr KeySpec kFenceDevice[] = {
    {"name", K::String, "name", true, {}, 0, 0, "device name (an XML ID: letter or _ first)"},
    {"agent", K::String, "agent", true, {}, 0, 0, "fence agent, e.g. fence_apc"},
};

constexpr KeySpec kNode[] = {
    {"name", K::String, "name", true, {}, 0, 0, "node name as corosync and Pacemaker know it", true},
    {"id",
     K::Int,
     "nodeid",
     true,
     {},
     1,
     65535,
     "corosync node id (unique; knet takes 1..65535); a remote host has one too, used only in CIB ids"},
    {"votes", K::Int, "votes", false, {}, 1, 1000, "quorum votes (default 1; a remote host has none)"},
    {"remote",
     K::Bool,
     {},
     false,
     {},
     0,
     0,
     "true: a pacemaker_remote host, not a corosync member: an ocf:pacemaker:remote connection named after it, no "
     "quorum vote, fenced and given guests like a member; cluster.conf (cman) has no equivalent (default false)"},
    {"remote_port",
     K::Int,
     {},
     false,
     {},
     1,
     65535,
     "remote hosts only: TCP port its pacemaker-remoted listens on (ocf:pacemaker:remote port; default 3121)"},
};

constexpr KeySpec kFenceMethod[] = {
    {"method", K::String, "name", true, {}, 0, 0, "method name; methods are tried in order"},
};

constexpr KeySpec kFenceDeviceUse[] = {
    {"device", K::String, "name", true, {}, 0, 0, "a fence_devices name"},
    {"port", K::String, "port", false, {}, 0, 0, "outlet, plug or guest name of this node on the device"},
};

constexpr KeySpec kDomain[] = {
    {"name", K::String, "name", true, {}, 0, 0, "domain name (an XML ID)"},
    {"ordered", K::Bool, "ordered", false, {}, 0, 0, "prefer members by priority (1 = most preferred)"},
    {"restricted", K::Bool, "restricted", false, {}, 0, 0, "never run outside the members"},
    {"nofailback", K::Bool, "nofailback", false, {}, 0, 0, "stay put when a more preferred member returns"},
};

constexpr KeySpec kDomainMember[] = {
    {"node", K::String, "name", true, {}, 0, 0, "a nodes name"},
    {"priority", K::Int, "priority", false, {}, 1, 100, "1 (most preferred) .. 100"},
};

constexpr KeySpec kGuest[] = {
    {"name", K::String, "name", true, {}, 0, 0, "libvirt domain name (an XML ID)"},
    {"domain", K::String, "domain", false, {}, 0, 0, "failover domain"},
    {"autostart", K::Bool, "autostart", false, {}, 0, 0, "start when the cluster forms (default true)"},
    {"exclusive", K::Bool, "exclusive", false, {}, 0, 0, "run only on a node that runs no other guest"},
    {"recovery", K::Choice, "recovery", false, "restart|relocate|disable", 0, 0, "on failure (default restart)"},
    {"max_restarts", K::Int, "max_restarts", false, {}, 0, 1L << 20, "restarts before relocating (0: unlimited)"},
    {"restart_expire_time",
     K::Int,
     "restart_expire_time",
     false,
     {},
     0,
     1L << 30,
     "seconds after which a restart is forgotten"},
    {"migrate", K::Choice, "migrate", false, "live|pause", 0, 0, "migration kind (default live)"},
    {"path", K::String, "path", false, {}, 0, 0, "directory holding NAME.xml"},
    {"xmlfile", K::String, "xmlfile", false, {}, 0, 0, "full path of the guest's libvirt XML"},
    {"hypervisor", K::Choice, "hypervisor", false, "auto|xen|qemu", 0, 0, "rgmanager hypervisor"},
    {"hypervisor_uri", K::String, "hypervisor_uri", false, {}, 0, 0, "libvirt URI (CIB: hypervisor)"},
    {"migration_uri", K::String, "migration_uri", false, {}, 0, 0, "migration URI (CIB: migrateuri)"},
    {"migration_transport", K::String, {}, false, {}, 0, 0, "CIB only: transport for qemu+TRANSPORT:// migration"},
    {"migrate_options", K::String, {}, false, {}, 0, 0, "CIB only: extra virsh-style migration options"},
    {"depend", K::String, "depend", false, {}, 0, 0, "a guest that must run first"},
    {"require_lease",
     K::Bool,
     {},
     false,
     {},
     0,
     0,
     "CIB only: start only with a storage lease (agent default: when the host's libvirt has a lock manager)"},
    {"priority",
     K::Int,
     {},
     false,
     {},
     0,
     1000000,
     "CIB resource priority: when capacity is short, higher tiers are placed first (default 0)"},
    {"protected",
     K::Bool,
     {},
     false,
     {},
     0,
     0,
     "false: may stay stopped after a failure without failing vmha-config plan (default true)"},
};
// libvirt's lock manager on every host (target libvirt): qemu.conf lock_manager and qemu-lockd.conf.
constexpr KeySpec kStorage[] = {
    {"leases",
     K::Choice,
     {},
     true,
     "lockd|none",
     0,
     0,
     "lockd: every host's libvirt leases each guest's disks through virtlockd (docs/leases.md); none: no lock manager"},
    {"lockspace",
     K::String,
     {},
     false,
     {},
     0,
     0,
     "absolute path of a directory on storage every host shares, holding one lock file per leased disk "
     "(qemu-lockd.conf file_lockspace_dir; required with lockd)"},
    {"lvm_lockspace",
     K::String,
     {},
     false,
     {},
     0,
     0,
     "shared directory for the leases of LVM volumes, keyed by LV UUID (qemu-lockd.conf lvm_lockspace_dir)"},
    {"scsi_lockspace",
     K::String,
     {},
     false,
     {},
     0,
     0,
     "shared directory for the leases of SCSI LUNs, keyed by SCSI ID (qemu-lockd.conf scsi_lockspace_dir)"},
    {"auto_disk_leases",
     K::Bool,
     {},
     false,
     {},
     0,
     0,
     "lease every writable disk of every guest (qemu-lockd.conf auto_disk_leases; default true)"},
    {"require_lease_for_disks",
     K::Bool,
     {},
     false,
     {},
     0,
     0,
     "refuse a guest with writable disks but no lease (default: the opposite of auto_disk_leases)"},
};
// Attributes and parameters the generators write themselves: an option of the same name would
// replace or duplicate them (a second device name, another agent, a password outside `password`).
constexpr std::string_view kReservedDeviceOptions[] = {"name",     "agent",          "passwd",
                                                       "password", "pcmk_host_list", "pcmk_host_map"};
constexpr std::string_view kReservedUseOptions[] = {"name",     "agent",          "port",         "passwd",
                                                    "password", "pcmk_host_list", "pcmk_host_map"};
}  // namespace

const std::span<const std::string_view> reserved_device_options{kReservedDeviceOptions};
const std::span<const std::string_view> reserved_use_options{kReservedUseOptions};

const KeyTable cluster{kCluster};
const KeyTable fence_daemon{kFenceDaemon};
const KeyTable quorum{kQuorum};
const KeyTable quorum_disk{kQuorumDisk};
const KeyTable heuristic{kHeuristic};
const KeyTable fence_device{kFenceDevice};
const KeyTable node{kNode};
const KeyTable fence_method{kFenceMethod};
const KeyTable fence_device_use{kFenceDeviceUse};
const KeyTable domain{kDomain};
const KeyTable domain_member{kDomainMember};
const KeyTable guest{kGuest};
const KeyTable storage{kStorage};
const KeyTable limits{kLimits};

}  // namespace vmha::config::keys
