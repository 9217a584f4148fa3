// Storage leases (docs/leases.md): whether this host's libvirt has a lock manager, what a guest
// must hold, and what a refused lease means. Pure parts first, the one adapter last.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vmha::agents {

// The value of KEY in a libvirt configuration file (qemu.conf, qemu-lockd.conf): `key = "v"` or
// `key = 1`, '#' comments; the first assignment counts, as libvirt's own parser reads it.
std::optional<std::string> libvirt_conf_value(std::string_view text, std::string_view key);

struct HostLocking {
  bool known = true;      // false: not this host's system daemon, so its qemu.conf is not ours to read
  std::string plugin;     // "lockd", "sanlock"; "" = none (unset or nop)
  std::string problem;    // non-empty: configured but cannot work (virtlockd not running)
  std::string lockspace;  // lockd's file_lockspace_dir ("" = direct: the disk files themselves)
};

// require_lease: "" = automatic (on exactly when this host's libvirt has a lock manager).
// Returns the one line why the guest may not start here, or "" when it may; *guest_fault: the
// guest's own definition is the cause (nothing to lease), not this host.
struct LeaseNeed {
  std::string require_lease;  // the parameter's text
  HostLocking host;
  std::vector<std::string> leased_disks;  // DomainDescription::leased_disks
  int lease_elements = 0;
  std::string uri;  // for the message
};
std::string lease_refusal(const LeaseNeed& need, bool* guest_fault = nullptr);

// libvirt's "Lockspace resource 'R' is locked" (VIR_ERR_RESOURCE_BUSY) as one line naming the lock
// and, when R is the SHA-256 of one of the guest's disk paths (lockd's file_lockspace_dir), the disk.
std::string describe_busy_lease(const std::string& guest, const std::string& libvirt_message,
                                const std::string& lockspace, const std::vector<std::string>& disks);

// A start that failed because another holder has the guest's disk: libvirt's lease refused
// (VIR_ERR_RESOURCE_BUSY), or QEMU's own image lock ("Failed to get "write" lock"), which sees
// other hosts only where their kernels share locks.
bool is_lease_conflict(int libvirt_code, const std::string& message);

std::string sha256_hex(std::string_view text);

// This host's libvirt, for hypervisor URI `uri` ("" = default): reads /etc/libvirt/qemu.conf and
// qemu-lockd.conf and looks for virtlockd's socket.
HostLocking read_host_locking(const std::string& uri);

}  // namespace vmha::agents
