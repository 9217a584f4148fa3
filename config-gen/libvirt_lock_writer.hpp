// Target libvirt: each host's libvirt lock-manager configuration, from the topology's storage
// section. libvirt's configuration files have no include directive and qemu.conf is the
// administrator's, so both outputs are fragments to merge, each saying where it goes.
#pragma once
#include <string>

#include "topology.hpp"

namespace vmha::config {

// Lines for /etc/libvirt/qemu.conf: lock_manager.
std::string write_qemu_conf_fragment(const Topology& topology);
// Lines for /etc/libvirt/qemu-lockd.conf: what to lease and where the leases live.
std::string write_qemu_lockd_conf(const Topology& topology);

}  // namespace vmha::config
