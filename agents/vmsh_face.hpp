#pragma once
#include <string>
#include <vector>

#include "ocf/env_map.hpp"

namespace vmha::agents {

// rgmanager's vm.sh face: argv[1] is the action, argv[2] the target node of "migrate".
int run_vmsh(const std::vector<std::string>& args, const ocf::EnvMap& env, const std::string& invoked_as);

// rgmanager's code for "migration failed, the guest still runs on the source" (RG_ERELO).
inline constexpr int kVmshMigrationFailedStillRunning = 150;

}  // namespace vmha::agents
