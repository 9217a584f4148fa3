// Remote hosts (remote: true): validate's refusals, the quorum figures that leave them out, the
// topology's round trip, and how the planner tells the scheduler one failed. The generated files
// themselves are golden (tests/data/config-gen/remote-hosts) and checked by crm_verify, corosync -t
// and pcs in remote.sh.
#include <gtest/gtest.h>

#include "plan.hpp"
#include "test_topologies.hpp"
#include "topology_writer.hpp"
#include "validate.hpp"

namespace vmha::config {
namespace {

using testing::parse;

// MEMBERS full members and REMOTES remote hosts, fenced by one PDU.
std::string hosts(int members, int remotes, const std::string& remote_extra = "") {
  std::string yaml = "cluster: {name: big}\nfence_devices: [{name: pdu, agent: fence_apc, password: pw}]\nnodes:\n";
  for (int i = 1; i <= members + remotes; ++i) {
    yaml += "  - {name: h" + std::to_string(i) + ", id: " + std::to_string(i) +
            ", fencing: [{method: p, devices: [{device: pdu, port: \"" + std::to_string(i) + "\"}]}]";
    if (i > members) yaml += ", remote: true" + remote_extra;
    yaml += "}\n";
  }
  return yaml;
}

std::string errors_of(const std::string& yaml) {
  ReadResult r = read_topology(yaml);
  if (r.diagnostics.empty()) validate(r.topology, r.diagnostics);
  return r.diagnostics.format("t.yaml");
}

TEST(RemoteHosts, MoreThan32MembersIsRefusedWithTheHint) {
  EXPECT_EQ(errors_of(hosts(32, 40)), "");
  EXPECT_EQ(errors_of(hosts(33, 0)),
            "t.yaml:36:5: error: the topology has 33 full members; corosync is tested with at most 32: make the rest "
            "`remote: true`\n");
}

TEST(RemoteHosts, RemoteHostsNeedAMember) {
  EXPECT_EQ(errors_of(hosts(0, 2)),
            "t.yaml:4:5: error: every host is `remote: true`: remote hosts need at least one full member to run "
            "their connection\n");
}

TEST(RemoteHosts, WhatARemoteHostCannotHave) {
  EXPECT_NE(errors_of(hosts(2, 1, ", votes: 2")).find("remote host 'h3' has no quorum vote: remove votes"),
            std::string::npos);
  EXPECT_NE(errors_of(hosts(2, 1, ", addresses: [10.0.0.1, 10.0.0.2]"))
                .find("remote host 'h3' has 2 addresses; pacemaker-remoted is reached at one"),
            std::string::npos);
  std::string member_port = hosts(2, 0);
  member_port.replace(member_port.find("id: 1,"), 6, "id: 1, remote_port: 3121,");
  ReadResult r = read_topology(member_port);
  Diagnostics warnings;
  validate(r.topology, r.diagnostics, &warnings);
  EXPECT_TRUE(r.diagnostics.empty());
  EXPECT_NE(warnings.format("t.yaml").find("remote_port of node 'h1' has no effect without `remote: true`"),
            std::string::npos);
  EXPECT_NE(errors_of(hosts(2, 1, ", remote_port: 0")).find("'remote_port' of node: 0 is out of range 1..65535"),
            std::string::npos);
  // The connection resource's id is the host's name: a guest of that name would collide.
  EXPECT_NE(errors_of(hosts(2, 1) + "guests: [{name: h3, path: /vm}]\n")
                .find("remote host 'h3' has the name of a guest or fence device"),
            std::string::npos);
}

TEST(RemoteHosts, OnlyMembersVote) {
  Topology t = parse(hosts(2, 2));
  EXPECT_EQ(t.members().size(), 2u);
  EXPECT_TRUE(t.has_remote_hosts());
  EXPECT_TRUE(plan_quorum(t).two_node);  // two members: votequorum's two_node, whatever the remote hosts
  EXPECT_TRUE(keeps_quorum(t, {"h1"}));
  EXPECT_TRUE(keeps_quorum(t, {"h3", "h4"}));  // losing every remote host costs no vote
  Topology three = parse(hosts(3, 2));
  EXPECT_FALSE(keeps_quorum(three, {"h1", "h2"}));
  EXPECT_TRUE(keeps_quorum(three, {"h1", "h4", "h5"}));
}

TEST(RemoteHosts, RoundTripThroughTheTopologyWriter) {
  Topology t = parse(hosts(2, 1, ", remote_port: 3131"));
  std::string yaml = write_topology(t);
  Topology back = parse(yaml);
  ASSERT_EQ(back.nodes.size(), 3u);
  EXPECT_FALSE(back.nodes[0].remote());
  EXPECT_TRUE(back.nodes[2].remote());
  EXPECT_EQ(back.nodes[2].settings.get_int("remote_port"), 3131);
  EXPECT_EQ(write_topology(back), yaml);
}

TEST(RemoteHosts, AFailedRemoteHostIsItsConnectionsFailedMonitor) {
  Topology t = parse(hosts(2, 2));
  std::map<std::string, std::string> steady = {{"h3", "h1"}, {"h4", "h2"}, {"g", "h3"}};
  SimulateRequest request = failure_request(t, "steady.xml", {"h1", "h3"}, steady);
  EXPECT_EQ(request.failed_nodes, std::vector<std::string>{"h1"});
  EXPECT_EQ(request.injected_ops, std::vector<std::string>{"h3_monitor_30000@h1=1"});
  EXPECT_EQ(request.quorum, true);  // two_node: the survivor h2 keeps quorum
  // A remote host whose connection runs nowhere is no node already: nothing to fail.
  EXPECT_TRUE(failure_request(t, "steady.xml", {"h4"}, {}).injected_ops.empty());
}

}  // namespace
}  // namespace vmha::config
