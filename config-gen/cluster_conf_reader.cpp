#include "cluster_conf_reader.hpp"

#include <tinyxml2.h>

#include <algorithm>
#include <cstring>

#include "keys.hpp"
#include "text.hpp"
#include "xml_guard.hpp"

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
      if (name == "cman")
        cman(child);
      else if (name == "quorumd")
        quorumd(child);
      else if (name == "fence_daemon")
        attributes(child, keys::fence_daemon, t.fence_daemon);
      else if (name == "clusternodes")
        each(child, "clusternode", [&](const XMLElement* e) { node(e); });
      else if (name == "fencedevices")
        each(child, "fencedevice", [&](const XMLElement* e) { fence_device(e); });
      else if (name == "rm")
        rm(child);
      else
        skip(child);
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
      if (std::strcmp(child->Name(), name) == 0)
        handle(child);
      else
        skip(child);
    }
  }

  void error(const XMLElement* e, const std::string& what, const std::string& why) {
    r_.diagnostics.error(mark_of(e),
                         "<" + std::string(e->Name()) + (what.empty() ? "" : " " + printable(what)) + ">: " + why);
  }

  // Attributes named in `table` become settings; the others go to `rest` when the object
  // keeps free-form options (`reserved`: the names a generator writes itself), and are
  // reported otherwise. A required key that is missing is an error: import writes only a
  // topology its own validate accepts.
  void attributes(const XMLElement* e, KeyTable table, Settings& out, Options* rest = nullptr,
                  const std::vector<std::string>& handled = {}, std::span<const std::string_view> reserved = {}) {
    for (const auto* a = e->FirstAttribute(); a; a = a->Next()) {
      std::string name = a->Name();
      if (std::find(handled.begin(), handled.end(), name) != handled.end()) continue;
      const KeySpec* spec = nullptr;
      for (const auto& s : table)
        if (s.cluster_conf == name) spec = &s;
      if (spec) {
        std::string why;
        if (auto value = normalize(*spec, a->Value(), why))
          out.set(std::string(spec->key), *value, mark_of(e));
        else
          error(e, name, why);
      } else if (rest) {
        if (!is_option_name(name))
          error(e, name, "a topology option name is 1-64 letters, digits, _ . - with a letter or _ first (not xml...)");
        else if (std::find(reserved.begin(), reserved.end(), name) != reserved.end())
          error(e, name, "repeats an attribute vmha-config writes itself");
        else if (auto problem = text_problem(a->Value()); !problem.empty())
          error(e, name, "'" + printable(a->Value()) + "' " + problem);
        else
          rest->emplace_back(name, a->Value());
      } else {
        r_.not_imported.push_back({mark_of(e), "not imported: <" + std::string(e->Name()) + " " + name + "=\"" +
                                                   printable(a->Value()) + "\">"});
      }
    }
    for (const auto& spec : table)
      if (spec.required && !out.has(spec.key) && !e->Attribute(std::string(spec.cluster_conf).c_str()))
        error(e, "",
              "needs the attribute '" + std::string(spec.cluster_conf) + "' (a topology requires " +
                  std::string(spec.key) + ")");
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
          attributes(d, keys::fence_device_use, use.settings, &use.options, {}, keys::reserved_use_options);
        });
      });
    }
  }

  void fence_device(const XMLElement* e) {
    FenceDevice& device = r_.topology.fence_devices.emplace_back();
    device.mark = mark_of(e);
    attributes(e, keys::fence_device, device.settings, &device.options, {"passwd"}, keys::reserved_device_options);
    if (const char* password = e->Attribute("passwd")) {
      if (auto problem = text_problem(password); !problem.empty()) error(e, "passwd", "the password " + problem);
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
  if (!guard_xml(xml_text, result.diagnostics)) return result;
  tinyxml2::XMLDocument document;
  if (document.Parse(xml_text.c_str(), xml_text.size()) == tinyxml2::XML_ERROR_EMPTY_DOCUMENT) {
    result.diagnostics.error({1, 1}, "the file is empty; a cluster.conf is a <cluster> element");
    return result;
  }
  if (document.ErrorID() != tinyxml2::XML_SUCCESS) {
    result.diagnostics.error({document.ErrorLineNum(), 1}, std::string("XML: ") + document.ErrorStr());
    return result;
  }
  const auto* cluster = document.RootElement();
  if (!cluster || std::strcmp(cluster->Name(), "cluster") != 0) {
    result.diagnostics.error({cluster ? cluster->GetLineNum() : 1, 1},
                             "not a cluster.conf: the root element must be <cluster>");
    return result;
  }
  Importer(result).run(cluster);
  return result;
}

}  // namespace vmha::config
