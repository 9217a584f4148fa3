#include "utilization.hpp"

#include <algorithm>

namespace vmha::config {

namespace {

bool declares(const Options& pairs, std::string_view name) {
  return std::any_of(pairs.begin(), pairs.end(), [&](const auto& pair) { return pair.first == name; });
}

}  // namespace

Options expand_utilization(const Options& declared) {
  Options out;
  for (const auto& [name, value] : declared) {
    if (name == kMemory) {
      out.emplace_back("host_memory", value);
      out.emplace_back("hv_memory", value);
    } else {
      out.emplace_back(name, value);
    }
  }
  return out;
}

UtilizationPlan::UtilizationPlan(const Topology& t) : guests_(t.guests.size()) {
  for (const auto& guest : t.guests) {
    exclusive_ = exclusive_ || guest.settings.get_bool("exclusive").value_or(false);
    on_ = on_ || !guest.utilization.empty();
  }
  on_ = on_ || exclusive_;
  for (const auto& node : t.nodes) {
    on_ = on_ || !node.utilization.empty();
    Options capacity = expand_utilization(node.utilization);
    for (std::size_t i = 0; i < kAgentMeasured.size(); ++i)
      offered_[i] = offered_[i] || declares(capacity, kAgentMeasured[i]);
  }
}

Options UtilizationPlan::node_capacity(const Node& node) const {
  Options capacity = expand_utilization(node.utilization);
  // What the host keeps for itself is not offered to guests (validate refuses a reserve above the capacity).
  for (const auto& [name, kept] : expand_utilization(node.reserve))
    for (auto& [offered, value] : capacity)
      if (offered == name) value = std::to_string(std::stol(value) - std::stol(kept));
  if (exclusive_) capacity.emplace_back(kSlots, std::to_string(guests_));
  return capacity;
}

Options UtilizationPlan::guest_utilization(const Guest& guest) const {
  Options need = expand_utilization(guest.utilization);
  if (exclusive_) {
    bool exclusive = guest.settings.get_bool("exclusive").value_or(false);
    need.emplace_back(kSlots, exclusive ? std::to_string(guests_) : "1");
  }
  return need;
}

Options UtilizationPlan::guest_agent_parameters(const Guest& guest) const {
  Options parameters;
  if (!on_) return parameters;
  Options own = expand_utilization(guest.utilization);
  for (std::size_t i = 0; i < kAgentMeasured.size(); ++i)
    if (!offered_[i] || declares(own, kAgentMeasured[i]))
      parameters.emplace_back("autoset_utilization_" + std::string(kAgentMeasured[i]), "false");
  return parameters;
}

}  // namespace vmha::config
