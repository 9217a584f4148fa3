// The CIB mapping, checked on the XML itself. Scheduler behaviour is proven by crm_simulate
// in domains.sh; these tests pin the mapping that behaviour rests on.
#include "cib_writer.hpp"

#include <gtest/gtest.h>
#include <tinyxml2.h>

#include <map>

#include "test_topologies.hpp"

namespace vmha::config {
namespace {

using testing::kThreeHosts;
using testing::parse;

struct Cib {
  explicit Cib(const Topology& t, CibOptions options = {}) : text(write_cib(t, options)) {
    EXPECT_EQ(doc.Parse(text.c_str()), tinyxml2::XML_SUCCESS);
  }
  std::string text;
  tinyxml2::XMLDocument doc;

  const tinyxml2::XMLElement* section(const char* name) const {
    return doc.RootElement()->FirstChildElement("configuration")->FirstChildElement(name);
  }
  const tinyxml2::XMLElement* by_id(const tinyxml2::XMLElement* parent, const std::string& id) const {
    for (auto* e = parent->FirstChildElement(); e; e = e->NextSiblingElement())
      if (e->Attribute("id") == id) return e;
    return nullptr;
  }
  // name → value of every nvpair in `set` (meta_attributes, instance_attributes, utilization) of `rsc`.
  std::map<std::string, std::string> pairs(const std::string& rsc, const char* set) const {
    std::map<std::string, std::string> out;
    auto* primitive = by_id(section("resources"), rsc);
    if (!primitive || !primitive->FirstChildElement(set)) return out;
    for (auto* p = primitive->FirstChildElement(set)->FirstChildElement("nvpair"); p; p = p->NextSiblingElement())
      out[p->Attribute("name")] = p->Attribute("value");
    return out;
  }
  // rsc@node → score for every simple location constraint.
  std::map<std::string, std::string> locations() const {
    std::map<std::string, std::string> out;
    for (auto* c = section("constraints")->FirstChildElement("rsc_location"); c;
         c = c->NextSiblingElement("rsc_location"))
      if (c->Attribute("node"))
        out[std::string(c->Attribute("rsc")) + "@" + c->Attribute("node")] = c->Attribute("score");
    return out;
  }
  int count(const char* section_name, const char* element) const {
    int n = 0;
    auto* s = section(section_name);
    for (auto* e = s ? s->FirstChildElement(element) : nullptr; e; e = e->NextSiblingElement(element)) ++n;
    return n;
  }
};

TEST(CibWriter, CibHeaderIsUsableByCrmSimulate) {
  Cib cib(parse(kThreeHosts));
  auto* root = cib.doc.RootElement();
  EXPECT_STREQ(root->Name(), "cib");
  EXPECT_STREQ(root->Attribute("crm_feature_set"), "3.0.14");  // per-operation fail counts need >= 3.0.13
  EXPECT_STREQ(root->Attribute("validate-with"), "pacemaker-3.7");
  EXPECT_NE(root->FirstChildElement("status"), nullptr);
}

TEST(CibWriter, DomainScoresFollowPriorities) {
  Cib cib(parse(kThreeHosts));
  std::map<std::string, std::string> want = {
      {"domain-ord@n1", "10000"},    {"domain-ord@n2", "9900"},  // ordered: priority 1 beats 2
      {"domain-sticky@n2", "10000"}, {"domain-sticky@n3", "9800"},
      {"domain-any@n1", "10000"},    {"domain-any@n3", "10000"},  // unordered: all equal
  };
  EXPECT_EQ(cib.locations(), want);
}

TEST(CibWriter, RestrictedDomainBansEveryOtherNode) {
  Cib cib(parse(kThreeHosts));
  auto* restricted = cib.by_id(cib.section("constraints"), "location-domain-ord-restricted");
  ASSERT_NE(restricted, nullptr);
  EXPECT_STREQ(restricted->Attribute("rsc"), "domain-ord");
  auto* rule = restricted->FirstChildElement("rule");
  EXPECT_STREQ(rule->Attribute("score"), "-INFINITY");
  EXPECT_STREQ(rule->Attribute("boolean-op"), "and");
  std::vector<std::string> ne;
  for (auto* e = rule->FirstChildElement("expression"); e; e = e->NextSiblingElement()) {
    EXPECT_STREQ(e->Attribute("operation"), "ne");
    ne.push_back(e->Attribute("value"));
  }
  EXPECT_EQ(ne, (std::vector<std::string>{"n1", "n2"}));
  EXPECT_EQ(cib.by_id(cib.section("constraints"), "location-domain-any-restricted"), nullptr);
}

TEST(CibWriter, StickinessGivesFailbackOnlyToOrderedDomainsWithout_nofailback) {
  Cib cib(parse(kThreeHosts), {.templates = false});
  EXPECT_EQ(cib.pairs("g1", "meta_attributes")["resource-stickiness"], "0");
  EXPECT_EQ(cib.pairs("g2", "meta_attributes")["resource-stickiness"], std::to_string(DomainScores::stay));
  EXPECT_EQ(cib.pairs("g3", "meta_attributes")["resource-stickiness"], std::to_string(DomainScores::stay));
  // With --templates the same stickiness comes from the guest's template.
  Cib templated(parse(kThreeHosts), {.templates = true});
  EXPECT_STREQ(templated.by_id(templated.section("resources"), "g1")->Attribute("template"), "vmha-guest-failback");
  EXPECT_STREQ(templated.by_id(templated.section("resources"), "g2")->Attribute("template"), "vmha-guest-stay");
  EXPECT_EQ(templated.pairs("vmha-guest-failback", "meta_attributes")["resource-stickiness"], "0");
  EXPECT_EQ(templated.pairs("vmha-guest-stay", "meta_attributes")["resource-stickiness"],
            std::to_string(DomainScores::stay));
  EXPECT_TRUE(templated.pairs("g1", "meta_attributes").empty());
  // Staying must beat the biggest preference gap, yet lose to an operator's INFINITY move.
  EXPECT_GT(DomainScores::stay, DomainScores::ordered(1) - DomainScores::ordered(100));
  EXPECT_LT(DomainScores::stay, 1000000);
}

TEST(CibWriter, GuestIsVirtualDomainThatMigrates) {
  Topology t = parse(kThreeHosts);
  Cib cib(t, {.templates = false});
  auto* g1 = cib.by_id(cib.section("resources"), "g1");
  EXPECT_STREQ(g1->Attribute("class"), "ocf");
  EXPECT_STREQ(g1->Attribute("provider"), "vmha");
  EXPECT_STREQ(g1->Attribute("type"), "VirtualDomain");
  EXPECT_EQ(cib.pairs("g1", "instance_attributes")["config"], "/vms/g1.xml");  // path + name.xml
  EXPECT_EQ(cib.pairs("g2", "instance_attributes")["config"], "/vms/g2.xml");  // xmlfile
  EXPECT_EQ(cib.pairs("g1", "meta_attributes")["allow-migrate"], "true");
  t.cluster.set("resource_provider", "heartbeat");
  Cib heartbeat(t, {.templates = false});
  EXPECT_STREQ(heartbeat.by_id(heartbeat.section("resources"), "g1")->Attribute("provider"), "heartbeat");
  Cib templated(t, {.templates = true});
  auto* tmpl = templated.by_id(templated.section("resources"), "vmha-guest-failback");
  ASSERT_NE(tmpl, nullptr);
  EXPECT_STREQ(tmpl->Name(), "template");
  EXPECT_STREQ(tmpl->Attribute("provider"), "heartbeat");
  EXPECT_STREQ(tmpl->Attribute("type"), "VirtualDomain");
  EXPECT_EQ(templated.pairs("vmha-guest-failback", "meta_attributes")["allow-migrate"], "true");
}

TEST(CibWriter, RecoveryAndAutostartTable) {
  struct Case {
    const char* guest_keys;
    std::map<std::string, std::string> meta;  // expected, besides allow-migrate and stickiness
    const char* monitor_on_fail;
  } cases[] = {
      {"", {}, nullptr},
      {"recovery: relocate", {{"migration-threshold", "1"}}, nullptr},
      {"recovery: restart, max_restarts: 3, restart_expire_time: 600",
       {{"migration-threshold", "4"}, {"failure-timeout", "600s"}},
       nullptr},
      {"recovery: disable", {}, "stop"},
      {"autostart: false", {{"target-role", "Stopped"}}, nullptr},
  };
  for (const auto& c : cases) {
    std::string yaml = std::string("cluster: {name: c}\nnodes: [{name: n1, id: 1}]\nguests:\n  - {name: g, path: /v") +
                       (*c.guest_keys ? ", " : "") + c.guest_keys + "}\n";
    Cib cib(parse(yaml), {.templates = false});
    auto meta = cib.pairs("g", "meta_attributes");
    meta.erase("allow-migrate");
    meta.erase("resource-stickiness");
    EXPECT_EQ(meta, c.meta) << c.guest_keys;
    auto* ops = cib.by_id(cib.section("resources"), "g")->FirstChildElement("operations");
    for (auto* op = ops->FirstChildElement("op"); op; op = op->NextSiblingElement())
      if (std::string(op->Attribute("name")) == "monitor") {
        if (c.monitor_on_fail)
          EXPECT_STREQ(op->Attribute("on-fail"), c.monitor_on_fail) << c.guest_keys;
        else
          EXPECT_EQ(op->Attribute("on-fail"), nullptr) << c.guest_keys;
      }
    // With templates the guest's own monitor replaces the template's only where it differs.
    Cib templated(parse(yaml), {.templates = true});
    auto* own_ops = templated.by_id(templated.section("resources"), "g")->FirstChildElement("operations");
    EXPECT_EQ(own_ops != nullptr, c.monitor_on_fail != nullptr) << c.guest_keys;
  }
}

TEST(CibWriter, ConstraintsDoNotGrowWithGuests) {
  std::string yaml = kThreeHosts;
  Cib small(parse(yaml), {.templates = true});
  for (int i = 0; i < 50; ++i) yaml += "  - {name: extra" + std::to_string(i) + ", domain: ord, path: /vms}\n";
  Cib big(parse(yaml), {.templates = true});
  EXPECT_EQ(small.count("constraints", "rsc_location"), big.count("constraints", "rsc_location"));
  EXPECT_EQ(small.count("constraints", "rsc_location"), 6 + 1);  // 6 domain members + 1 restricted domain
  EXPECT_EQ(big.count("resources", "primitive"), small.count("resources", "primitive") + 50);
  EXPECT_EQ(big.count("resources", "template"), 2);  // failback and stay
}

TEST(CibWriter, FenceDevicesTargetsAndLevels) {
  Cib cib(parse(kThreeHosts));
  // One device, ports per node → one primitive with a host map.
  EXPECT_EQ(cib.pairs("pdu", "instance_attributes")["pcmk_host_map"], "n1:1;n2:2");
  EXPECT_EQ(cib.pairs("pdu", "instance_attributes")["password"], "secret");
  // fence_manual is no Pacemaker agent: no primitive, no level (stonith_admin --confirm instead).
  EXPECT_EQ(cib.text.find("fence_manual"), std::string::npos);
  std::vector<std::string> levels;
  for (auto* l = cib.section("fencing-topology")->FirstChildElement(); l; l = l->NextSiblingElement())
    levels.push_back(std::string(l->Attribute("target")) + "/" + l->Attribute("index") + "/" + l->Attribute("devices"));
  EXPECT_EQ(levels, (std::vector<std::string>{"n1/1/pdu", "n2/1/pdu"}));
  auto* options = cib.section("crm_config")->FirstChildElement()->FirstChildElement();
  EXPECT_STREQ(options->NextSiblingElement()->Attribute("value"), "true");  // stonith-enabled
}

TEST(CibWriter, NoFencingMeansStonithDisabled) {
  Cib cib(parse("cluster: {name: c, fencing_enabled: false}\nnodes: [{name: n1, id: 1}]\n"));
  EXPECT_NE(cib.text.find("name=\"stonith-enabled\" value=\"false\""), std::string::npos);
  // Disabled on purpose wins over devices the nodes declare.
  Cib off(
      parse(std::string(kThreeHosts)
                .replace(0, std::string("cluster: {name: c3}").size(), "cluster: {name: c3, fencing_enabled: false}")));
  EXPECT_NE(off.text.find("name=\"stonith-enabled\" value=\"false\""), std::string::npos);
}

// Pacemaker would otherwise be free to run a node's own fence device on that node — the node that
// fails is then the one that should fence itself. pcs users add `constraint location DEV avoids NODE`.
TEST(CibWriter, ADeviceThatFencesOneNodeAvoidsIt) {
  std::string yaml =
      "cluster: {name: c}\nfence_devices:\n  - {name: ipmi1, agent: fence_ipmilan}\n  - {name: ipmi2, agent: "
      "fence_ipmilan}\n"
      "  - {name: pdu, agent: fence_apc}\nnodes:\n"
      "  - {name: n1, id: 1, fencing: [{method: m, devices: [ipmi1]}, {method: p, devices: [{device: pdu, port: "
      "'1'}]}]}\n"
      "  - {name: n2, id: 2, fencing: [{method: m, devices: [ipmi2]}, {method: p, devices: [{device: pdu, port: "
      "'2'}]}]}\n";
  Cib cib(parse(yaml));
  auto locations = cib.locations();
  EXPECT_EQ(locations["ipmi1@n1"], "-INFINITY");
  EXPECT_EQ(locations["ipmi2@n2"], "-INFINITY");
  EXPECT_EQ(locations.count("pdu@n1") + locations.count("pdu@n2"), 0u);  // it fences both: free to run on either
  EXPECT_NE(cib.text.find("id=\"location-ipmi1-n1--INFINITY\""), std::string::npos);  // pcs's own id form
  // One node: nowhere else to run, no constraint.
  Cib single(
      parse("cluster: {name: c}\nfence_devices: [{name: i, agent: fence_ipmilan}]\nnodes:\n"
            "  - {name: n1, id: 1, fencing: [{method: m, devices: [i]}]}\n"));
  EXPECT_TRUE(single.locations().empty());
}

TEST(CibWriter, ExclusiveGuestTakesEveryGuestSlot) {
  Cib cib(
      parse("cluster: {name: c}\nnodes: [{name: n1, id: 1}, {name: n2, id: 2}]\nguests:\n"
            "  - {name: big, path: /v, exclusive: true}\n  - {name: a, path: /v}\n  - {name: b, path: /v}\n"));
  EXPECT_EQ(cib.pairs("big", "utilization")["vmha-guest-slots"], "3");
  EXPECT_EQ(cib.pairs("a", "utilization")["vmha-guest-slots"], "1");
  EXPECT_NE(cib.text.find("name=\"vmha-guest-slots\" value=\"3\""), std::string::npos);  // node capacity
  EXPECT_NE(cib.text.find("name=\"placement-strategy\" value=\"balanced\""), std::string::npos);
}

// Issue 15's keys: priority → resource priority, start_after → mandatory orders, reserve taken off
// the capacity, placement and limits → cluster options.
TEST(CibWriter, CapacityKeys) {
  Cib cib(parse(
      "cluster: {name: c, placement: minimal, limits: {parallel_starts: 2, parallel_migrations: 1, parallel_actions: "
      "8}}\n"
      "nodes:\n  - {name: n1, id: 1, utilization: {memory: 4096, cpu: 8}, reserve: {memory: 512, cpu: 1}}\n"
      "  - {name: n2, id: 2, utilization: {memory: 4096, cpu: 8}}\n"
      "guests:\n  - {name: db, path: /v, priority: 10}\n  - {name: app, path: /v, depend: db, start_after: [db, web]}\n"
      "  - {name: web, path: /v}\n"));
  EXPECT_EQ(cib.pairs("db", "meta_attributes")["priority"], "10");
  EXPECT_EQ(cib.pairs("web", "meta_attributes").count("priority"), 0u);
  for (const char* want : {"name=\"placement-strategy\" value=\"minimal\"", "name=\"node-action-limit\" value=\"2\"",
                           "name=\"migration-limit\" value=\"1\"", "name=\"batch-limit\" value=\"8\"",
                           "name=\"host_memory\" value=\"3584\"", "name=\"cpu\" value=\"7\"",
                           "id=\"order-db-then-app\"", "id=\"order-web-then-app\""})
    EXPECT_NE(cib.text.find(want), std::string::npos) << want;
  // depend and start_after naming the same guest: one order, not a duplicate id.
  EXPECT_EQ(cib.text.find("id=\"order-db-then-app\""), cib.text.rfind("id=\"order-db-then-app\""));
}

TEST(CibWriter, BalancedByDefaultWithUtilization) {
  Cib with(parse("cluster: {name: c}\nnodes: [{name: n1, id: 1, utilization: {cpu: 2}}]\n"));
  EXPECT_NE(with.text.find("name=\"placement-strategy\" value=\"balanced\""), std::string::npos);
  Cib without(parse("cluster: {name: c}\nnodes: [{name: n1, id: 1}]\n"));
  EXPECT_EQ(without.text.find("placement-strategy"), std::string::npos);
}

// The names the guest agent writes (agents/utilization.cpp): cpu, host_memory, hv_memory. A host
// capacity it does not declare is 0, so the CIB speaks those names and tells the agent not to write
// what no host offers or what the topology sized itself.
TEST(CibWriter, UtilizationSpeaksTheAgentsNames) {
  struct Case {
    const char* what;
    const char* node_utilization;                           // YAML of each node's utilization, "" for none
    const char* guest_keys;                                 // extra keys of guest g
    std::map<std::string, std::string> node, guest, agent;  // n1's capacity, g's utilization, g's autoset params
  } cases[] = {
      {"no utilization at all: the agent's defaults, nothing written", "", "", {}, {}, {}},
      {"memory is host_memory and hv_memory; the agent measures g",
       "{cpu: 8, memory: 16384}",
       "",
       {{"cpu", "8"}, {"host_memory", "16384"}, {"hv_memory", "16384"}},
       {},
       {}},
      {"a size given in the topology is the guest's; the agent leaves it",
       "{cpu: 8, memory: 16384}",
       ", utilization: {memory: 2048}",
       {{"cpu", "8"}, {"host_memory", "16384"}, {"hv_memory", "16384"}},
       {{"host_memory", "2048"}, {"hv_memory", "2048"}},
       {{"autoset_utilization_host_memory", "false"}, {"autoset_utilization_hv_memory", "false"}}},
      {"hosts offer only cpu: the agent writes no memory",
       "{cpu: 8}",
       "",
       {{"cpu", "8"}},
       {},
       {{"autoset_utilization_host_memory", "false"}, {"autoset_utilization_hv_memory", "false"}}},
      {"an exclusive guest, no host capacities: slots only, the agent writes nothing",
       "",
       ", exclusive: true",
       {{"vmha-guest-slots", "2"}},
       {{"vmha-guest-slots", "2"}},
       {{"autoset_utilization_cpu", "false"},
        {"autoset_utilization_host_memory", "false"},
        {"autoset_utilization_hv_memory", "false"}}},
      {"an exclusive guest beside host capacities: both",
       "{cpu: 8, memory: 16384}",
       ", exclusive: true",
       {{"cpu", "8"}, {"host_memory", "16384"}, {"hv_memory", "16384"}, {"vmha-guest-slots", "2"}},
       {{"vmha-guest-slots", "2"}},
       {}},
  };
  for (const auto& c : cases) {
    std::string util = *c.node_utilization ? std::string(", utilization: ") + c.node_utilization : "";
    std::string yaml = "cluster: {name: c}\nnodes: [{name: n1, id: 1" + util + "}, {name: n2, id: 2" + util +
                       "}]\nguests:\n  - {name: g, path: /v" + c.guest_keys + "}\n  - {name: h, path: /v}\n";
    Cib cib(parse(yaml), {.templates = false});
    std::map<std::string, std::string> node;
    auto* set = cib.section("nodes")->FirstChildElement("node")->FirstChildElement("utilization");
    for (auto* p = set ? set->FirstChildElement("nvpair") : nullptr; p; p = p->NextSiblingElement())
      node[p->Attribute("name")] = p->Attribute("value");
    EXPECT_EQ(node, c.node) << c.what;
    EXPECT_EQ(cib.pairs("g", "utilization"), c.guest) << c.what;
    std::map<std::string, std::string> agent;
    for (const auto& [name, value] : cib.pairs("g", "instance_attributes"))
      if (name.rfind("autoset_utilization_", 0) == 0) agent[name] = value;
    EXPECT_EQ(agent, c.agent) << c.what;
  }
}

TEST(CibWriter, DependIsAMandatoryOrder) {
  Cib cib(
      parse("cluster: {name: c}\nnodes: [{name: n1, id: 1}]\nguests:\n"
            "  - {name: app, path: /v, depend: db}\n  - {name: db, path: /v}\n"));
  auto* order = cib.section("constraints")->FirstChildElement("rsc_order");
  ASSERT_NE(order, nullptr);
  EXPECT_STREQ(order->Attribute("first"), "db");
  EXPECT_STREQ(order->Attribute("then"), "app");
  EXPECT_STREQ(order->Attribute("kind"), "Mandatory");
  // pcs 0.11 reads both actions without a default (resource relations: KeyError 'first-action').
  EXPECT_STREQ(order->Attribute("first-action"), "start");
  EXPECT_STREQ(order->Attribute("then-action"), "start");
}

// The default CIB is one pcs reads and edits: every primitive names its agent, no templates.
TEST(CibWriter, DefaultHasNoTemplates) {
  Cib cib(parse(kThreeHosts));
  EXPECT_EQ(cib.count("resources", "template"), 0);
  for (auto* p = cib.section("resources")->FirstChildElement("primitive"); p; p = p->NextSiblingElement("primitive")) {
    EXPECT_EQ(p->Attribute("template"), nullptr) << p->Attribute("id");
    EXPECT_NE(p->Attribute("class"), nullptr) << p->Attribute("id");
    EXPECT_NE(p->Attribute("type"), nullptr) << p->Attribute("id");
  }
  EXPECT_NE(cib.by_id(cib.section("resources"), "g1")->FirstChildElement("operations"), nullptr);
}

}  // namespace
}  // namespace vmha::config
