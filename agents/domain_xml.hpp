// The few facts an agent needs from a domain's XML description.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vmha::agents {

struct DomainDescription {
  std::string name;
  std::string hypervisor_type;  // <domain type='kvm'>
  std::string emulator;
  bool has_guest_agent_channel = false;    // <channel> with target name org.qemu.guest_agent.0
  std::vector<std::string> networks;       // <interface type='network'><source network='...'/>
  std::vector<std::string> storage_pools;  // <disk type='volume'><source pool='...'/>
  // What libvirt's lock manager leases: writable file/block disks by path (not <readonly/>), and <lease>s.
  std::vector<std::string> leased_disks;
  int lease_elements = 0;
};

// nullopt with `error` set when the text is not a domain description.
std::optional<DomainDescription> parse_domain_xml(std::string_view xml, std::string* error);

}  // namespace vmha::agents
