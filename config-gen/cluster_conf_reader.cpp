#include "cluster_conf_reader.hpp"

#include <tinyxml2.h>

#include <algorithm>
#include <cstring>

#include "keys.hpp"

namespace vmha::config {

namespace {

using tinyxml2::XMLElement;

Mark mark_of(const XMLElement* e) { return {e->GetLineNum(), 1}; }

class Importer {
 public:
  explicit Importer(ImportResult& r) : r_(r) {}

  void run(const XMLElement* cluster) {
    Topology& t = r_.topology;
    attributes(cluster, keys::cluster, t.cluster);
    for (const auto* child = cluster->FirstChildElement(); child; child = child->NextSiblingElement()) {
      std::string name = child->Name();
      if (name == "cman") cman(child);
      else if (name == "quorumd") quorumd(child);
      else if (name == "fence_daemon") attributes(child, keys::fence_daemon, t.fence_daemon);
      else if (name == "clusternodes") each(child, "clusternode", [&](const XMLElement* e) { node(e); });
      else if (name == "fencedevices") each(child, "fencedevice", [&](const XMLElement* e) { fence_device(e); });
      else if (name == "rm") rm(child);
      else skip(child);
    }
  }

 private:
  ImportResult& r_;

  void skip(const XMLElement* e, const std::string& why = "") {
    r_.not_imported.push_back({mark_of(e), "not imported: <" + std::string(e->Name()) + ">" + why});
  }

  template <typename F>
  void each(const XMLElement* parent, const char* name, F&& handle) {
    for (const auto* child = parent->FirstChildElement(); child; child = child->NextSiblingElement()) {
      if (std::strcmp(child->Name(), name) == 0) handle(child);
      else skip(child);
    }
  }

  // Attributes named in `table` become settings; the others go to `rest` when the object
  // keeps free-form options, and are reported otherwise.
  void attributes(const XMLElement* e, KeyTable table, Settings& out, Options* rest = nullptr,
                  const std::vector<std::string>& handled = {}) {
    for (const auto* a = e->FirstAttribute(); a; a = a->Next()) {
      std::string name = a->Name();
      if (std::find(handled.begin(), handled.end(), name) != handled.end()) continue;
      const KeySpec* spec = nullptr;
      for (const auto& s : table)
        if (s.cluster_conf == name) spec = &s;
      if (spec) {
        std::string why;
        if (auto value = normalize(*spec, a->Value(), why)) out.set(std::string(spec->key), *value, mark_of(e));
        else r_.diagnostics.error(mark_of(e), "<" + std::string(e->Name()) + " " + name + ">: " + why);
      } else if (rest) {
        rest->emplace_back(name, a->Value());
      } else {
        r_.not_imported.push_back({mark_of(e), "not imported: <" + std::string(e->Name()) + " " + name + "=\"" +
                                                   a->Value() + "\">"});
      }
    }
  }

  void cman(const XMLElement* e) {
    Settings& q = r_.topology.quorum;
    attributes(e, keys::quorum, q, nullptr, {"transport"});
    if (const char* transport = e->Attribute("transport")) {
      if (std::strcmp(transport, "udp") == 0 || std::strcmp(transport, "udpu") == 0) {
        r_.topology.cluster.set("transport", transport, mark_of(e));
        r_.topology.cluster.set("crypto", "false", mark_of(e));
      } else {
        r_.not_imported.push_back({mark_of(e), std::string("not imported: <cman transport=\"") + transport + "\">"});
      }
    }
    for (const auto* child = e->FirstChildElement(); child; child = child->NextSiblingElement()) skip(child);
  }

  void quorumd(const XMLElement* e) {
    QuorumDisk& disk = r_.topology.quorum_disk.emplace();
    disk.mark = mark_of(e);
    attributes(e, keys::quorum_disk, disk.settings);
    int n = 0;
    each(e, "heuristic", [&](const XMLElement* h) {
      Heuristic& heuristic = disk.heuristics.emplace_back();
      heuristic.mark = mark_of(h);
      heuristic.settings.set("name", "heuristic" + std::to_string(++n), mark_of(h));
      attributes(h, keys::heuristic, heuristic.settings);
    });
  }

