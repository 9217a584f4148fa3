#include "cluster_conf_writer.hpp"

#include "keys.hpp"
#include "xml_util.hpp"

namespace vmha::config {

namespace {

void write_cman(tinyxml2::XMLElement* cluster, const Topology& t) {
  QuorumPlan plan = plan_quorum(t);
  auto transport = t.cluster.get("transport");
  bool explicit_two_node = t.quorum.has("two_node");
  if (!plan.two_node && !explicit_two_node && !plan.expected_votes && (!transport || *transport == "knet")) return;
  auto* cman = add_child(cluster, "cman");
  if (plan.expected_votes) cman->SetAttribute("expected_votes", std::to_string(*plan.expected_votes).c_str());
  if (plan.two_node || explicit_two_node) cman->SetAttribute("two_node", plan.two_node ? "1" : "0");
  // knet did not exist in cman's days; udp and udpu carry over.
  if (transport && *transport != "knet") cman->SetAttribute("transport", transport->c_str());
}

void write_quorumd(tinyxml2::XMLElement* cluster, const Topology& t) {
  if (!t.quorum_disk) return;
  auto* quorumd = add_child(cluster, "quorumd");
  write_cluster_conf_attributes(quorumd, keys::quorum_disk, t.quorum_disk->settings);
  for (const auto& h : t.quorum_disk->heuristics)
    write_cluster_conf_attributes(add_child(quorumd, "heuristic"), keys::heuristic, h.settings);
}

void write_nodes(tinyxml2::XMLElement* cluster, const Topology& t) {
  auto* nodes = add_child(cluster, "clusternodes");
  for (const auto& node : t.nodes) {
    auto* element = add_child(nodes, "clusternode");
    write_cluster_conf_attributes(element, keys::node, node.settings);
    if (node.fencing.empty()) continue;
    auto* fence = add_child(element, "fence");
    for (const auto& method : node.fencing) {
      auto* method_element = add_child(fence, "method");
      write_cluster_conf_attributes(method_element, keys::fence_method, method.settings);
      for (const auto& use : method.devices) {
        auto* device = add_child(method_element, "device");
        write_cluster_conf_attributes(device, keys::fence_device_use, use.settings);
        write_options(device, use.options);
      }
    }
  }
}

void write_fence_devices(tinyxml2::XMLElement* cluster, const Topology& t) {
  if (t.fence_devices.empty()) return;
  auto* devices = add_child(cluster, "fencedevices");
  for (const auto& device : t.fence_devices) {
    auto* element = add_child(devices, "fencedevice");
    write_cluster_conf_attributes(element, keys::fence_device, device.settings);
    if (device.password.source != Secret::Source::None) element->SetAttribute("passwd", device.password.value.c_str());
    write_options(element, device.options);
  }
}

void write_rm(tinyxml2::XMLElement* cluster, const Topology& t) {
  if (t.domains.empty() && t.guests.empty()) return;
  auto* rm = add_child(cluster, "rm");
  if (!t.domains.empty()) {
    auto* domains = add_child(rm, "failoverdomains");
    for (const auto& domain : t.domains) {
      auto* element = add_child(domains, "failoverdomain");
      write_cluster_conf_attributes(element, keys::domain, domain.settings);
      for (const auto& member : domain.members)
        write_cluster_conf_attributes(add_child(element, "failoverdomainnode"), keys::domain_member, member.settings);
    }
  }
  add_child(rm, "resources");
  for (const auto& guest : t.guests) {
    auto* vm = add_child(rm, "vm");
    write_cluster_conf_attributes(vm, keys::guest, guest.settings);
    // rgmanager names dependencies as TYPE:NAME.
    if (auto depend = guest.settings.get("depend")) vm->SetAttribute("depend", ("vm:" + *depend).c_str());
  }
}

}  // namespace

std::string write_cluster_conf(const Topology& t) {
  tinyxml2::XMLDocument document;
  document.InsertEndChild(document.NewDeclaration());
  auto* cluster = add_child(&document, "cluster");
  cluster->SetAttribute("name", t.cluster.get_or("name", "").c_str());
  cluster->SetAttribute("config_version", t.cluster.get_or("config_version", "1").c_str());
  write_cman(cluster, t);
  write_quorumd(cluster, t);
  // Without fencing on purpose, cman's fenced must not wait forever for nodes that have no method.
  Settings fence_daemon = t.fence_daemon;
  if (!t.fencing_enabled() && !fence_daemon.has("skip_undefined")) fence_daemon.set("skip_undefined", "true");
  if (!fence_daemon.all().empty())
    write_cluster_conf_attributes(add_child(cluster, "fence_daemon"), keys::fence_daemon, fence_daemon);
  write_nodes(cluster, t);
  write_fence_devices(cluster, t);
  write_rm(cluster, t);
  return to_text(document);
}

}  // namespace vmha::config
