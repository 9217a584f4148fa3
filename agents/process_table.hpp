// The guest's own process, seen without libvirtd: the evidence a probe needs before it may say
// "not running" while libvirtd cannot be asked (resource-agents issues #856, #1613).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace vmha::agents {

// True when argv is a hypervisor process (qemu-system-*, qemu-kvm, libvirt_lxc) for `guest`:
// "-name guest" or "-name guest=<guest>,..." (libvirt ≥ 1.x writes the latter).
bool argv_runs_guest(const std::vector<std::string>& argv, std::string_view guest);

// Machine pids (in this PID namespace) whose command line runs `guest`.
std::vector<int> find_guest_processes(std::string_view guest);

}  // namespace vmha::agents
