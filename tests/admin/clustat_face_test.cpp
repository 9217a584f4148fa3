#include <gtest/gtest.h>

#include <tinyxml2.h>

#include "clustat_face.hpp"
#include "fixtures.hpp"

using namespace vmha::admin;

namespace {

constexpr std::time_t kNow = 1700000000;

ClustatResult run(const std::string& scen, std::vector<std::string> args, const std::string& local = "hv1") {
  ClustatArgs a = parse_clustat_args("clustat", args);
  EXPECT_FALSE(a.stop) << a.output;
  return render_clustat(read_status(scenario(scen, local), kNow), a.options, kNow, 80);
}

struct ExitRow {
  const char* scenario;
  std::vector<std::string> args;
  int exit_code;
};
class ClustatExit : public ::testing::TestWithParam<ExitRow> {};
TEST_P(ClustatExit, AsRgmanager) {
  const ExitRow& r = GetParam();
  EXPECT_EQ(run(r.scenario, r.args).exit_code, r.exit_code);
}
INSTANTIATE_TEST_SUITE_P(
    Table, ClustatExit,
    ::testing::Values(ExitRow{"started", {}, 0}, ExitRow{"started", {"-Q"}, 0}, ExitRow{"inquorate", {"-Q"}, 1},
                      ExitRow{"started", {"-s", "vm:vm1"}, 0}, ExitRow{"started", {"-s", "vm:vm3"}, 119},  // disabled
                      ExitRow{"pinned_failed_frozen_standby", {"-s", "vm:vm2"}, 114},                      // failed
                      ExitRow{"host_offline", {"-s", "vm:vm1"}, 110},                                      // stopped
                      ExitRow{"started", {"-s", "vm:nosuch"}, 255},      // unknown, text
                      ExitRow{"started", {"-x", "-s", "vm:nosuch"}, 0},  // unknown, XML: 0 as rgmanager
                      ExitRow{"started", {"-x", "-s", "vm:vm3"}, 119}, ExitRow{"started", {"-m", "hv2"}, 0},
                      ExitRow{"host_offline", {"-m", "hv1"}, 1}, ExitRow{"host_unclean", {"-m", "hv1"}, 1},
                      ExitRow{"started", {"-m", "nosuch"}, 255}));

TEST(ClustatArgsTest, Refusals) {
  auto a = parse_clustat_args("clustat", {"-i", "2", "-x"});
  EXPECT_TRUE(a.stop);
  EXPECT_EQ(a.exit_code, 1);
  EXPECT_EQ(a.output, "Error: Options '-i' and '-x' are mutually exclusive\n");
  EXPECT_EQ(parse_clustat_args("clustat", {"-z"}).exit_code, 1);
  EXPECT_EQ(parse_clustat_args("clustat", {"-h"}).exit_code, 0);
  EXPECT_NE(parse_clustat_args("/usr/sbin/clustat", {"-h"}).output.find("usage: clustat <options>"), std::string::npos);
  EXPECT_EQ(parse_clustat_args("clustat", {"-i", "0"}).options.interval, 1);
  EXPECT_EQ(parse_clustat_args("clustat", {"-svm:vm1"}).options.service, "vm:vm1");
  EXPECT_EQ(parse_clustat_args("clustat", {"-s"}).exit_code, 1);
}

TEST(ClustatText, LayoutAsRgmanager) {
  std::string o = run("pinned_failed_frozen_standby", {}).output;
  EXPECT_EQ(o.rfind("Cluster Status for vmhalab @ ", 0), 0u) << o;
  EXPECT_NE(o.find("\nMember Status: Quorate\n\n"), std::string::npos) << o;
  // Member rows: name in cols/2 = 40, a space, %4d id, a space, status.
  EXPECT_NE(o.find(" Member Name                             ID   Status\n"
                   " ------ ----                             ---- ------\n"
                   " hv1                                         1 Online, Local, RG-Master\n"
                   " hv2                                         2 Online, RG-Worker\n"),
            std::string::npos)
      << o;
  // Service rows: 30, 30, 14 wide at 80 columns; frozen shows [Z]; failed shows (last owner).
  EXPECT_NE(o.find(" Service Name                   Owner (Last)                   State         \n"
                   " ------- ----                   ----- ------                   -----         \n"),
            std::string::npos)
      << o;
  EXPECT_NE(o.find(" vm:vm1                         hv2                            started       \n"),
            std::string::npos)
      << o;
  EXPECT_NE(o.find(" vm:vm2                         (hv2)                          failed        \n"),
            std::string::npos)
      << o;
  EXPECT_NE(o.find(" vm:vm3                         (none)                         disabled      \n"),
            std::string::npos)
      << o;
  EXPECT_NE(o.find(" vm:vm4                         hv1                            started    [Z]\n"),
            std::string::npos)
      << o;
}

TEST(ClustatText, LongFormat) {
  std::string o = run("pinned_failed_frozen_standby", {"-l", "-s", "vm:vm4"}).output;
  EXPECT_NE(o.find("Service Name      : vm:vm4\n  Current State   : started (112)\n  Flags           : frozen (1)\n"
                   "  Owner           : hv1\n  Last Owner      : hv1\n  Last Transition : "),
            std::string::npos)
      << o;
}

TEST(ClustatText, OfflineMember) {
  std::string o = run("host_offline", {"-m", "hv1"}, "hv2").output;
  EXPECT_NE(o.find(" hv1                                         1 Offline\n"), std::string::npos) << o;
}

TEST(ClustatXml, RgmanagerNames) {
  std::string o = run("pinned_failed_frozen_standby", {"-x"}).output;
  tinyxml2::XMLDocument doc;
  ASSERT_EQ(doc.Parse(o.c_str()), tinyxml2::XML_SUCCESS) << o;
  auto* root = doc.RootElement();
  ASSERT_STREQ(root->Name(), "clustat");
  EXPECT_STREQ(root->Attribute("version"), "4.1.1");
  EXPECT_STREQ(root->FirstChildElement("cluster")->Attribute("name"), "vmhalab");
  EXPECT_STREQ(root->FirstChildElement("quorum")->Attribute("quorate"), "1");
  auto* node = root->FirstChildElement("nodes")->FirstChildElement("node");
  for (const char* a : {"name", "state", "local", "estranged", "rgmanager", "rgmanager_master", "qdisk", "nodeid"})
    EXPECT_NE(node->Attribute(a), nullptr) << a;
  EXPECT_STREQ(node->Attribute("nodeid"), "0x00000001");
  int groups = 0;
  for (auto* g = root->FirstChildElement("groups")->FirstChildElement("group"); g; g = g->NextSiblingElement("group")) {
    ++groups;
    for (const char* a : {"name", "state", "state_str", "flags", "flags_str", "owner", "last_owner", "restarts",
                          "last_transition", "last_transition_str"})
      EXPECT_NE(g->Attribute(a), nullptr) << a;
    if (std::string(g->Attribute("name")) == "vm:vm4") {
      EXPECT_STREQ(g->Attribute("flags"), "1");
      EXPECT_STREQ(g->Attribute("flags_str"), "frozen");
    }
    if (std::string(g->Attribute("name")) == "vm:vm2") {
      EXPECT_STREQ(g->Attribute("state"), "114");
      EXPECT_STREQ(g->Attribute("restarts"), "1");
    }
  }
  EXPECT_EQ(groups, 4);
  // -s and -m drop <cluster> and <quorum>, as rgmanager's did.
  std::string one = run("started", {"-x", "-s", "vm:vm1"}).output;
  EXPECT_EQ(one.find("<cluster"), std::string::npos);
  EXPECT_NE(one.find("<group name=\"vm:vm1\" state=\"112\""), std::string::npos) << one;
}

TEST(ClustatNodeId, LocalHost) { EXPECT_EQ(run("started", {"-I"}, "hv2").output, "0x00000002\n"); }

}  // namespace
