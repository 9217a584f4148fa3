// rgmanager vm.sh's parameter table. Some parameters (domain, autostart, exclusive, recovery,
// depend, max_restarts, ...) steer rgmanager itself; the agent declares them so that
// rgmanager's configuration tools accept them, and reads only those it acts on.
#pragma once
#include "ocf/agent_spec.hpp"

namespace vmha::agents {

const ocf::AgentSpec& vmsh_spec();

namespace vm {
inline constexpr const char* name = "name";
inline constexpr const char* migrate = "migrate";
inline constexpr const char* migrate_options = "migrate_options";
inline constexpr const char* tunnelled = "tunnelled";
inline constexpr const char* path = "path";
inline constexpr const char* xmlfile = "xmlfile";
inline constexpr const char* hypervisor = "hypervisor";
inline constexpr const char* hypervisor_uri = "hypervisor_uri";
inline constexpr const char* migration_uri = "migration_uri";
inline constexpr const char* migration_mapping = "migration_mapping";
inline constexpr const char* snapshot = "snapshot";
inline constexpr const char* status_program = "status_program";
inline constexpr const char* no_kill = "no_kill";
inline constexpr const char* require_lease = "require_lease";
}  // namespace vm

}  // namespace vmha::agents
