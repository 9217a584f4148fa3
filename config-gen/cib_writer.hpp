// Topology → Pacemaker CIB (the whole <cib>, empty status). Pure.
//
// Failover domains become one tag per domain (its guests) plus one rsc_location per domain
// member that references the tag, and one -INFINITY rule per restricted domain: the number
// of constraints grows with domains × members, never with guests. docs/topology.md explains
// the scores.
#pragma once
#include <string>

#include "topology.hpp"

namespace vmha::config {

// Scores that make Pacemaker place guests as rgmanager did.
struct DomainScores {
  static long ordered(long priority) { return (101 - priority) * 100; }  // 1 → 10000 .. 100 → 100
  static constexpr long unordered = 10000;
  // Larger than any difference between two member scores, smaller than INFINITY, so a guest
  // that should not fail back stays, yet an operator's move (INFINITY) still wins.
  static constexpr long stay = 100000;
};

// The lowest crm_feature_set with per-operation fail counts (3.0.13; Pacemaker 2.1.5 writes 3.16.1).
inline constexpr const char* kCrmFeatureSet = "3.0.14";
inline constexpr const char* kCibSchema = "pacemaker-3.7";

// The monitor of a remote host's connection resource (ocf:pacemaker:remote): its failure is the
// host's loss, for the cluster as for the planner.
inline constexpr long kRemoteMonitorSeconds = 30;

struct CibOptions {
  // Off (the default): every guest primitive carries its class, operations and meta-attributes,
  // as pcs writes them; pcs 0.11 fails on primitives that take them from a template (KeyError
  // 'class' in resource config, "Agent '' is not installed" in resource update). On: guests share
  // them through resource templates, a smaller CIB that crmsh and Pacemaker's own tools handle.
  bool templates = false;
};

std::string write_cib(const Topology& topology, CibOptions options = {});

}  // namespace vmha::config
