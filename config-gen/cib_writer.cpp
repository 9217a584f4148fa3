#include "cib_writer.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "utilization.hpp"
#include "xml_util.hpp"

namespace vmha::config {

namespace {

using tinyxml2::XMLElement;

std::string id_safe(std::string text) {
  for (char& c : text)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
          c == '-'))
      c = '_';
  return text;
}

void add_nvpair(XMLElement* set, const std::string& name, const std::string& value) {
  auto* pair = add_child(set, "nvpair");
  pair->SetAttribute("id", (std::string(set->Attribute("id")) + "-" + id_safe(name)).c_str());
  pair->SetAttribute("name", name.c_str());
  pair->SetAttribute("value", value.c_str());
}

XMLElement* add_set(XMLElement* parent, const char* kind, const std::string& id) {
  auto* set = add_child(parent, kind);
  set->SetAttribute("id", id.c_str());
  return set;
}

void add_pairs(XMLElement* parent, const char* kind, const std::string& id, const Options& pairs) {
  if (pairs.empty()) return;
  auto* set = add_set(parent, kind, id);
  for (const auto& [name, value] : pairs) add_nvpair(set, name, value);
}

void add_op(XMLElement* ops, const std::string& rsc, const char* name, const char* interval, const char* timeout,
            const char* on_fail = nullptr) {
  auto* op = add_child(ops, "op");
  op->SetAttribute("id", (rsc + "-" + name + "-" + interval).c_str());
  op->SetAttribute("name", name);
  op->SetAttribute("interval", interval);
  op->SetAttribute("timeout", timeout);
  if (on_fail) op->SetAttribute("on-fail", on_fail);
}

// One stonith primitive: a fence device as seen by the nodes it fences.
struct StonithPlan {
  std::string id;
  const FenceDevice* device;
  Options parameters;                                        // the device's and the shared per-node ones
  std::vector<std::pair<std::string, std::string>> targets;  // node → port ("" = none)
};

class CibWriter {
 public:
  CibWriter(const Topology& t, CibOptions options) : t_(t), options_(options), utilization_(t) {}

  std::string write() {
    plan_stonith();
    auto* cib = add_child(&document_, "cib");
    cib->SetAttribute("crm_feature_set", kCrmFeatureSet);
    cib->SetAttribute("validate-with", kCibSchema);
    cib->SetAttribute("epoch", t_.cluster.get_or("config_version", "1").c_str());
    cib->SetAttribute("num_updates", "0");
    cib->SetAttribute("admin_epoch", "0");
    auto* configuration = add_child(cib, "configuration");
    write_options(add_child(configuration, "crm_config"));
    write_nodes(add_child(configuration, "nodes"));
    auto* resources = add_child(configuration, "resources");
    write_stonith(resources);
    write_remote_connections(resources);
    write_templates(resources);
    for (const auto& guest : t_.guests) write_guest(resources, guest);
    auto* constraints = add_child(configuration, "constraints");
    write_stonith_locations(constraints);
    write_domains(constraints);
    write_dependencies(constraints);
    write_fencing_topology(configuration);
    write_tags(configuration);
    add_child(cib, "status");
    return to_text(document_);
  }

 private:
  const Topology& t_;
  CibOptions options_;
  UtilizationPlan utilization_;
  tinyxml2::XMLDocument document_;
  std::vector<StonithPlan> stonith_;
  std::map<std::pair<std::string, std::string>, std::string> stonith_id_;  // (device, node) → primitive id

  void write_options(XMLElement* crm_config) {
    bool fencing = t_.fencing_enabled() && !stonith_.empty();
    Options options = {{"cluster-name", t_.cluster.get_or("name", "")},
                       {"stonith-enabled", fencing ? "true" : "false"}};
    // Balanced spreads guests over the most free capacity (QVD's "most free RAM and CPU").
    if (auto placement = t_.cluster.get("placement"))
      options.emplace_back("placement-strategy", *placement);
    else if (utilization_.on())
      options.emplace_back("placement-strategy", "balanced");
    static constexpr std::pair<const char*, const char*> kLimits[] = {{"parallel_starts", "node-action-limit"},
                                                                      {"parallel_migrations", "migration-limit"},
                                                                      {"parallel_actions", "batch-limit"}};
    for (const auto& [key, property] : kLimits)
      if (auto value = t_.limits.get(key)) options.emplace_back(property, *value);
    add_pairs(crm_config, "cluster_property_set", "cib-bootstrap-options", options);
  }

