// vmha migrate's decision: may GUEST be moved live to HOST now? Pure, over the model; a refusal
// is one line saying why, and nothing is changed.
#pragma once
#include <optional>
#include <string>

#include "status_model.hpp"

namespace vmha::admin {

std::optional<std::string> refuse_migration(const ClusterStatus&, const std::string& guest, const std::string& host);

}  // namespace vmha::admin
