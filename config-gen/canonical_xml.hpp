// A canonical text form of a cluster.conf for semantic comparison: attributes sorted,
// whitespace and comments ignored, empty elements dropped, and siblings sorted except where
// their order means something (fence methods are tried in order).
#pragma once
#include <optional>
#include <string>

namespace vmha::config {

// nullopt (and `error` set, `error_line` too when given) when the text is not well-formed XML
// or is past the limits (limits.hpp).
std::optional<std::string> canonical_cluster_conf(const std::string& xml_text, std::string& error,
                                                  int* error_line = nullptr);

}  // namespace vmha::config