  // A remote host's node entry has its name as id (Pacemaker's own, as crm_attribute writes one for
  // a remote node): it holds the host's capacity; the connection resource makes it a node.
  void write_nodes(XMLElement* nodes) {
    for (const auto& node : t_.nodes) {
      auto* element = add_child(nodes, "node");
      auto id = std::to_string(node.id());
      element->SetAttribute("id", node.remote() ? node.name().c_str() : id.c_str());
      element->SetAttribute("uname", node.name().c_str());
      if (node.remote()) element->SetAttribute("type", "remote");
      add_pairs(element, "utilization", "node-" + id + "-utilization", utilization_.node_capacity(node));
    }
  }

  // Each remote host: an ocf:pacemaker:remote connection whose id is the host's node name, run by
  // a full member. reconnect_interval: after the host was lost (and fenced), retry once a minute
  // instead of failing the connection's start on every member and giving the host up for good.
  void write_remote_connections(XMLElement* resources) {
    for (const auto& node : t_.nodes) {
      if (!node.remote()) continue;
      const std::string id = node.name();
      auto* primitive = add_child(resources, "primitive");
      primitive->SetAttribute("id", id.c_str());
      primitive->SetAttribute("class", "ocf");
      primitive->SetAttribute("provider", "pacemaker");
      primitive->SetAttribute("type", "remote");
      Options parameters = {{"server", node.addresses.empty() ? node.name() : node.addresses.front()},
                            {"port", std::to_string(node.settings.get_int("remote_port").value_or(kDefaultRemotePort))},
                            {"reconnect_interval", "60s"}};
      add_pairs(primitive, "instance_attributes", id + "-instance_attributes", parameters);
      const std::string interval = std::to_string(kRemoteMonitorSeconds) + "s";
      add_op(add_child(primitive, "operations"), id, "monitor", interval.c_str(), "30s");
    }
  }

  void plan_stonith() {
    for (const auto& device : t_.fence_devices) {
      if (device.manual()) continue;  // no such agent in Pacemaker: stonith_admin --confirm (docs/topology.md)
      std::vector<std::pair<const Node*, const FenceDeviceUse*>> uses;
      for (const auto& node : t_.nodes)
        for (const auto& method : node.fencing)
          for (const auto& use : method.devices)
            if (use.device() == device.name()) uses.emplace_back(&node, &use);
      if (uses.empty()) continue;  // e.g. fence_xvm kept for guest clusters: nothing to fence here
      bool same_options = true;
      for (const auto& [node, use] : uses) same_options = same_options && use->options == uses.front().second->options;
      auto parameters = [&](const FenceDeviceUse& use) {
        Options p = device.options;
        if (device.password.source != Secret::Source::None) p.emplace_back("password", device.password.value);
        // A node's own value replaces the device's, as fenced passes both and the agent keeps
        // the later: one nvpair each (a second would repeat its id).
        for (const auto& option : use.options) {
          auto same = std::find_if(p.begin(), p.end(), [&](const auto& pair) { return pair.first == option.first; });
          if (same != p.end())
            same->second = option.second;
          else
            p.push_back(option);
        }
        return p;
      };
      if (same_options) {
        StonithPlan plan{device.name(), &device, parameters(*uses.front().second), {}};
        for (const auto& [node, use] : uses) {
          plan.targets.emplace_back(node->name(), use->settings.get_or("port", ""));
          stonith_id_[{device.name(), node->name()}] = plan.id;
        }
        stonith_.push_back(std::move(plan));
      } else {
        // Per-node parameters differ (e.g. a switch number per node): one primitive per node.
        for (const auto& [node, use] : uses) {
          StonithPlan plan{device.name() + "-" + id_safe(node->name()), &device, parameters(*use), {}};
          plan.targets.emplace_back(node->name(), use->settings.get_or("port", ""));
          stonith_id_[{device.name(), node->name()}] = plan.id;
          stonith_.push_back(std::move(plan));
        }
      }
    }
  }