  void node(const XMLElement* e) {
    Node& node = r_.topology.nodes.emplace_back();
    node.mark = mark_of(e);
    attributes(e, keys::node, node.settings);
    for (const auto* child = e->FirstChildElement(); child; child = child->NextSiblingElement()) {
      if (std::strcmp(child->Name(), "fence") != 0) {
        skip(child);
        continue;
      }
      each(child, "method", [&](const XMLElement* m) {
        FenceMethod& method = node.fencing.emplace_back();
        method.mark = mark_of(m);
        attributes(m, keys::fence_method, method.settings);
        each(m, "device", [&](const XMLElement* d) {
          FenceDeviceUse& use = method.devices.emplace_back();
          use.mark = mark_of(d);
          attributes(d, keys::fence_device_use, use.settings, &use.options);
        });
      });
    }
  }

  void fence_device(const XMLElement* e) {
    FenceDevice& device = r_.topology.fence_devices.emplace_back();
    device.mark = mark_of(e);
    attributes(e, keys::fence_device, device.settings, &device.options, {"passwd"});
    if (const char* password = e->Attribute("passwd")) {
      device.password.source = Secret::Source::Inline;
      device.password.value = password;
      device.password.mark = mark_of(e);
    }
  }

  void rm(const XMLElement* e) {
    for (const auto* a = e->FirstAttribute(); a; a = a->Next())
      r_.not_imported.push_back({mark_of(e), std::string("not imported: <rm ") + a->Name() + ">"});
    for (const auto* child = e->FirstChildElement(); child; child = child->NextSiblingElement()) {
      std::string name = child->Name();
      if (name == "failoverdomains") {
        each(child, "failoverdomain", [&](const XMLElement* d) { domain(d); });
      } else if (name == "vm") {
        guest(child);
      } else if (name == "resources" && !child->FirstChild()) {
        // empty: nothing to carry over
      } else {
        skip(child, name == "service" ? " (only vm services are part of a topology)" : "");
      }
    }
  }

  void domain(const XMLElement* e) {
    Domain& domain = r_.topology.domains.emplace_back();
    domain.mark = mark_of(e);
    attributes(e, keys::domain, domain.settings);
    each(e, "failoverdomainnode", [&](const XMLElement* m) {
      DomainMember& member = domain.members.emplace_back();
      member.mark = mark_of(m);
      attributes(m, keys::domain_member, member.settings);
    });
  }

  void guest(const XMLElement* e) {
    Guest& guest = r_.topology.guests.emplace_back();
    guest.mark = mark_of(e);
    attributes(e, keys::guest, guest.settings);
    // rgmanager writes dependencies as TYPE:NAME; the topology names the guest.
    if (auto depend = guest.settings.get("depend")) {
      auto colon = depend->find(':');
      if (colon != std::string::npos) guest.settings.set("depend", depend->substr(colon + 1), mark_of(e));
    }
    for (const auto* child = e->FirstChildElement(); child; child = child->NextSiblingElement()) skip(child);
  }
};

}  // namespace

ImportResult read_cluster_conf(const std::string& xml_text) {
  ImportResult result;
  tinyxml2::XMLDocument document;
  if (document.Parse(xml_text.c_str(), xml_text.size()) != tinyxml2::XML_SUCCESS) {
    result.diagnostics.error({document.ErrorLineNum(), 1}, std::string("XML: ") + document.ErrorStr());
    return result;
  }
  const auto* cluster = document.RootElement();
  if (!cluster || std::strcmp(cluster->Name(), "cluster") != 0) {
    result.diagnostics.error({cluster ? cluster->GetLineNum() : 1, 1}, "not a cluster.conf: the root element must be <cluster>");
    return result;
  }
  Importer(result).run(cluster);
  return result;
}

}  // namespace vmha::config
