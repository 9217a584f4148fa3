// The hostile-input table of the cluster.conf importer (issue 13): character references that
// would become newlines in corosync.conf, attributes that would replace generated ones, objects
// a topology cannot hold without their name, and inputs past the limits. Each gives its exact
// error; an import with an error writes nothing (tests/config-gen/hostile.sh).
#include <gtest/gtest.h>

#include "cluster_conf_reader.hpp"
#include "limits.hpp"
#include "validate.hpp"

namespace vmha::config {
namespace {

std::string errors_of(const std::string& xml) {
  ImportResult r = read_cluster_conf(xml);
  if (r.diagnostics.empty()) validate(r.topology, r.diagnostics, nullptr, {.cib = false, .fencing_required = false});
  return r.diagnostics.format("c.conf");
}

std::string conf(const std::string& inside, const std::string& name = "c") {
  return "<cluster name=\"" + name +
         "\" config_version=\"1\">\n<clusternodes>\n<clusternode name=\"a\" nodeid=\"1\"/>\n"
         "</clusternodes>\n" +
         inside + "</cluster>\n";
}

struct Case {
  const char* what;
  std::string xml;
  std::string want;
};

TEST(HostileImport, Table) {
  const Case cases[] = {
      {"&#10; in the cluster name (a quorum {} section in corosync.conf)", conf("", "c&#10;quorum {&#10;}"),
       "c.conf:1:1: error: <cluster name>: 'c\\nquorum {\\n}' contains the control character U+000A (byte 2)\n"},
      {"&#10; in a heuristic program (a second exec_ line)",
       conf("<quorumd label=\"q\">\n<heuristic program=\"ping gw&#10;exec_evil: /bin/evil\"/>\n</quorumd>\n"),
       "c.conf:6:1: error: <heuristic program>: 'ping gw\\nexec_evil: /bin/evil' contains the control character U+000A "
       "(byte 8)\n"},
      {"&#9; in a guest path", conf("<rm><vm name=\"g\" path=\"/v&#9;m\"/></rm>\n"),
       "c.conf:5:1: error: <vm path>: '/v\\tm' contains the control character U+0009 (byte 3)\n"},
      {"&#10; in a fence option",
       conf("<fencedevices><fencedevice name=\"d\" agent=\"fence_apc\" ipaddr=\"1&#10;agent=x\"/></fencedevices>\n"),
       "c.conf:5:1: error: <fencedevice ipaddr>: '1\\nagent=x' contains the control character U+000A (byte 2)\n"},
      {"&#10; in a password",
       conf("<fencedevices><fencedevice name=\"d\" agent=\"fence_apc\" passwd=\"p&#10;w\"/></fencedevices>\n"),
       "c.conf:5:1: error: <fencedevice passwd>: the password contains the control character U+000A (byte 2)\n"},
      {"a '{' in a value corosync.conf carries", conf("<quorumd device=\"/dev/{x}\"/>\n"),
       "c.conf:5:1: error: <quorumd device>: '/dev/{x}' contains '{', which corosync.conf reads as the start of a "
       "section\n"},
      {"bytes that are not UTF-8", conf("<rm><vm name=\"g\" path=\"/vm\xff\"/></rm>\n"),
       "c.conf:5:1: error: <vm path>: '/vm\\xFF' is not valid UTF-8 (byte 4)\n"},
      {"a namespace attribute as a fence option",
       conf("<fencedevices><fencedevice name=\"d\" agent=\"fence_apc\" xmlns:a=\"urn:x\"/></fencedevices>\n"),
       "c.conf:5:1: error: <fencedevice xmlns:a>: a topology option name is 1-64 letters, digits, _ . - with a letter "
       "or _ first (not xml...)\n"},
      {"a per-node agent",
       "<cluster name=\"c\" config_version=\"1\">\n<clusternodes>\n<clusternode name=\"a\" nodeid=\"1\">\n"
       "<fence><method name=\"1\"><device name=\"d\" "
       "agent=\"fence_evil\"/></method></fence>\n</clusternode>\n</clusternodes>\n"
       "<fencedevices><fencedevice name=\"d\" agent=\"fence_apc\"/></fencedevices>\n</cluster>\n",
       "c.conf:4:1: error: <device agent>: repeats an attribute vmha-config writes itself\n"},
      {"a vm without a name", conf("<rm><vm path=\"/vm\"/></rm>\n"),
       "c.conf:5:1: error: <vm>: needs the attribute 'name' (a topology requires name)\n"},
      {"a node without a nodeid",
       "<cluster name=\"c\" config_version=\"1\"><clusternodes>\n<clusternode "
       "name=\"a\"/>\n</clusternodes></cluster>\n",
       "c.conf:2:1: error: <clusternode>: needs the attribute 'nodeid' (a topology requires id)\n"},
      {"a cluster without a name",
       "<cluster config_version=\"1\"><clusternodes>\n<clusternode name=\"a\" "
       "nodeid=\"1\"/>\n</clusternodes></cluster>\n",
       "c.conf:1:1: error: <cluster>: needs the attribute 'name' (a topology requires name)\n"},
      {"a fence device without an agent", conf("<fencedevices>\n<fencedevice name=\"d\"/>\n</fencedevices>\n"),
       "c.conf:6:1: error: <fencedevice>: needs the attribute 'agent' (a topology requires agent)\n"},
      {"a heuristic without a program", conf("<quorumd label=\"q\">\n<heuristic score=\"1\"/>\n</quorumd>\n"),
       "c.conf:6:1: error: <heuristic>: needs the attribute 'program' (a topology requires program)\n"},
      {"a vm name that is no XML ID (validate would refuse the topology)",
       conf("<rm><vm name=\"1g\" path=\"/vm\"/></rm>\n"),
       "c.conf:5:1: error: guest name '1g' must start with a letter or _ and contain only letters, digits, _ . -\n"},
      {"a cluster without nodes", "<cluster name=\"c\" config_version=\"1\"/>\n",
       "c.conf:1:1: error: the topology has no nodes\n"},
      {"an empty file", "", "c.conf:1:1: error: the file is empty; a cluster.conf is a <cluster> element\n"},
  };
  for (const auto& c : cases) EXPECT_EQ(errors_of(c.xml), c.want) << c.what << "\n" << c.xml;
}

TEST(HostileImport, Limits) {
  std::string many = "<cluster name=\"c\"\n";
  for (std::size_t i = 0; i <= limits::kXmlAttributes; ++i) many += " a" + std::to_string(i) + "=\"\"";
  many += "/>\n";
  EXPECT_EQ(errors_of(many), "c.conf:1:1: error: an element with more than 256 attributes\n");
  std::string big = conf("<!-- " + std::string(limits::kInputBytes, 'x') + " -->\n");
  EXPECT_EQ(errors_of(big), "c.conf:1:1: error: the file is " + std::to_string(big.size()) +
                                " bytes; a cluster.conf may have at most 4194304\n");
  std::string deep = "<cluster name=\"c\">" + std::string(600 * 3, ' ');
  for (int i = 0; i < 600; ++i) deep += "<a>";
  EXPECT_NE(errors_of(deep).find("c.conf:1:1: error: XML: "), std::string::npos) << errors_of(deep);
}

}  // namespace
}  // namespace vmha::config
