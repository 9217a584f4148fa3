// Benchmark helper: the CIB that clufter's mapping would give for a topology — one location
// constraint per guest per domain host and one restricted rule per guest, every primitive in
// full (no templates) — built from our CIB by replacing the per-domain tags and constraints.
// Same resources, same scores, so the CIBs differ only in how they are expressed.
//   vmha_configgen_clufter_style TOPOLOGY [STATE] > cib.xml
// With STATE (a CIB that crm_simulate saved), its <status> is carried over, so that both
// mappings can be scheduled from the same settled cluster.
#include <tinyxml2.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cib_writer.hpp"
#include "topology_reader.hpp"

using namespace vmha::config;

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) {
    std::cerr << "usage: vmha_configgen_clufter_style TOPOLOGY [STATE]\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  std::ostringstream text;
  text << in.rdbuf();
  ReadResult read = read_topology(text.str());
  if (!read.diagnostics.empty()) {
    std::cerr << read.diagnostics.format(argv[1]);
    return 1;
  }
  const Topology& t = read.topology;
  tinyxml2::XMLDocument cib;
  std::string ours = write_cib(t, {.templates = false});  // clufter writes every primitive in full
  cib.Parse(ours.c_str());
  auto* configuration = cib.RootElement()->FirstChildElement("configuration");
  configuration->DeleteChild(configuration->FirstChildElement("tags"));
  auto* constraints = configuration->FirstChildElement("constraints");
  for (auto* c = constraints->FirstChildElement("rsc_location"); c;) {
    auto* next = c->NextSiblingElement("rsc_location");
    constraints->DeleteChild(c);
    c = next;
  }
  for (const auto& guest : t.guests) {
    const Domain* domain = t.find_domain(guest.settings.get_or("domain", ""));
    if (!domain) continue;
    for (const auto& member : domain->members) {
      long score = domain->flag("ordered")
                       ? DomainScores::ordered(member.settings.get_int("priority").value_or(kLowestPriority))
                       : DomainScores::unordered;
      auto* location = cib.NewElement("rsc_location");
      location->SetAttribute("id", ("location-" + guest.name() + "-" + member.node()).c_str());
      location->SetAttribute("rsc", guest.name().c_str());
      location->SetAttribute("node", member.node().c_str());
      location->SetAttribute("score", std::to_string(score).c_str());
      constraints->InsertEndChild(location);
    }
    if (!domain->flag("restricted")) continue;
    auto* location = cib.NewElement("rsc_location");
    location->SetAttribute("id", ("location-" + guest.name() + "-restricted").c_str());
    location->SetAttribute("rsc", guest.name().c_str());
    auto* rule = location->InsertNewChildElement("rule");
    rule->SetAttribute("id", ("location-" + guest.name() + "-restricted-rule").c_str());
    rule->SetAttribute("score", "-INFINITY");
    rule->SetAttribute("boolean-op", "and");
    int n = 0;
    for (const auto& member : domain->members) {
      auto* e = rule->InsertNewChildElement("expression");
      e->SetAttribute("id", ("location-" + guest.name() + "-restricted-rule-" + std::to_string(++n)).c_str());
      e->SetAttribute("attribute", "#uname");
      e->SetAttribute("operation", "ne");
      e->SetAttribute("value", member.node().c_str());
    }
    constraints->InsertEndChild(location);
  }
  if (argc == 3) {
    std::ifstream state_file(argv[2]);
    std::ostringstream state_text;
    state_text << state_file.rdbuf();
    tinyxml2::XMLDocument state;
    if (state.Parse(state_text.str().c_str()) != tinyxml2::XML_SUCCESS) {
      std::cerr << argv[2] << ": not XML\n";
      return 1;
    }
    auto* root = cib.RootElement();
    for (const char* attribute : {"crm_feature_set", "epoch", "num_updates", "have-quorum", "dc-uuid"})
      if (const char* value = state.RootElement()->Attribute(attribute)) root->SetAttribute(attribute, value);
    root->DeleteChild(root->FirstChildElement("status"));
    root->InsertEndChild(state.RootElement()->FirstChildElement("status")->DeepClone(&cib));
  }
  tinyxml2::XMLPrinter printer;
  cib.Print(&printer);
  std::cout << printer.CStr();
  return 0;
}
