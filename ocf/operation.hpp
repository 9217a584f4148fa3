// What the caller asked for: the action and the facts Pacemaker or rgmanager pass about it.
#pragma once
#include <chrono>
#include <string>

#include "env_map.hpp"

namespace vmha::ocf {

enum class Caller { Pacemaker, Rgmanager, Manual };

struct Operation {
  std::string action;
  // OCF_RESKEY_CRM_meta_timeout (ms), else RGMANAGER_meta_timeout (s), else the agent's default.
  std::chrono::milliseconds timeout{0};
  bool timeout_given = false;
  std::chrono::milliseconds interval{0};  // OCF_RESKEY_CRM_meta_interval; 0 on a probe
  bool is_probe = false;                  // monitor/status with interval 0
  int check_level = 0;                    // OCF_CHECK_LEVEL
  std::string migrate_target;             // OCF_RESKEY_CRM_meta_migrate_target
  std::string migrate_source;             // OCF_RESKEY_CRM_meta_migrate_source
  std::string on_node;                    // OCF_RESKEY_CRM_meta_on_node
  std::string resource_instance;          // OCF_RESOURCE_INSTANCE
  Caller caller = Caller::Manual;
};

// default_timeout applies when the caller gave none (VirtualDomain assumes 90 s).
Operation parse_operation(std::string action, const EnvMap& env, std::chrono::milliseconds default_timeout);

}  // namespace vmha::ocf
