// The input bounds of vmha-config, declared once (docs/topology.md, "Limits"). Past them an
// input is refused with one clear error instead of costing minutes and gigabytes.
#pragma once
#include <cstddef>

namespace vmha::config::limits {

// A topology or cluster.conf file. The largest realistic topology (a few thousand guests) is a
// few hundred kilobytes (5000 guests: 238 kB).
inline constexpr std::size_t kInputBytes = 4u << 20;
// YAML: a topology is 8 levels deep (nodes → fencing → devices → options).
inline constexpr std::size_t kYamlDepth = 32;
// YAML: every scalar, list and mapping counts; yaml-cpp spends about 0.5 kB on each. 35000
// guests are 245000 values: validate takes about 1 s and 135 MB (docs/PERFORMANCE.md).
inline constexpr std::size_t kYamlNodes = 250000;
// XML: attributes of one element (tinyxml2 checks each new attribute against all earlier ones).
inline constexpr std::size_t kXmlAttributes = 256;

}  // namespace vmha::config::limits
