// The bad-input table: each malformed or invalid topology and the exact error it must give.
#include <gtest/gtest.h>

#include "test_topologies.hpp"
#include "topology_reader.hpp"
#include "validate.hpp"

namespace vmha::config {
namespace {

std::string errors_of(const std::string& yaml) {
  ReadResult r = read_topology(yaml);
  if (r.diagnostics.empty()) validate(r.topology, r.diagnostics);
  return r.diagnostics.format("t.yaml");
}

// Fencing off on purpose: each case below is about one other mistake.
const std::string kBase =
    "cluster: {name: c, fencing_enabled: false}\nnodes:\n  - {name: n1, id: 1}\n  - {name: n2, id: 2}\n";

struct BadCase {
  const char* what;
  std::string yaml;
  std::string want;
};

TEST(TopologyReader, BadInputTable) {
  const BadCase cases[] = {
      {"unknown key with a suggestion", kBase + "failover_domains:\n  - {name: d, nodes: [{node: n1, prioirty: 1}]}\n",
       "t.yaml:6:34: error: unknown key 'prioirty' in failover domain member; did you mean 'priority'?\n"},
      {"unknown top-level key", kBase + "guest:\n  - {name: g}\n",
       "t.yaml:5:1: error: unknown key 'guest' in topology; did you mean 'guests'?\n"},
      {"unknown node in a domain", kBase + "failover_domains:\n  - {name: d, nodes: [n1, n9]}\n",
       "t.yaml:6:27: error: unknown node 'n9' in failover domain 'd'; did you mean 'n1'?\n"},
      {"duplicate node id",
       "cluster: {name: c, fencing_enabled: false}\nnodes:\n  - {name: n1, id: 1}\n  - {name: n2, id: 1}\n",
       "t.yaml:4:20: error: duplicate node id 1 (also node 'n1')\n"},
      {"priority out of range",
       kBase + "failover_domains:\n  - {name: d, ordered: true, nodes: [{node: n1, priority: 101}]}\n",
       "t.yaml:6:59: error: 'priority' of failover domain member: 101 is out of range 1..100\n"},
      {"guest in an unknown domain", kBase + "guests:\n  - {name: g, domain: web, path: /vm}\n",
       "t.yaml:6:23: error: unknown failover domain 'web' for guest 'g'\n"},
      {"fence device not defined",
       "cluster: {name: c}\nnodes:\n  - name: n1\n    id: 1\n    fencing: [{method: m, devices: [apc]}]\n",
       "t.yaml:5:37: error: unknown fence device 'apc' in fence method 'm' (not defined in fence_devices)\n"},
      {"restricted domain without nodes", kBase + "failover_domains:\n  - {name: d, restricted: true, nodes: []}\n",
       "t.yaml:6:5: error: restricted failover domain 'd' has no nodes: its guests could never run\n"},
      {"two_node with three nodes", kBase + "  - {name: n3, id: 3}\nquorum: {two_node: true}\n",
       "t.yaml:6:20: error: two_node needs exactly 2 nodes; the topology has 3\n"},
      {"YAML syntax", "cluster: {name: c\nnodes: []\n", "t.yaml:2:6: error: YAML syntax: end of map flow not found\n"},
      {"integer expected", "cluster: {name: c}\nnodes:\n  - {name: n1, id: one}\n",
       "t.yaml:3:20: error: 'id' of node: expected an integer, got 'one'\n"},
      {"missing required key", "cluster: {name: c}\nnodes:\n  - {id: 1}\n",
       "t.yaml:3:5: error: node is missing required key 'name'\n"},
      {"bad boolean", kBase + "failover_domains:\n  - {name: d, ordered: maybe, nodes: [n1]}\n",
       "t.yaml:6:24: error: 'ordered' of failover domain: expected true or false, got 'maybe'\n"},
      {"bad choice", kBase + "guests:\n  - {name: g, path: /vm, recovery: reboot}\n",
       "t.yaml:6:36: error: 'recovery' of guest: 'reboot' is not one of restart|relocate|disable\n"},
      {"guest without a config", kBase + "guests:\n  - {name: g}\n",
       "t.yaml:6:5: error: guest 'g' needs path (directory of NAME.xml) or xmlfile\n"},
      {"duplicate guest", kBase + "guests:\n  - {name: g, path: /vm}\n  - {name: g, path: /vm}\n",
       "t.yaml:7:12: error: duplicate guest 'g'\n"},
      {"depend on an unknown guest",
       kBase + "guests:\n  - {name: web, path: /vm, depend: dbb}\n  - {name: db, path: /vm}\n",
       "t.yaml:6:36: error: unknown guest 'dbb' in depend of 'web'; did you mean 'db'?\n"},
      {"guest priority out of range", kBase + "guests:\n  - {name: g, path: /vm, priority: 1000001}\n",
       "t.yaml:6:36: error: 'priority' of guest: 1000001 is out of range 0..1000000\n"},
      {"start_after an unknown guest",
       kBase + "guests:\n  - {name: g, path: /vm, start_after: [h]}\n  - {name: i, path: /vm}\n",
       "t.yaml:6:40: error: unknown guest 'h' in start_after of 'g'\n"},
      {"start_after cycle (with depend)",
       kBase + "guests:\n  - {name: a, path: /vm, start_after: [b]}\n  - {name: b, path: /vm, start_after: [c]}\n"
               "  - {name: c, path: /vm, depend: a}\n",
       "t.yaml:6:5: error: start_after forms a cycle: a -> b -> c -> a (each starts after the next)\n"},
      {"start_after not a list", kBase + "guests:\n  - {name: a, path: /vm, start_after: a}\n",
       "t.yaml:6:39: error: start_after must be a list of guest names, e.g. [db1, db2]\n"},
      {"reserve larger than the capacity",
       "cluster: {name: c, fencing_enabled: false}\nnodes:\n  - {name: n1, id: 1, utilization: {memory: 1024}, "
       "reserve: {memory: 2048}}\n"
       "  - {name: n2, id: 2, utilization: {memory: 1024}}\n",
       "t.yaml:3:5: error: reserve of node 'n1': memory 2048 is more than its capacity 1024\n"},
      {"reserve of an undeclared capacity",
       "cluster: {name: c, fencing_enabled: false}\nnodes:\n  - {name: n1, id: 1, utilization: {memory: 1024}, "
       "reserve: {cpu: 1}}\n"
       "  - {name: n2, id: 2, utilization: {memory: 1024}}\n",
       "t.yaml:3:5: error: reserve of node 'n1': it declares no utilization cpu to keep 1 of\n"},
      {"limit out of range",
       "cluster: {name: c, fencing_enabled: false, limits: {parallel_starts: 0}}\nnodes:\n  - {name: n1, id: 1}\n",
       "t.yaml:1:70: error: 'parallel_starts' of limits: 0 is out of range 1..1000\n"},
      {"quorum disk without a device", kBase + "quorum:\n  disk: {interval: 1}\n",
       "t.yaml:6:9: error: quorum disk needs a device or a label\n"},
      {"heuristic name", kBase + "quorum:\n  disk:\n    label: q\n    heuristics: [{name: ping gw, program: ping}]\n",
       "t.yaml:8:25: error: heuristic name 'ping gw' must be 1-32 letters, digits and _\n"},
      {"utilization nobody offers", kBase + "guests:\n  - {name: g, path: /vm, utilization: {cpu: 2}}\n",
       "t.yaml:6:5: error: guest 'g' uses utilization 'cpu' but no node declares a capacity for it\n"},
      {"password with two sources",
       kBase + "fence_devices:\n  - {name: f, agent: fence_apc, password: {file: a, env: B}}\n",
       "t.yaml:6:43: error: password must be a string, {file: PATH} or {env: VARIABLE}\n"},
      {"fence device name not an XML ID", kBase + "fence_devices:\n  - {name: 1pdu, agent: fence_apc}\n",
       "t.yaml:6:12: error: fence device name '1pdu' must start with a letter or _ and contain only letters, digits, _ "
       ". -\n"},
      {"guest name taken by a CIB id",
       kBase + "failover_domains: [{name: web, nodes: [n1]}]\nguests:\n  - {name: domain-web, path: /vm}\n",
       "t.yaml:7:12: error: guest name 'domain-web' is taken by the CIB (domain tags, guest templates)\n"},
      {"no nodes", "cluster: {name: c}\n", "t.yaml:1:1: error: the topology has no nodes\n"},
      {"no fencing at all", "cluster: {name: c}\nnodes:\n  - {name: n1, id: 1}\n  - {name: n2, id: 2}\n",
       "t.yaml:1:17: error: no node has a fence method, so a failed host could never be fenced; give every node "
       "fencing, "
       "or set fencing_enabled: false in cluster to run without fencing on purpose\n"},
      {"only manual fencing (the CIB)",
       "cluster: {name: c}\nfence_devices: [{name: m, agent: fence_manual}]\nnodes:\n"
       "  - {name: n1, id: 1, fencing: [{method: human, devices: [m]}]}\n",
       "t.yaml:1:17: error: no node has a fence device Pacemaker can use (fence_manual is not one), so the CIB would "
       "start no guest; add a power or management fence device to the nodes\n"},
      {"not a mapping", "- a\n- b\n",
       "t.yaml:1:1: error: a topology must be a mapping with the keys cluster, nodes, ...\n"},
  };
  for (const auto& c : cases) EXPECT_EQ(errors_of(c.yaml), c.want) << c.what << "\n" << c.yaml;
}

TEST(TopologyReader, ReportsEveryErrorInOneRun) {
  std::string yaml = "cluster: {name: c, transprt: knet}\nnodes:\n  - {name: n1, id: x}\n  - {name: n2, idd: 2}\n";
  EXPECT_EQ(errors_of(yaml),
            "t.yaml:1:20: error: unknown key 'transprt' in cluster; did you mean 'transport'?\n"
            "t.yaml:3:20: error: 'id' of node: expected an integer, got 'x'\n"
            "t.yaml:4:5: error: node is missing required key 'id'\n"
            "t.yaml:4:16: error: unknown key 'idd' in node; did you mean 'id'?\n");
}

TEST(TopologyReader, ValidExampleHasNoErrors) { EXPECT_EQ(errors_of(testing::kThreeHosts), ""); }

TEST(TopologyReader, ShorthandsAndNormalizedValues) {
  Topology t = testing::parse(testing::kThreeHosts);
  ASSERT_EQ(t.domains.size(), 3u);
  EXPECT_EQ(t.domains[2].members[1].node(), "n3");  // a member given as a bare name
  EXPECT_EQ(t.nodes[0].fencing[0].devices[0].settings.get("port"), "1");
  EXPECT_EQ(t.domains[0].settings.get("ordered"), "true");
  EXPECT_EQ(t.fence_devices[0].password.source, Secret::Source::Inline);
}

}  // namespace
}  // namespace vmha::config
