// The hostile-input table of the topology reader (issue 13): values that would inject keys or
// sections into an output, options that would replace generated attributes, duplicate keys,
// more than one document, aliases, depth and size past the limits. Each case gives the exact
// error: one line, FILE:LINE:COLUMN, whatever the input held.
#include <gtest/gtest.h>

#include "cib_writer.hpp"
#include "limits.hpp"
#include "topology_reader.hpp"
#include "validate.hpp"

namespace vmha::config {
namespace {

std::string errors_of(const std::string& yaml) {
  ReadResult r = read_topology(yaml);
  if (r.diagnostics.empty()) validate(r.topology, r.diagnostics);
  return r.diagnostics.format("t.yaml");
}

const std::string kNodes = "nodes:\n  - {name: n1, id: 1}\n  - {name: n2, id: 2}\n";
const std::string kBase = "cluster: {name: c}\n" + kNodes;

struct Case {
  const char* what;
  std::string yaml;
  std::string want;
};

TEST(HostileTopology, InjectionThroughValues) {
  const Case cases[] = {
      {"a newline in a heuristic program (a second exec_ line in corosync.conf)",
       kBase + "quorum:\n  disk:\n    label: q\n    heuristics: [{name: gw, program: \"ping gw\\nexec_evil: "
               "/bin/evil\"}]\n",
       "t.yaml:8:38: error: 'ping gw\\nexec_evil: /bin/evil' contains the control character U+000A (byte 8): no output "
       "can carry it\n"},
      {"a newline in the cluster name (a quorum {} section in corosync.conf)",
       "cluster: {name: \"c\\nquorum {\\n}\"}\n" + kNodes,
       "t.yaml:1:17: error: 'c\\nquorum {\\n}' contains the control character U+000A (byte 2): no output can carry "
       "it\n"},
      {"a literal block scalar holds newlines too",
       kBase + "guests:\n  - name: g\n    path: |\n      /vm\n      /other\n",
       "t.yaml:7:11: error: '/vm\\n/other\\n' contains the control character U+000A (byte 4): no output can carry "
       "it\n"},
      {"a NUL in a node name", "cluster: {name: c}\nnodes:\n  - {name: \"n1\\0x\", id: 1}\n",
       "t.yaml:3:12: error: 'n1\\x00x' contains the control character U+0000 (byte 3): no output can carry it\n"},
      {"a tab", kBase + "guests: [{name: g, path: \"/v\\tm\"}]\n",
       "t.yaml:5:26: error: '/v\\tm' contains the control character U+0009 (byte 3): no output can carry it\n"},
      {"ESC", kBase + "guests: [{name: g, path: \"/vm\\e[2J\"}]\n",
       "t.yaml:5:26: error: '/vm\\x1B[2J' contains the control character U+001B (byte 4): no output can carry it\n"},
      {"a C1 control character", kBase + "guests: [{name: g, path: \"/vm\\x90\"}]\n",
       "t.yaml:5:26: error: '/vm\\xC2\\x90' contains the control character U+0090 (byte 4): no output can carry it\n"},
      {"bytes that are not UTF-8", kBase + "guests: [{name: g, path: /vm\xff\xfe}]\n",
       "t.yaml:5:26: error: '/vm\\xFF\\xFE' is not valid UTF-8 (byte 4): no output can carry it\n"},
      {"an XML non-character", kBase + "guests: [{name: g, path: \"/vm\\uFFFF\"}]\n",
       "t.yaml:5:26: error: '/vm\xef\xbf\xbf' contains the non-character U+FFFF (byte 4): no output can carry it\n"},
      {"a '{' in a value corosync.conf carries",
       kBase + "quorum:\n  disk:\n    label: q\n    heuristics: [{name: gw, program: \"test -f /x || { exit 1; }\"}]\n",
       "t.yaml:8:38: error: 'program' of heuristic: 'test -f /x || { exit 1; }' contains '{', which corosync.conf "
       "reads as the start of a section\n"},
      {"a blank at the end of a value", "cluster: {name: \"c \"}\n" + kNodes,
       "t.yaml:1:17: error: 'name' of cluster: 'c ' starts or ends with a blank, which corosync.conf drops\n"},
      {"a blank at the start of a value corosync.conf does not carry", kBase + "guests: [{name: g, path: \" /vm\"}]\n",
       "t.yaml:5:26: error: 'path' of guest: ' /vm' starts or ends with a blank\n"},
      {"a value longer than corosync.conf's lines",
       kBase + "quorum: {disk: {device: /dev/" + std::string(400, 'x') + "}}\n",
       "t.yaml:5:25: error: 'device' of quorum disk: '/dev/" + std::string(75, 'x') +
           "...' is 405 bytes long; corosync.conf carries at most 400\n"},
      {"an address with a newline",
       "cluster: {name: c}\nnodes:\n  - {name: n1, id: 1, addresses: [\"10.0.0.1\\nring1_addr: 10.6.6.6\"]}\n",
       "t.yaml:3:35: error: '10.0.0.1\\nring1_addr: 10.6.6.6' contains the control character U+000A (byte 9): no "
       "output can carry it\n"},
      {"an address with a '{'", "cluster: {name: c}\nnodes:\n  - {name: n1, id: 1, addresses: \"a{\"}\n",
       "t.yaml:3:34: error: address 'a{' contains '{', which corosync.conf reads as the start of a section\n"},
  };
  for (const auto& c : cases) EXPECT_EQ(errors_of(c.yaml), c.want) << c.what << "\n" << c.yaml;
}

TEST(HostileTopology, FenceOptionsCannotReplaceGeneratedAttributes) {
  const std::string device = kBase + "fence_devices:\n  - {name: d1, agent: fence_apc, options: {";
  const Case cases[] = {
      {"a second name", device + "name: d2}}\n",
       "t.yaml:6:44: error: option 'name' of fence device options is written by vmha-config itself\n"},
      {"another agent", device + "ipaddr: 10.0.0.1, agent: fence_evil}}\n",
       "t.yaml:6:62: error: option 'agent' of fence device options is written by vmha-config itself\n"},
      {"a password outside password:", device + "passwd: x}}\n",
       "t.yaml:6:44: error: option 'passwd' of fence device options is written by vmha-config itself; give the "
       "password as password:\n"},
      {"the host map Pacemaker gets", device + "pcmk_host_map: \"n1:1\"}}\n",
       "t.yaml:6:44: error: option 'pcmk_host_map' of fence device options is written by vmha-config itself\n"},
      {"a name no XML attribute can have", device + "\"1bad<>\": x}}\n",
       "t.yaml:6:44: error: option name '1bad<>' of fence device options must be 1-64 letters, digits, _ . - with a "
       "letter or _ first (not xml...)\n"},
      {"a namespace declaration", device + "xmlns: \"urn:x\"}}\n",
       "t.yaml:6:44: error: option name 'xmlns' of fence device options must be 1-64 letters, digits, _ . - with a "
       "letter or _ first (not xml...)\n"},
      {"a prefixed name", device + "\"a:b\": x}}\n",
       "t.yaml:6:44: error: option name 'a:b' of fence device options must be 1-64 letters, digits, _ . - with a "
       "letter or _ first (not xml...)\n"},
      {"a per-node port beside port:",
       "cluster: {name: c}\nfence_devices: [{name: d1, agent: fence_apc}]\nnodes:\n"
       "  - {name: n1, id: 1, fencing: [{method: m, devices: [{device: d1, port: \"1\", options: {port: \"2\"}}]}]}\n",
       "t.yaml:4:89: error: option 'port' of device options is written by vmha-config itself\n"},
      {"a per-node device name",
       "cluster: {name: c}\nfence_devices: [{name: d1, agent: fence_apc}]\nnodes:\n"
       "  - {name: n1, id: 1, fencing: [{method: m, devices: [{device: d1, options: {name: d2}}]}]}\n",
       "t.yaml:4:78: error: option 'name' of device options is written by vmha-config itself\n"},
  };
  for (const auto& c : cases) EXPECT_EQ(errors_of(c.yaml), c.want) << c.what << "\n" << c.yaml;
}

TEST(HostileTopology, StructureIsRefusedWithBothPositions) {
  const Case cases[] = {
      {"a duplicate key (the later would win)", "cluster: {name: a, name: b}\n" + kNodes,
       "t.yaml:1:20: error: duplicate key 'name' (first at 1:11)\n"},
      {"two nodes: lists (they would merge)", kBase + "nodes:\n  - {name: n3, id: 3}\n",
       "t.yaml:5:1: error: duplicate key 'nodes' (first at 2:1)\n"},
      {"a duplicate option", kBase + "fence_devices: [{name: d, agent: fence_apc, options: {ipaddr: a, ipaddr: b}}]\n",
       "t.yaml:5:66: error: duplicate key 'ipaddr' (first at 5:55)\n"},
      {"a second document, even a broken one", kBase + "---\ncluster: [\n",
       "t.yaml:5:1: error: a topology is one YAML document; a second one starts here\n"},
      {"a second valid document", kBase + "---\n" + kBase,
       "t.yaml:5:1: error: a topology is one YAML document; a second one starts here\n"},
      {"an alias", "cluster: {name: c}\nnodes:\n  - &n {name: n1, id: 1}\n  - *n\n",
       "t.yaml:4:5: error: aliases (*NAME) are not supported in a topology: write the value out\n"},
      {"a key with a newline cannot forge a second message", kBase + "\"x\\nt.yaml:1:1: error: forged\": 1\n",
       "t.yaml:5:1: error: 'x\\nt.yaml:1:1: error: forged' contains the control character U+000A (byte 2): no output "
       "can carry it\n"},
      {"an empty file", "", "t.yaml:1:1: error: the topology is empty; it needs at least cluster and nodes\n"},
      {"only a comment", "# nothing yet\n",
       "t.yaml:1:1: error: the topology is empty; it needs at least cluster and nodes\n"},
      {"no nodes", "cluster: {name: c}\n", "t.yaml:1:1: error: the topology has no nodes\n"},
      {"nested past the limit", "cluster: {name: c}\nx: " + std::string(40, '[') + std::string(40, ']') + "\n",
       "t.yaml:2:35: error: nested deeper than 32 levels (a topology needs 8)\n"},
  };
  for (const auto& c : cases) EXPECT_EQ(errors_of(c.yaml), c.want) << c.what << "\n" << c.yaml;
}

TEST(HostileTopology, SizeLimits) {
  std::string big = kBase + "# " + std::string(limits::kInputBytes, 'x') + "\n";
  EXPECT_EQ(errors_of(big), "t.yaml:1:1: error: the file is " + std::to_string(big.size()) +
                                " bytes; a topology may have at most 4194304\n");
  std::string many = kBase + "guests: [";
  for (std::size_t i = 0; i < limits::kYamlNodes; ++i) many += "a,";
  many += "a]\n";
  EXPECT_NE(errors_of(many).find("error: more than 250000 YAML values"), std::string::npos);
}

// A node's option of the same name as its device's replaces it: one nvpair, one id.
TEST(HostileTopology, NodeOptionReplacesTheDevicesInTheCib) {
  ReadResult r = read_topology(
      "cluster: {name: c}\nfence_devices: [{name: ipmi, agent: fence_ipmilan, options: {ipaddr: 10.0.0.9, login: "
      "root}}]\nnodes:\n"
      "  - {name: n1, id: 1, fencing: [{method: m, devices: [{device: ipmi, options: {ipaddr: 10.0.0.1}}]}]}\n"
      "  - {name: n2, id: 2, fencing: [{method: m, devices: [{device: ipmi, options: {ipaddr: 10.0.0.2}}]}]}\n");
  ASSERT_TRUE(r.diagnostics.empty()) << r.diagnostics.format("t.yaml");
  std::string cib = write_cib(r.topology, {});
  auto count = [&](const std::string& piece) {
    std::size_t n = 0;
    for (auto at = cib.find(piece); at != std::string::npos; at = cib.find(piece, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("id=\"ipmi-n1-instance_attributes-ipaddr\""), 1u) << cib;
  EXPECT_EQ(count("name=\"ipaddr\" value=\"10.0.0.1\""), 1u) << cib;
  EXPECT_EQ(count("value=\"10.0.0.9\""), 0u) << cib;
}

}  // namespace
}  // namespace vmha::config
