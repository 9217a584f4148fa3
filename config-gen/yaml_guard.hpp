// The YAML structure a topology may have, checked on the parser's events before any tree is
// built: one document, bounded depth and size, no aliases, no duplicate keys, and only text
// every output can carry. Pure.
#pragma once
#include <string>

#include "diagnostics.hpp"

namespace vmha::config {

// Adds an error for each problem; true when the text may be loaded.
bool guard_yaml(const std::string& yaml_text, Diagnostics& diagnostics);

}  // namespace vmha::config