  void write_stonith(XMLElement* resources) {
    for (const auto& plan : stonith_) {
      auto* primitive = add_child(resources, "primitive");
      primitive->SetAttribute("id", plan.id.c_str());
      primitive->SetAttribute("class", "stonith");
      primitive->SetAttribute("type", plan.device->settings.get_or("agent", "").c_str());
      Options parameters = plan.parameters;
      bool any_port = false;
      for (const auto& target : plan.targets) any_port = any_port || !target.second.empty();
      std::string hosts;
      for (const auto& [node, port] : plan.targets) {
        if (!hosts.empty()) hosts += any_port ? ";" : ",";
        hosts += any_port ? node + ":" + (port.empty() ? node : port) : node;
      }
      parameters.emplace_back(any_port ? "pcmk_host_map" : "pcmk_host_list", hosts);
      add_pairs(primitive, "instance_attributes", plan.id + "-instance_attributes", parameters);
      add_op(add_child(primitive, "operations"), plan.id, "monitor", "60s", "60s");
    }
  }

  // What every guest of one stickiness shares lives in a resource template, so a guest's own
  // primitive holds only what is its own: 5000 guests cost 5000 small primitives.
  static std::string template_of(long stickiness) {
    return stickiness == 0 ? "vmha-guest-failback" : "vmha-guest-stay";
  }

  void write_templates(XMLElement* resources) {
    if (!options_.templates) return;
    std::vector<long> used;
    for (const auto& guest : t_.guests)
      if (std::find(used.begin(), used.end(), stickiness(guest)) == used.end()) used.push_back(stickiness(guest));
    std::sort(used.begin(), used.end());
    for (long each : used) {
      auto* element = add_child(resources, "template");
      std::string id = template_of(each);
      element->SetAttribute("id", id.c_str());
      write_guest_class(element);
      add_pairs(element, "meta_attributes", id + "-meta_attributes", shared_meta(each));
      write_guest_operations(element, id, false);
    }
  }

  void write_guest_class(XMLElement* element) const {
    element->SetAttribute("class", "ocf");
    element->SetAttribute("provider", t_.cluster.get_or("resource_provider", "vmha").c_str());
    element->SetAttribute("type", "VirtualDomain");
  }

  static Options shared_meta(long stickiness) {
    return {{"allow-migrate", "true"}, {"resource-stickiness", std::to_string(stickiness)}};
  }

  static void write_guest_operations(XMLElement* element, const std::string& id, bool stop_on_failure) {
    auto* ops = add_child(element, "operations");
    add_op(ops, id, "start", "0s", "90s");
    add_op(ops, id, "stop", "0s", "90s");
    // recovery=disable: a failed guest is stopped and left stopped, as rgmanager disabled it.
    add_op(ops, id, "monitor", "10s", "30s", stop_on_failure ? "stop" : nullptr);
    add_op(ops, id, "migrate_to", "0s", "120s");
    add_op(ops, id, "migrate_from", "0s", "120s");
  }

