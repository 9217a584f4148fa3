#include <gtest/gtest.h>

#include <tinyxml2.h>

#include "fixtures.hpp"
#include "status_model.hpp"
#include "status_render.hpp"

using namespace vmha::admin;

namespace {

// The time the fixtures are read at: pins with a lifetime are judged against their own end.
constexpr std::time_t kNow = 1700000000;

struct GuestRow {
  const char* scenario;
  const char* guest;
  GuestState state;
  bool frozen;
  bool enabled;
  const char* host;  // "" = nowhere
  long long fail_count;
};

class GuestTable : public ::testing::TestWithParam<GuestRow> {};

TEST_P(GuestTable, StateHostFrozenFailCount) {
  const GuestRow& row = GetParam();
  ClusterStatus s = read_status(scenario(row.scenario), kNow);
  const Guest* g = s.find_guest(row.guest);
  ASSERT_NE(g, nullptr) << row.guest;
  EXPECT_STREQ(to_string(g->state), to_string(row.state)) << row.scenario << " " << row.guest;
  EXPECT_EQ(g->frozen, row.frozen);
  EXPECT_EQ(g->enabled, row.enabled);
  EXPECT_EQ(g->host(), row.host);
  EXPECT_EQ(g->fail_count, row.fail_count);
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, GuestTable,
    ::testing::Values(GuestRow{"started", "vm1", GuestState::started, false, true, "hv1", 0},
                      GuestRow{"started", "vm2", GuestState::started, false, true, "hv1", 0},
                      GuestRow{"started", "vm3", GuestState::disabled, false, false, "", 0},
                      GuestRow{"started", "vm4", GuestState::started, false, true, "hv1", 0},
                      // vm1 moved to hv2 by crm_resource --move --lifetime; vm2's monitor failed on hv2 (rc 7);
                      // vm4 is unmanaged (is-managed=false): frozen, still running.
                      GuestRow{"pinned_failed_frozen_standby", "vm1", GuestState::started, false, true, "hv2", 0},
                      GuestRow{"pinned_failed_frozen_standby", "vm2", GuestState::failed, false, true, "hv2", 1},
                      GuestRow{"pinned_failed_frozen_standby", "vm4", GuestState::started, true, true, "hv1", 0},
                      // hv1 gone without fencing (stonith off): its guests are stopped, none restarted yet.
                      GuestRow{"host_offline", "vm1", GuestState::stopped, false, true, "", 0},
                      // hv1 gone with fencing on: Pacemaker still places its guests there until it is fenced.
                      GuestRow{"host_unclean", "vm1", GuestState::started, false, true, "hv1", 0},
                      // Cluster maintenance-mode: every resource is unmanaged.
                      GuestRow{"maintenance", "vm1", GuestState::started, true, true, "hv1", 0},
                      GuestRow{"maintenance", "vm3", GuestState::disabled, true, false, "", 0}));

TEST(StatusModel, OnlyVirtualDomainResourcesAreGuests) {
  ClusterStatus s = read_status(scenario("started"), kNow);
  ASSERT_EQ(s.guests.size(), 4u);
  EXPECT_EQ(s.find_guest("web"), nullptr);  // ocf:heartbeat:Dummy
  EXPECT_EQ(s.find_guest("vm1")->agent, "ocf:vmha:VirtualDomain");
  EXPECT_EQ(s.find_guest("vm2")->agent, "ocf:heartbeat:VirtualDomain");
}

struct HostRow {
  const char* scenario;
  const char* host;
  HostState state;
};
class HostTable : public ::testing::TestWithParam<HostRow> {};
TEST_P(HostTable, State) {
  const HostRow& row = GetParam();
  ClusterStatus s = read_status(scenario(row.scenario), kNow);
  const Host* h = s.find_host(row.host);
  ASSERT_NE(h, nullptr);
  EXPECT_STREQ(to_string(h->state), to_string(row.state)) << row.scenario << " " << row.host;
}
INSTANTIATE_TEST_SUITE_P(Fixtures, HostTable,
                         ::testing::Values(HostRow{"started", "hv1", HostState::online},
                                           HostRow{"pinned_failed_frozen_standby", "hv3", HostState::standby},
                                           HostRow{"host_offline", "hv1", HostState::offline},
                                           HostRow{"host_unclean", "hv1", HostState::unclean},
                                           HostRow{"maintenance", "hv2", HostState::maintenance},
                                           HostRow{"maintenance", "hv1", HostState::online}));

TEST(StatusModel, ClusterFacts) {
  ClusterStatus s = read_status(scenario("started"), kNow);
  EXPECT_EQ(s.cluster.name, "vmhalab");
  EXPECT_TRUE(s.cluster.quorate);
  EXPECT_EQ(s.cluster.dc, "hv1");
  EXPECT_FALSE(s.cluster.maintenance_mode);
  EXPECT_FALSE(s.cluster.votes.has_value());  // no corosync answer given
  EXPECT_TRUE(read_status(scenario("maintenance"), kNow).cluster.maintenance_mode);
  EXPECT_FALSE(read_status(scenario("inquorate"), kNow).cluster.quorate);
}

TEST(StatusModel, CorosyncDecidesQuorumAndGivesVotes) {
  StatusInputs in = scenario("inquorate");
  in.quorum = CorosyncQuorum{true, 3, 3};
  ClusterStatus s = read_status(in, kNow);
  EXPECT_TRUE(s.cluster.quorate);
  EXPECT_EQ(s.cluster.votes, 3);
  EXPECT_EQ(s.cluster.expected, 3);
}

TEST(StatusModel, UtilizationUsedAndFreeCountEveryPlacedResource) {
  // hv1 declares hv_memory 4096, cpu 4; vm1, vm4 (template: 512 MiB, 1 cpu each) and vm2
  // (own: 1024 MiB, no cpu) run there. hv3 declares nothing.
  ClusterStatus s = read_status(scenario("started"), kNow);
  const Host* hv1 = s.find_host("hv1");
  ASSERT_EQ(hv1->utilization.size(), 2u);
  for (const auto& u : hv1->utilization) {
    if (u.name == "hv_memory") {
      EXPECT_EQ(u.used, 2048);
      EXPECT_EQ(u.free(), 2048);
    } else if (u.name == "cpu") {
      EXPECT_EQ(u.used, 2);
      EXPECT_EQ(u.free(), 2);
    } else
      ADD_FAILURE() << u.name;
  }
  EXPECT_TRUE(s.find_host("hv3")->utilization.empty());
  EXPECT_EQ(hv1->guests, (std::vector<std::string>{"vm1", "vm2", "vm4"}));
}

TEST(StatusModel, PinsFromMoveAndBanWithLifetime) {
  StatusInputs in = scenario("pinned_failed_frozen_standby");
  ClusterStatus s = read_status(in, kNow);
  const Guest* vm1 = s.find_guest("vm1");
  ASSERT_EQ(vm1->pins.size(), 1u);
  const Pin& p = vm1->pins[0];
  EXPECT_EQ(p.constraint, "cli-prefer-vm1");
  EXPECT_TRUE(p.prefer);
  EXPECT_EQ(p.host, "hv2");
  ASSERT_FALSE(p.expires.empty());
  auto end = parse_pacemaker_time(p.expires);
  ASSERT_TRUE(end.has_value()) << p.expires;
  EXPECT_TRUE(read_status(in, *end - 1).find_guest("vm1")->pinned());
  EXPECT_FALSE(read_status(in, *end).find_guest("vm1")->pinned());
  EXPECT_TRUE(read_status(in, *end).find_guest("vm1")->pins[0].expired);

  const Guest* vm2 = s.find_guest("vm2");
  ASSERT_EQ(vm2->pins.size(), 1u);
  EXPECT_FALSE(vm2->pins[0].prefer);
  EXPECT_EQ(vm2->pins[0].host, "hv1");
  EXPECT_TRUE(vm2->pins[0].expires.empty());
  EXPECT_TRUE(vm2->pinned());
  EXPECT_FALSE(s.find_guest("vm4")->pinned());
}

TEST(StatusModel, LastFailureCarriesTheExitReason) {
  ClusterStatus s = read_status(scenario("pinned_failed_frozen_standby"), kNow);
  const Guest* vm2 = s.find_guest("vm2");
  ASSERT_TRUE(vm2->last_failure.has_value());
  EXPECT_EQ(vm2->last_failure->host, "hv2");
  EXPECT_EQ(vm2->last_failure->task, "monitor");
  EXPECT_EQ(vm2->last_failure->exit_code, 7);
  EXPECT_EQ(vm2->last_failure->exit_status, "not running");
  EXPECT_EQ(vm2->last_failure->exit_reason, "Simulated action result");
  EXPECT_FALSE(s.find_guest("vm1")->last_failure.has_value());
}

struct HealthRow {
  const char* scenario;
  int health;
};
class HealthTable : public ::testing::TestWithParam<HealthRow> {};
TEST_P(HealthTable, ExitStatus) {
  EXPECT_EQ(read_status(scenario(GetParam().scenario), kNow).health(), GetParam().health) << GetParam().scenario;
}
INSTANTIATE_TEST_SUITE_P(Fixtures, HealthTable,
                         ::testing::Values(HealthRow{"started", 0},  // vm3 is disabled: it does not count
                                           HealthRow{"pinned_failed_frozen_standby", 1},  // vm2 failed
                                           HealthRow{"host_offline", 1},                  // guests stopped
                                           HealthRow{"host_unclean", 1},  // guests on a host not known to be alive
                                           HealthRow{"maintenance", 0},   // frozen guests that run still run
                                           HealthRow{"inquorate", 1}));

struct BadInput {
  const char* what;
  std::string crm_mon;
  std::string cib;
  const char* message;
};
class BadInputTable : public ::testing::TestWithParam<BadInput> {};
TEST_P(BadInputTable, OneLineNamingTheTool) {
  const BadInput& b = GetParam();
  StatusInputs in;
  in.crm_mon_xml = b.crm_mon;
  in.cib_xml = b.cib;
  try {
    read_status(in, kNow);
    FAIL() << b.what << ": no error";
  } catch (const StatusError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find(b.message), std::string::npos) << b.what << ": " << m;
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
  }
}
INSTANTIATE_TEST_SUITE_P(
    Cases, BadInputTable,
    ::testing::Values(
        BadInput{"empty crm_mon", "", "<cib><configuration/></cib>", "crm_mon: no output"},
        BadInput{"truncated crm_mon", "<pacemaker-result><summary>", "<cib><configuration/></cib>",
                 "crm_mon:1: not XML"},
        BadInput{"legacy crm_mon", "<crm_mon version=\"2.1.5\"/>", "<cib><configuration/></cib>",
                 "expected <pacemaker-result>"},
        BadInput{"crm_mon error",
                 "<pacemaker-result><status code=\"102\" message=\"Not connected\"/></pacemaker-result>",
                 "<cib><configuration/></cib>", "crm_mon: Not connected (code 102)"},
        BadInput{"crm_mon without a CIB (observed: code 0, an <errors> list)",
                 "<pacemaker-result api-version=\"2.25\"><status code=\"0\" message=\"OK\"><errors><error>Could not "
                 "connect to the CIB: No such device or address</error></errors></status></pacemaker-result>",
                 "<cib><configuration/></cib>", "crm_mon: Could not connect to the CIB: No such device or address"},
        BadInput{"cib without configuration", read_fixture("started.crm_mon.xml"), "<cib/>",
                 "cibadmin: no <configuration>"}));

