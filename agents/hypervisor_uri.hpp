// What a `hypervisor` URI names: this host's own system daemon, or something else. Only for this
// host's own daemon may the local process table stand in for libvirtd when it cannot be reached;
// for a remote daemon the local process table proves nothing (issue 13: an unreachable
// qemu+tcp://HOST/system was reported "stopped", and Pacemaker could start the guest twice).
#pragma once
#include <optional>
#include <string>

namespace vmha::agents {

struct HypervisorUri {
  std::string problem;   // non-empty: not a libvirt URI (nor an alias of one); "is not ...", for "VALUE " + problem
  std::string resolved;  // after LIBVIRT_DEFAULT_URI / uri_default / uri_aliases; "" = libvirt probes locally
  bool local_system = false;  // this host's own qemu system daemon (qemu:///system, qemu+unix:///system)
};

// uri: the parameter's value ("" = libvirt's default); default_env: LIBVIRT_DEFAULT_URI;
// client_config: the text of /etc/libvirt/libvirt.conf (uri_default, uri_aliases).
HypervisorUri judge_hypervisor_uri(const std::string& uri, const std::optional<std::string>& default_env,
                                   const std::string& client_config);
// The same, with this process's environment and this host's libvirt.conf.
HypervisorUri judge_hypervisor_uri(const std::string& uri);

}  // namespace vmha::agents