  void write_guest(XMLElement* resources, const Guest& guest) {
    const auto& s = guest.settings;
    const std::string id = guest.name();
    auto* primitive = add_child(resources, "primitive");
    primitive->SetAttribute("id", id.c_str());
    if (options_.templates)
      primitive->SetAttribute("template", template_of(stickiness(guest)).c_str());
    else
      write_guest_class(primitive);

    // Parameters as resource-agents' VirtualDomain names them.
    Options parameters;
    if (auto xmlfile = s.get("xmlfile"))
      parameters.emplace_back("config", *xmlfile);
    else
      parameters.emplace_back("config", s.get_or("path", "") + "/" + id + ".xml");
    if (auto uri = s.get("hypervisor_uri")) parameters.emplace_back("hypervisor", *uri);
    if (auto transport = s.get("migration_transport")) parameters.emplace_back("migration_transport", *transport);
    if (auto uri = s.get("migration_uri")) parameters.emplace_back("migrateuri", *uri);
    if (auto options = s.get("migrate_options")) parameters.emplace_back("migrate_options", *options);
    // vmha's own parameter: resource-agents' VirtualDomain does not declare it.
    if (auto lease = s.get("require_lease"); lease && t_.cluster.get_or("resource_provider", "vmha") == "vmha")
      parameters.emplace_back("require_lease", *lease);
    for (auto& parameter : utilization_.guest_agent_parameters(guest)) parameters.push_back(std::move(parameter));
    add_pairs(primitive, "instance_attributes", id + "-instance_attributes", parameters);

    Options meta = options_.templates ? Options{} : shared_meta(stickiness(guest));
    if (!s.get_bool("autostart").value_or(true)) meta.emplace_back("target-role", "Stopped");
    if (auto priority = s.get("priority")) meta.emplace_back("priority", *priority);
    auto recovery = s.get_or("recovery", "restart");
    if (recovery == "relocate") {
      meta.emplace_back("migration-threshold", "1");
    } else if (recovery == "restart") {
      // max_restarts restarts in place, then the next failure relocates.
      if (auto max = s.get_int("max_restarts"); max && *max > 0)
        meta.emplace_back("migration-threshold", std::to_string(*max + 1));
    }
    if (auto expire = s.get_int("restart_expire_time"); expire && *expire > 0)
      meta.emplace_back("failure-timeout", std::to_string(*expire) + "s");
    add_pairs(primitive, "meta_attributes", id + "-meta_attributes", meta);

    add_pairs(primitive, "utilization", id + "-utilization", utilization_.guest_utilization(guest));

    // A primitive's operation replaces the template's of the same name and interval.
    if (!options_.templates) {
      write_guest_operations(primitive, id, recovery == "disable");
    } else if (recovery == "disable") {
      add_op(add_child(primitive, "operations"), id, "monitor", "10s", "30s", "stop");
    }
  }

  long stickiness(const Guest& guest) const {
    const Domain* domain = t_.find_domain(guest.settings.get_or("domain", ""));
    if (domain && domain->flag("ordered") && !domain->flag("nofailback")) return 0;  // fail back
    return DomainScores::stay;
  }

  std::vector<const Guest*> guests_in(const Domain& domain) const {
    std::vector<const Guest*> out;
    for (const auto& g : t_.guests)
      if (g.settings.get("domain") == domain.name()) out.push_back(&g);
    return out;
  }

  static std::string tag_of(const Domain& domain) { return "domain-" + domain.name(); }

  void write_domains(XMLElement* constraints) {
    for (const auto& domain : t_.domains) {
      if (guests_in(domain).empty()) continue;
      const std::string tag = tag_of(domain);
      for (const auto& member : domain.members) {
        const Node* node = t_.find_node(member.node());
        long score = domain.flag("ordered")
                         ? DomainScores::ordered(member.settings.get_int("priority").value_or(kLowestPriority))
                         : DomainScores::unordered;
        auto* location = add_child(constraints, "rsc_location");
        location->SetAttribute("id", ("location-" + tag + "-node-" + std::to_string(node ? node->id() : 0)).c_str());
        location->SetAttribute("rsc", tag.c_str());
        location->SetAttribute("node", member.node().c_str());
        location->SetAttribute("score", std::to_string(score).c_str());
      }
      if (!domain.flag("restricted") || domain.members.empty()) continue;
      auto* location = add_child(constraints, "rsc_location");
      location->SetAttribute("id", ("location-" + tag + "-restricted").c_str());
      location->SetAttribute("rsc", tag.c_str());
      auto* rule = add_child(location, "rule");
      rule->SetAttribute("id", ("location-" + tag + "-restricted-rule").c_str());
      rule->SetAttribute("score", "-INFINITY");
      rule->SetAttribute("boolean-op", "and");
      int n = 0;
      for (const auto& member : domain.members) {
        auto* expression = add_child(rule, "expression");
        expression->SetAttribute("id", ("location-" + tag + "-restricted-rule-" + std::to_string(++n)).c_str());
        expression->SetAttribute("attribute", "#uname");
        expression->SetAttribute("operation", "ne");
        expression->SetAttribute("value", member.node().c_str());
      }
    }
  }

