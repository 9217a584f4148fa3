// vmha status's two renderings of the model: the operator's screen and the --json document
// (schema "vmha-status/1", docs/operations.md).
#pragma once
#include <string>

#include "status_model.hpp"

namespace vmha::admin {

std::string render_status_text(const ClusterStatus&);
std::string render_status_json(const ClusterStatus&);

}  // namespace vmha::admin
