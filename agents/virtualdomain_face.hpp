#pragma once
#include <string>

#include "ocf/env_map.hpp"

namespace vmha::agents {

// Runs one action of the VirtualDomain face; returns the process exit code.
int run_virtualdomain(const std::string& action, const ocf::EnvMap& env, const std::string& invoked_as);

}  // namespace vmha::agents
