// Pacemaker utilization attributes kept equal to the guest's size. The values last written are
// remembered in the runtime directory, so a monitor forks crm_resource only when they change.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "vmha/deadline.hpp"
#include "ocf/env_map.hpp"

namespace vmha::agents {

struct UtilizationWish {
  std::optional<long long> cpu, host_memory, hv_memory;  // set to this value
  bool unset_cpu = false, unset_host_memory = false, unset_hv_memory = false;
};

// One crm_resource command line (without the program name's path) per attribute that differs
// from what was last written. `last` and the result use "name=value" / "name=" (deleted) lines.
struct UtilizationChange {
  std::string attribute;
  std::optional<long long> value;  // nullopt: delete
};
std::vector<UtilizationChange> utilization_changes(const UtilizationWish& wish, const std::string& last_written);
std::string apply_changes(const std::string& last_written, const std::vector<UtilizationChange>& changes);

// Runs crm_resource for each change; remembers what succeeded.
void update_utilization(const ocf::EnvMap& env, const std::string& resource, const UtilizationWish& wish,
                        Deadline deadline);

}  // namespace vmha::agents