  // A device that fences one node must not run there: the node that would need it is the one
  // that failed (pcs users add this as `pcs constraint location DEVICE avoids NODE`).
  void write_stonith_locations(XMLElement* constraints) {
    if (t_.nodes.size() < 2) return;
    for (const auto& plan : stonith_) {
      if (plan.targets.size() != 1) continue;
      const std::string& node = plan.targets.front().first;
      auto* location = add_child(constraints, "rsc_location");
      location->SetAttribute("id", ("location-" + plan.id + "-" + id_safe(node) + "--INFINITY").c_str());
      location->SetAttribute("rsc", plan.id.c_str());
      location->SetAttribute("node", node.c_str());
      location->SetAttribute("score", "-INFINITY");
    }
  }

  void write_dependencies(XMLElement* constraints) {
    for (const auto& guest : t_.guests) {
      std::vector<std::string> firsts;
      if (auto depend = guest.settings.get("depend")) firsts.push_back(*depend);
      for (const auto& [name, mark] : guest.start_after)
        if (std::find(firsts.begin(), firsts.end(), name) == firsts.end()) firsts.push_back(name);
      for (const auto& first : firsts) {
        auto* order = add_child(constraints, "rsc_order");
        order->SetAttribute("id", ("order-" + first + "-then-" + guest.name()).c_str());
        // The actions are Pacemaker's defaults, written out: pcs reads them without a default.
        order->SetAttribute("first", first.c_str());
        order->SetAttribute("first-action", "start");
        order->SetAttribute("then", guest.name().c_str());
        order->SetAttribute("then-action", "start");
        order->SetAttribute("kind", "Mandatory");
      }
    }
  }

  void write_fencing_topology(XMLElement* configuration) {
    XMLElement* topology = nullptr;
    for (const auto& node : t_.nodes) {
      int index = 0;
      for (const auto& method : node.fencing) {
        ++index;
        std::string devices;
        for (const auto& use : method.devices) {
          auto id = stonith_id_.find({use.device(), node.name()});
          if (id == stonith_id_.end()) continue;
          if (!devices.empty()) devices += ",";
          devices += id->second;
        }
        if (devices.empty()) continue;
        if (!topology) topology = add_child(configuration, "fencing-topology");
        auto* level = add_child(topology, "fencing-level");
        level->SetAttribute("id",
                            ("fencing-node-" + std::to_string(node.id()) + "-level-" + std::to_string(index)).c_str());
        level->SetAttribute("target", node.name().c_str());
        level->SetAttribute("index", index);
        level->SetAttribute("devices", devices.c_str());
      }
    }
  }

  void write_tags(XMLElement* configuration) {
    XMLElement* tags = nullptr;
    for (const auto& domain : t_.domains) {
      auto guests = guests_in(domain);
      if (guests.empty()) continue;
      if (!tags) tags = add_child(configuration, "tags");
      auto* tag = add_child(tags, "tag");
      tag->SetAttribute("id", tag_of(domain).c_str());
      for (const auto* guest : guests) add_child(tag, "obj_ref")->SetAttribute("id", guest->name().c_str());
    }
  }
};

}  // namespace

std::string write_cib(const Topology& topology, CibOptions options) { return CibWriter(topology, options).write(); }

}  // namespace vmha::config
