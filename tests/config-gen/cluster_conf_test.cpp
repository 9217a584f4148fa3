#include "cluster_conf_writer.hpp"

#include <gtest/gtest.h>

#include "canonical_xml.hpp"
#include "cluster_conf_reader.hpp"
#include "test_topologies.hpp"
#include "topology_reader.hpp"
#include "topology_writer.hpp"

namespace vmha::config {
namespace {

using testing::parse;

// A cluster.conf in the style of the reference architecture, with attributes in odd places.
const char* kLegacy = R"(<?xml version="1.0"?>
<cluster name="legacy" config_version="7">
  <quorumd device="/dev/sdq" interval="1" min_score="1" tko="10" votes="1">
    <heuristic interval="2" program="ping -c1 gw" score="1"/>
    <heuristic program="/bin/true" score="2" tko="3"/>
  </quorumd>
  <cman expected_votes="3"/>
  <totem token="21000"/>
  <clusternodes>
    <clusternode name="a" nodeid="1" votes="1">
      <fence><method name="1"><device name="ipmi_a" lanplus="1"/></method></fence>
    </clusternode>
    <clusternode name="b" nodeid="2">
      <fence><method name="1"><device name="ipmi_b"/></method></fence>
    </clusternode>
  </clusternodes>
  <fencedevices>
    <fencedevice agent="fence_ipmilan" ipaddr="10.0.0.1" login="root" name="ipmi_a" passwd="pw"/>
    <fencedevice agent="fence_ipmilan" ipaddr="10.0.0.2" login="root" name="ipmi_b" passwd="pw"/>
  </fencedevices>
  <rm log_level="7">
    <failoverdomains>
      <failoverdomain name="d" nofailback="1" ordered="0" restricted="0">
        <failoverdomainnode name="a"/>
        <failoverdomainnode name="b"/>
      </failoverdomain>
    </failoverdomains>
    <vm name="web" domain="d" xmlfile="/etc/libvirt/qemu/web.xml" depend="vm:db" max_restarts="2" restart_expire_time="60"/>
    <vm name="db" domain="d" path="/vms" recovery="relocate" hypervisor="qemu"/>
    <service name="nfs"/>
  </rm>
</cluster>
)";

std::string canonical(const std::string& text) {
  std::string error;
  auto form = canonical_cluster_conf(text, error);
  EXPECT_TRUE(form) << error;
  return form.value_or("");
}

TEST(ClusterConf, ImportThenGenerateIsEquivalentForWhatTheTopologyHolds) {
  ImportResult imported = read_cluster_conf(kLegacy);
  ASSERT_TRUE(imported.diagnostics.empty()) << imported.diagnostics.format("legacy.conf");
  // Through YAML text and back, as an operator would do it.
  std::string yaml = write_topology(imported.topology);
  ReadResult reread = read_topology(yaml);
  ASSERT_TRUE(reread.diagnostics.empty()) << reread.diagnostics.format("reread.yaml") << yaml;
  std::string regenerated = write_cluster_conf(reread.topology);

  // What a topology cannot hold is reported, each with its line, and is all that differs.
  std::vector<std::string> notes;
  for (const auto& n : imported.not_imported) notes.push_back(std::to_string(n.mark.line) + " " + n.message);
  EXPECT_EQ(notes, (std::vector<std::string>{"8 not imported: <totem>", "21 not imported: <rm log_level>",
                                             "30 not imported: <service> (only vm services are part of a topology)"}));
  std::string expected = kLegacy;
  for (const char* gone : {"  <totem token=\"21000\"/>\n", " log_level=\"7\"", "    <service name=\"nfs\"/>\n"})
    expected.erase(expected.find(gone), std::string(gone).size());
  EXPECT_EQ(canonical(regenerated), canonical(expected)) << regenerated;
}

TEST(ClusterConf, DerivedQuorum) {
  struct Case {
    const char* yaml_tail;
    const char* cman;  // the <cman .../> element expected, or "" for none
  } cases[] = {
      {"nodes: [{name: a, id: 1}, {name: b, id: 2}]\n", "<cman expected_votes=\"1\" two_node=\"1\"/>"},
      {"nodes: [{name: a, id: 1}, {name: b, id: 2}]\nquorum: {disk: {label: q}}\n", "<cman expected_votes=\"3\"/>"},
      {"nodes: [{name: a, id: 1}, {name: b, id: 2}, {name: c, id: 3}]\n", ""},
      {"nodes: [{name: a, id: 1}, {name: b, id: 2}, {name: c, id: 3}]\nquorum: {disk: {label: q}}\n",
       "<cman expected_votes=\"5\"/>"},  // disk votes default to nodes - 1
      {"nodes: [{name: a, id: 1}, {name: b, id: 2}]\nquorum: {two_node: true, expected_votes: 1, disk: {label: q}}\n",
       "<cman expected_votes=\"1\" two_node=\"1\"/>"},  // as the reference architecture wrote it
  };
  for (const auto& c : cases) {
    std::string text = write_cluster_conf(parse(std::string("cluster: {name: c}\n") + c.yaml_tail));
    if (*c.cman)
      EXPECT_NE(text.find(c.cman), std::string::npos) << c.yaml_tail << text;
    else
      EXPECT_EQ(text.find("<cman"), std::string::npos) << text;
  }
}

TEST(ClusterConf, ElementsAndAttributes) {
  std::string text = write_cluster_conf(parse(testing::kThreeHosts));
  for (const char* piece :
       {"<cluster name=\"c3\" config_version=\"1\">", "<clusternode name=\"n1\" nodeid=\"1\">",
        "<method name=\"power\">", "<device name=\"pdu\" port=\"1\"/>", "<device name=\"manual\" nodename=\"n1\"/>",
        "<fencedevice name=\"pdu\" agent=\"fence_apc\" passwd=\"secret\" ipaddr=\"10.0.0.1\"/>",
        "<failoverdomain name=\"ord\" ordered=\"1\" restricted=\"1\">",
        "<failoverdomainnode name=\"n1\" priority=\"1\"/>",
        "<vm name=\"g2\" domain=\"sticky\" xmlfile=\"/vms/g2.xml\"/>"})
    EXPECT_NE(text.find(piece), std::string::npos) << piece << "\n" << text;
}

TEST(ClusterConf, ImportErrorsNameTheLine) {
  ImportResult r = read_cluster_conf(
      "<cluster name=\"c\">\n<clusternodes>\n<clusternode name=\"a\" nodeid=\"x\"/>\n</clusternodes>\n</cluster>\n");
  EXPECT_EQ(r.diagnostics.format("c.conf"), "c.conf:3:1: error: <clusternode nodeid>: expected an integer, got 'x'\n");
  EXPECT_EQ(read_cluster_conf("<clustr/>").diagnostics.format("c.conf"),
            "c.conf:1:1: error: not a cluster.conf: the root element must be <cluster>\n");
  EXPECT_FALSE(read_cluster_conf("<cluster><a></cluster>").diagnostics.empty());
}

}  // namespace
}  // namespace vmha::config
