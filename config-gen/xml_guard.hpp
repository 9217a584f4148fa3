// Bounds checked on cluster.conf text before tinyxml2 parses it (its attribute parsing is
// quadratic in the attributes of one element). Pure.
#pragma once
#include <string>

#include "diagnostics.hpp"

namespace vmha::config {

// Adds an error (with its line) and returns false when the text is past a limit.
bool guard_xml(const std::string& xml_text, Diagnostics& diagnostics);

}  // namespace vmha::config