TEST(PacemakerTime, Forms) {
  EXPECT_EQ(parse_pacemaker_time("2023-11-14 22:13:20Z"), 1700000000);
  EXPECT_EQ(parse_pacemaker_time("2023-11-14T22:13:20Z"), 1700000000);
  EXPECT_EQ(parse_pacemaker_time("2023-11-14 23:13:20 +01:00"), 1700000000);
  EXPECT_EQ(parse_pacemaker_time("2023-11-14 22:13:20"), 1700000000);
  EXPECT_FALSE(parse_pacemaker_time("tomorrow").has_value());
}

// The JSON document carries the documented fields (tests/admin/cli.sh parses it and checks the
// whole schema of docs/operations.md).
TEST(StatusJson, CarriesTheDocumentedFields) {
  std::string j = render_status_json(read_status(scenario("pinned_failed_frozen_standby"), kNow));
  for (const char* key :
       {"\"schema\": \"vmha-status/1\"", "\"vmha_version\":", "\"healthy\": false",
        "\"cluster\": {\"name\": \"vmhalab\", \"quorate\": true, \"votes\": null, \"expected_votes\": null, \"dc\": "
        "\"hv1\", \"maintenance_mode\": false, \"quorum_disk\": null}",
        "{\"name\": \"hv3\", \"id\": 3, \"state\": \"standby\"",
        "\"state\": \"frozen\", \"role\": \"started\", \"frozen\": true", "\"state\": \"failed\", \"role\": \"failed\"",
        "\"exit_reason\": \"Simulated action result\"",
        "{\"constraint\": \"cli-ban-vm2-on-hv1\", \"kind\": \"ban\", \"host\": \"hv1\", \"expires\": null, "
        "\"expired\": false}",
        "\"service\": \"vm:vm1\""}) {
    EXPECT_NE(j.find(key), std::string::npos) << key << "\n" << j;
  }
}

}  // namespace

