// libFuzzer target: any fence_virt.conf text goes through the parser, the served-subset reader
// and the `groups` reader. It must never crash; an accepted config must be self-consistent
// (addresses of its family, groups named, group addresses in their one canonical spelling).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "access_groups.hpp"
#include "config.hpp"

using namespace vmha::virtd;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  ConfigParse p = parse_config_text(text, "fuzz.conf");
  if (!p.error.empty()) {
    if (p.error.rfind("fuzz.conf:", 0) != 0) std::abort();  // every error names the file
    return 0;
  }
  DaemonConfigResult d = daemon_config(p.tree, "fuzz.conf");
  if (d.error.empty()) {
    auto canonical = canonical_ip(d.config.address);
    if (!canonical) std::abort();
    if ((canonical->find(':') != std::string::npos) != d.config.ipv6) std::abort();
  }
  AccessGroupsResult g = access_groups(p.tree, "fuzz.conf");
  if (!g.error.empty()) return 0;
  for (const auto& group : g.groups) {
    if (group.name.empty()) std::abort();
    for (const auto& s : group.sources)
      if (canonical_ip(s) != s) std::abort();
  }
  AccessPolicy policy(g.groups);
  for (const auto& group : g.groups)
    for (const auto& s : group.sources)
      for (const auto& guest : group.guests)
        if (!policy.decide(s, {guest, ""}).allowed) std::abort();  // what a group lists, it allows
  return 0;
}
