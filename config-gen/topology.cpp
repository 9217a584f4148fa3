#include "topology.hpp"

namespace vmha::config {

namespace {
template <typename T>
const T* find_named(const std::vector<T>& items, const std::string& name) {
  for (const auto& item : items)
    if (item.name() == name) return &item;
  return nullptr;
}
}  // namespace

const Node* Topology::find_node(const std::string& name) const { return find_named(nodes, name); }
const Domain* Topology::find_domain(const std::string& name) const { return find_named(domains, name); }
const FenceDevice* Topology::find_fence_device(const std::string& name) const {
  return find_named(fence_devices, name);
}
const Guest* Topology::find_guest(const std::string& name) const { return find_named(guests, name); }

std::vector<const Node*> Topology::members() const {
  std::vector<const Node*> out;
  for (const auto& node : nodes)
    if (!node.remote()) out.push_back(&node);
  return out;
}

bool Topology::has_remote_hosts() const { return members().size() != nodes.size(); }

// Remote hosts never vote (Pacemaker Remote docs, intro.rst): every quorum figure counts members only.
long quorum_disk_votes(const Topology& topology) {
  if (!topology.quorum_disk) return 0;
  // qdisk.5: the disk's votes default to one less than the number of nodes.
  const auto members = static_cast<long>(topology.members().size());
  long fallback = members > 1 ? members - 1 : 1;
  return topology.quorum_disk->settings.get_int("votes").value_or(fallback);
}

QuorumPlan plan_quorum(const Topology& topology) {
  QuorumPlan plan;
  if (auto explicit_two_node = topology.quorum.get_bool("two_node")) {
    plan.two_node = *explicit_two_node;
  } else {
    plan.two_node = topology.members().size() == 2 && !topology.quorum_disk;
  }
  if (auto explicit_expected = topology.quorum.get_int("expected_votes")) {
    plan.expected_votes = *explicit_expected;
  } else if (plan.two_node) {
    plan.expected_votes = 1;  // cman's two-node mode: one vote is a majority
  } else if (topology.quorum_disk) {
    // qdisk.5: expected votes count the nodes and the quorum disk.
    long votes = 0;
    for (const auto* node : topology.members()) votes += node->settings.get_int("votes").value_or(1);
    votes += quorum_disk_votes(topology);
    plan.expected_votes = votes;
  }
  return plan;
}

}  // namespace vmha::config