namespace {

// Failover domains from the location constraints (through vmha-config's "domain-NAME" tag or the
// guest's own), the preferred host, what freezes a guest, and how it came to run where it runs.
TEST(StatusModel, DomainsPreferredHostFreezeAndLastTransition) {
  ClusterStatus s = read_status(scenario("domains"), 1700000000);
  const Guest* vm1 = s.find_guest("vm1");
  ASSERT_TRUE(vm1 && vm1->domain);
  EXPECT_EQ(vm1->domain->name, "domain1");
  EXPECT_TRUE(vm1->domain->restricted);
  EXPECT_EQ(vm1->domain->hosts, (std::vector<std::string>{"hv2", "hv1"}));
  EXPECT_FALSE(vm1->domain->allows("hv3"));
  EXPECT_EQ(vm1->preferred_host, "hv2");
  ASSERT_TRUE(vm1->last_transition);
  EXPECT_EQ(vm1->last_transition->kind, "migration");  // moved live from hv1 when the domain came
  EXPECT_EQ(vm1->last_transition->host, "hv2");
  const Guest* vm2 = s.find_guest("vm2");
  ASSERT_TRUE(vm2 && vm2->domain);
  EXPECT_EQ(vm2->domain->name, "");
  EXPECT_FALSE(vm2->domain->restricted);
  EXPECT_TRUE(vm2->domain->allows("hv3"));
  EXPECT_EQ(vm2->preferred_host, "hv1");
  EXPECT_EQ(s.find_guest("vm3")->domain, std::nullopt);
  EXPECT_EQ(s.find_guest("vm4")->freeze_meta, (std::vector<std::string>{"maintenance"}));
  EXPECT_TRUE(s.find_guest("vm4")->frozen);
  EXPECT_FALSE(s.find_guest("vm3")->last_transition.has_value());  // disabled: nowhere
}

TEST(StatusModel, AnOperatorsMoveIsTheLastTransition) {
  ClusterStatus s = read_status(scenario("pinned_failed_frozen_standby"), 1700000000);
  ASSERT_TRUE(s.find_guest("vm1")->last_transition);
  EXPECT_EQ(s.find_guest("vm1")->last_transition->kind, "operator");
  EXPECT_EQ(s.find_guest("vm4")->freeze_meta, (std::vector<std::string>{"is-managed"}));
}

}  // namespace

