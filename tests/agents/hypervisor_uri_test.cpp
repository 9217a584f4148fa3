// Which hypervisor URIs are this host's own daemon (the only case where the local process table may
// stand in for an unreachable libvirtd), and which values are not URIs at all.
#include "hypervisor_uri.hpp"

#include <gtest/gtest.h>

namespace vmha::agents {
namespace {

struct UriCase {
  const char* uri;
  const char* default_env;  // nullptr: unset
  const char* config;
  bool valid;
  bool local;
};

TEST(HypervisorUri, LocalOnlyForThisHostsSystemDaemon) {
  const char* aliases = "uri_aliases = [\n  \"here=qemu:///system\",\n  \"hail=qemu+ssh://root@hail/system\",\n]\n";
  const UriCase cases[] = {
      {"", nullptr, "", true, true},  // libvirt probes the local daemons
      {"qemu:///system", nullptr, "", true, true},
      {"qemu+unix:///system", nullptr, "", true, true},
      {"qemu+unix:///system?socket=/run/libvirt/virtqemud-sock", nullptr, "", true, true},
      {"qemu+tcp://192.0.2.99/system", nullptr, "", true, false},
      {"qemu+ssh://root@192.0.2.99/system", nullptr, "", true, false},
      {"qemu+tls://host/system", nullptr, "", true, false},
      {"qemu://host/system", nullptr, "", true, false},
      {"qemu:///session", nullptr, "", true, false},
      {"xen:///", nullptr, "", true, false},
      {"test:///default", nullptr, "", true, false},
      {"", "qemu+tcp://192.0.2.99/system", "", true, false},  // LIBVIRT_DEFAULT_URI decides
      {"", "qemu:///system", "", true, true},
      {"", nullptr, "uri_default = \"qemu+ssh://far/system\"\n", true, false},
      {"", nullptr, "uri_default = \"qemu:///system\"\n", true, true},
      {"here", nullptr, aliases, true, true},
      {"hail", nullptr, aliases, true, false},
      {"qemu", nullptr, "", false, false},  // not a URI: refused
      {"qemu", nullptr, aliases, false, false},
      {"/system", nullptr, "", false, false},
      {"1qemu:///system", nullptr, "", false, false},
      {"qemu system", nullptr, "", false, false},
  };
  for (const auto& c : cases) {
    std::optional<std::string> env;
    if (c.default_env) env = c.default_env;
    HypervisorUri h = judge_hypervisor_uri(c.uri, env, c.config);
    EXPECT_EQ(h.problem.empty(), c.valid) << c.uri << " " << h.problem;
    EXPECT_EQ(h.local_system, c.local) << c.uri << " (default " << (c.default_env ? c.default_env : "-") << ")";
  }
}

}  // namespace
}  // namespace vmha::agents
