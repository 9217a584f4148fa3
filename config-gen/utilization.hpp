// Pacemaker utilization: what nodes offer and guests need, in the names the guest agent uses.
//
// With placement-strategy=utilization a capacity a node does not declare is 0, so every name a
// guest needs must be one every node declares. The guest agent (ours and heartbeat's
// VirtualDomain alike) keeps three attributes equal to the guest's size on each monitor: cpu
// (vCPUs), host_memory and hv_memory (maximum memory, MiB), each unless its
// autoset_utilization_NAME parameter is false. The topology speaks those names; its `memory` is
// host_memory and hv_memory together. Pure.
#pragma once
#include <array>
#include <string>
#include <string_view>

#include "topology.hpp"

namespace vmha::config {

// What the agent measures, in the order it writes them.
inline constexpr std::array<std::string_view, 3> kAgentMeasured = {"cpu", "host_memory", "hv_memory"};
// A topology's shorthand for both memory attributes.
inline constexpr std::string_view kMemory = "memory";
// rgmanager's exclusive: every node offers as many guest slots as there are guests; a guest
// takes one, an exclusive guest takes them all.
inline constexpr std::string_view kSlots = "vmha-guest-slots";

// `memory: M` becomes host_memory: M and hv_memory: M; other names are kept as they are.
Options expand_utilization(const Options& declared);

// The topology's utilization, decided once for the whole topology.
class UtilizationPlan {
 public:
  explicit UtilizationPlan(const Topology& topology);

  // placement-strategy=utilization: some node or guest declares utilization, or a guest is exclusive.
  bool on() const { return on_; }
  Options node_capacity(const Node& node) const;  // declared minus reserve
  Options guest_utilization(const Guest& guest) const;
  // The agent's autoset_utilization_NAME=false for each measured NAME it must not write on this
  // guest: one no node offers (it would make the guest unplaceable), or one the topology gives
  // the guest itself (the administrator's figure rules). Empty without utilization placement.
  Options guest_agent_parameters(const Guest& guest) const;

 private:
  bool on_ = false;
  bool exclusive_ = false;  // some guest is exclusive: guest slots
  std::size_t guests_ = 0;
  std::array<bool, kAgentMeasured.size()> offered_{};  // some node declares kAgentMeasured[i]
};

}  // namespace vmha::config
