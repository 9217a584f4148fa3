#include "access_groups.hpp"

#include <arpa/inet.h>
#include <strings.h>

#include <cstring>

namespace vmha::virtd {
namespace {

bool same_text(const std::string& a, const std::string& b) { return strcasecmp(a.c_str(), b.c_str()) == 0; }

}  // namespace

std::optional<std::string> canonical_ip(const std::string& text) {
  char out[INET6_ADDRSTRLEN] = {};
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return inet_ntop(AF_INET, &v4, out, sizeof out);
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) != 1) return std::nullopt;
  // An IPv4 client reaching a dual-stack socket shows up as ::ffff:a.b.c.d: it is the IPv4 host.
  if (IN6_IS_ADDR_V4MAPPED(&v6)) {
    std::memcpy(&v4, &v6.s6_addr[12], 4);
    return inet_ntop(AF_INET, &v4, out, sizeof out);
  }
  return inet_ntop(AF_INET6, &v6, out, sizeof out);
}

AccessGroupsResult access_groups(const ConfigTree& tree, const std::string& file) {
  AccessGroupsResult r;
  int index = 0;
  for (const ConfigBlock* b : tree.blocks_at("groups/group")) {
    ++index;
    AccessGroup g;
    for (const auto& e : b->entries) {
      if (e.key == "name") {
        g.name = e.value;
      } else if (e.key == "uuid") {
        if (!e.value.empty()) g.guests.push_back(e.value);  // an empty entry names no guest
      } else if (e.key == "ip") {
        auto ip = canonical_ip(e.value);
        if (!ip) {
          r.error = file + ":" + std::to_string(e.line) + ":" + std::to_string(e.column) + ": groups/group: ip '" +
                    e.value + "' is not an IPv4 or IPv6 address";
          return r;
        }
        g.sources.push_back(*ip);
      }
    }
    // fence-virt drops a group that lists neither guests nor addresses: it could allow nothing.
    if (g.guests.empty() && g.sources.empty()) continue;
    if (g.name.empty()) g.name = "unnamed-" + std::to_string(index);
    r.groups.push_back(std::move(g));
  }
  return r;
}

bool needs_guest_access(uint8_t command) {
  switch (static_cast<xvm::Command>(command)) {
    case xvm::Command::Off:
    case xvm::Command::On:
    case xvm::Command::Reboot:
    case xvm::Command::Status:
      return true;
    default:
      return false;
  }
}

GuestIdentity identify_guest(const std::string& requested, const std::vector<xvm::HostState>& known) {
  for (const auto& h : known)
    if (h.domain == requested) return {h.domain, h.uuid};
  for (const auto& h : known)
    if (!h.uuid.empty() && same_text(h.uuid, requested)) return {h.domain, h.uuid};
  return {requested, ""};
}

AccessDecision AccessPolicy::decide(const std::string& source, const GuestIdentity& guest) const {
  if (groups_.empty()) return {true, ""};
  const std::string from = canonical_ip(source).value_or(source);
  for (const auto& g : groups_) {
    bool listed_source = false;
    for (const auto& s : g.sources) listed_source = listed_source || same_text(s, from);
    if (!listed_source) continue;
    for (const auto& entry : g.guests) {
      if ((!guest.name.empty() && same_text(entry, guest.name)) ||
          (!guest.uuid.empty() && same_text(entry, guest.uuid)))
        return {true, g.name};
    }
  }
  return {false, ""};
}

}  // namespace vmha::virtd
