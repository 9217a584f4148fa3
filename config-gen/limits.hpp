// The input bounds of vmha-config, declared once (docs/topology.md, "Limits"). Past them an
// input is refused with one clear error instead of costing minutes and gigabytes.
#pragma once
#include <cstddef>

namespace vmha::config::limits {

// A topology or cluster.conf file. The largest realistic topology (a few thousand guests) is a
// few hundred kilobytes; reading 4 MiB of YAML costs about a second and 0.4 GB.
inline constexpr std::size_t kInputBytes = 4u << 20;
// YAML: a topology is 8 levels deep (nodes → fencing → devices → options).
inline constexpr std::size_t kYamlDepth = 32;
// YAML: every scalar, list and mapping counts.
inline constexpr std::size_t kYamlNodes = 250000;
// XML: attributes of one element (tinyxml2 checks each new attribute against all earlier ones).
inline constexpr std::size_t kXmlAttributes = 256;

}  // namespace vmha::config::limits