namespace {

// The quorum disk from this host's `qdiskd -s` (key: value lines, as quorum/core/status.cpp writes them).
TEST(StatusModel, QuorumDiskFromQdiskdStatus) {
  StatusInputs in = scenario("started");
  in.qdisk_status =
      "Node ID: 1\nDevice: /var/lib/vmha-lab/qdisk\nLabel: vmhalab\nState: run\nScore: 1/1 (minimum 1)\n"
      "Master: 2\nMaster wins: no\nOnline on disk: 1 2\nRing ID: 1.8\nVotes: 1\nCast vote: yes\n";
  ClusterStatus s = read_status(in, 1700000000);
  ASSERT_TRUE(s.cluster.quorum_disk);
  const QuorumDisk& d = *s.cluster.quorum_disk;
  EXPECT_EQ(d.device, "/var/lib/vmha-lab/qdisk");
  EXPECT_EQ(d.master, "hv2");
  EXPECT_EQ(d.host, "hv1");
  EXPECT_EQ(d.score, 1);
  EXPECT_EQ(d.score_max, 1);
  EXPECT_EQ(d.min_score, 1);
  EXPECT_TRUE(d.cast_vote);
  EXPECT_EQ(d.online, (std::vector<std::string>{"hv1", "hv2"}));
  EXPECT_FALSE(read_status(scenario("started"), 1700000000).cluster.quorum_disk.has_value());
  EXPECT_TRUE(d.hosts.empty()) << "a qdiskd without Host lines: no per-host scores, nothing invented";
}

// Every host's score and the master, from the "Host N:" lines qdiskd -s adds from the disk's slots
// (quorum/core/status.cpp): text, JSON, and a host too low or gone says so.
struct QdiskHostsRow {
  const char* lines;
  std::vector<QuorumDiskHost> hosts;
  const char* text_line;
};

void PrintTo(const QdiskHostsRow& r, std::ostream* os) { *os << "'" << r.text_line << "'"; }

class QdiskHostsTable : public ::testing::TestWithParam<QdiskHostsRow> {};

TEST_P(QdiskHostsTable, EveryHostsScoreAgainstMinScore) {
  const QdiskHostsRow& row = GetParam();
  StatusInputs in = scenario("started");
  in.qdisk_status = std::string("Node ID: 1\nDevice: /dev/qd\nState: master\nScore: 2/3 (minimum 2)\nMaster: 1\n") +
                    "Online on disk: 1 2\nCast vote: yes\nHeuristic gw: up (score 2)\n" + row.lines +
                    "Cycle time: 812 us\n";
  ClusterStatus s = read_status(in, 1700000000);
  ASSERT_TRUE(s.cluster.quorum_disk);
  EXPECT_EQ(s.cluster.quorum_disk->hosts, row.hosts);
  const std::string text = render_status_text(s);
  EXPECT_NE(text.find(std::string("\n") + row.text_line + "\n"), std::string::npos) << text;
  const std::string json = render_status_json(s);
  for (const auto& h : row.hosts)
    EXPECT_NE(json.find("{\"host\": \"" + h.host + "\", \"state\": \"" + h.state +
                        "\", \"score\": " + std::to_string(h.score)),
              std::string::npos)
        << json;
}

INSTANTIATE_TEST_SUITE_P(
    Rows, QdiskHostsTable,
    ::testing::Values(
        QdiskHostsRow{"Host 1: master, score 2/3, self\nHost 2: running, score 3/3, online\n",
                      {{"hv1", "master", 2, 3, "self"}, {"hv2", "running", 3, 3, "online"}},
                      "  scores (minimum 2): hv1 2/3 master, hv2 3/3"},
        QdiskHostsRow{"Host 1: master, score 2/3, self\nHost 2: init, score 1/3, online\n",
                      {{"hv1", "master", 2, 3, "self"}, {"hv2", "init", 1, 3, "online"}},
                      "  scores (minimum 2): hv1 2/3 master, hv2 1/3 TOO LOW"},
        QdiskHostsRow{
            "Host 1: running, score 2/3, self\nHost 2: master, score 2/3, online\nHost 7: none, score 0/0, "
            "offline\n",
            {{"hv1", "running", 2, 3, "self"}, {"hv2", "master", 2, 3, "online"}, {"7", "none", 0, 0, "offline"}},
            "  scores (minimum 2): hv1 2/3, hv2 2/3 master, 7 0/0 offline"}),
    [](const auto& info) { return "row" + std::to_string(info.index); });

}  // namespace

// vmha status asks a live CIB manager for the configuration section alone: the model built from it
// must be the one built from the whole CIB.
TEST(StatusModel, ConfigurationSectionAloneGivesTheSameModel) {
  const std::string whole = read_fixture("host_capacity.cib.xml");
  tinyxml2::XMLDocument doc;
  ASSERT_EQ(doc.Parse(whole.data(), whole.size()), tinyxml2::XML_SUCCESS);
  tinyxml2::XMLPrinter configuration;
  doc.RootElement()->FirstChildElement("configuration")->Accept(&configuration);
  const std::string mon = read_fixture("host_capacity.crm_mon.xml");
  StatusInputs a{mon, whole, std::nullopt, "hv1", std::nullopt};
  StatusInputs b{mon, configuration.CStr(), std::nullopt, "hv1", std::nullopt};
  EXPECT_EQ(render_status_json(read_status(a, 1700000000)), render_status_json(read_status(b, 1700000000)));
  StatusInputs bad{mon, "<status/>", std::nullopt, "hv1", std::nullopt};
  EXPECT_THROW(read_status(bad, 1700000000), StatusError);
}
