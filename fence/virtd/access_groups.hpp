// fence_virtd's access control, the `groups` section of fence_virt.conf as fence-virt reads it:
//
//   groups { group { name = "web"; ip = "192.0.2.61"; uuid = "web1"; uuid = "6695eb01-..."; } }
//
// Without any group every key holder may act on every guest (fence-virt: "no maps == wide
// open"). With groups, a request from a source address may act only on a guest that some group
// listing that address names; `uuid` entries hold a guest's UUID or its name, as in fence-virt.
// A guest counts as named when either of its identities is listed, whichever the request used.
// Pure: text and addresses in, decisions out.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config.hpp"
#include "wire.hpp"

namespace vmha::virtd {

struct AccessGroup {
  std::string name;                  // for log lines; "unnamed-N" when the group has none
  std::vector<std::string> guests;   // the `uuid` entries: UUIDs or names
  std::vector<std::string> sources;  // the `ip` entries, canonical text (see canonical_ip)
};

// error is "FILE:LINE: groups/group: ..." when an entry is wrong.
struct AccessGroupsResult {
  std::vector<AccessGroup> groups;
  std::string error;
};
AccessGroupsResult access_groups(const ConfigTree& tree, const std::string& file_name);

// One spelling per address, so "::FFFF:192.0.2.1", "192.0.2.1" and "2001:DB8:0::1" compare by
// value; nullopt for anything that is not an IPv4 or IPv6 address.
std::optional<std::string> canonical_ip(const std::string& text);

// Commands that act on or reveal one guest and so need access to it (fence-virt: on, off,
// reboot, status). null and monitor name no guest; list is filtered guest by guest instead.
bool needs_guest_access(uint8_t command);

// A guest as the daemon knows it: the name and UUID, either may be empty when unknown.
struct GuestIdentity {
  std::string name;
  std::string uuid;
};
// The guest a request names (by name or UUID), looked up in the guests the backend knows; a
// guest nobody knows keeps only the requested text.
GuestIdentity identify_guest(const std::string& requested, const std::vector<xvm::HostState>& known);

struct AccessDecision {
  bool allowed = false;
  std::string group;  // the group that allows it; "" when there are no groups
};

class AccessPolicy {
 public:
  AccessPolicy() = default;
  explicit AccessPolicy(std::vector<AccessGroup> groups) : groups_(std::move(groups)) {}
  bool open() const { return groups_.empty(); }
  AccessDecision decide(const std::string& source, const GuestIdentity& guest) const;

 private:
  std::vector<AccessGroup> groups_;
};

}  // namespace vmha::virtd
