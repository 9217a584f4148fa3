// The topology as a picture: hosts, failover domains and their priorities, guests, fence devices and
// methods, the quorum disk; optionally one host's failure overlaid, as Pacemaker's scheduler plans it
// (vmha-config plan's scenario: which host takes which guest, which stay stopped). The graph is
// Graphviz's DOT (pure, tested as text); Graphviz lays it out and draws it (render_svg).
#pragma once
#include <optional>
#include <string>

#include "plan.hpp"
#include "topology.hpp"

namespace vmha::config {

// One failed host and the plan around it: where guests run with every host up and after the failure.
struct DiagramOverlay {
  std::string failed;
  Scenario before, after;
};

std::string diagram_dot(const Topology& topology, const DiagramOverlay* overlay = nullptr);

// Graphviz (libgvc, in this process): `dot` laid out and drawn in `format` (svg, png, ...).
// nullopt on an error, with `error` saying why.
std::optional<std::string> render_graph(const std::string& dot, const std::string& format, std::string& error);

}  // namespace vmha::config
