// The VirtualDomain face's parameter table: every parameter of resource-agents'
// ocf:heartbeat:VirtualDomain, same names and meanings, plus vmha's own migration tuning.
#pragma once
#include "ocf/agent_spec.hpp"

namespace vmha::agents {

const ocf::AgentSpec& virtualdomain_spec();

// Parameter names, declared once for the code that reads them.
namespace vd {
inline constexpr const char* config = "config";
inline constexpr const char* hypervisor = "hypervisor";
inline constexpr const char* force_stop = "force_stop";
inline constexpr const char* migration_transport = "migration_transport";
inline constexpr const char* migration_user = "migration_user";
inline constexpr const char* migration_downtime = "migration_downtime";
inline constexpr const char* migration_speed = "migration_speed";
inline constexpr const char* migration_network_suffix = "migration_network_suffix";
inline constexpr const char* migrateuri = "migrateuri";
inline constexpr const char* migrate_options = "migrate_options";
inline constexpr const char* migrateport = "migrateport";
inline constexpr const char* remoteuri = "remoteuri";
inline constexpr const char* monitor_scripts = "monitor_scripts";
inline constexpr const char* autoset_utilization_cpu = "autoset_utilization_cpu";
inline constexpr const char* autoset_utilization_host_memory = "autoset_utilization_host_memory";
inline constexpr const char* autoset_utilization_hv_memory = "autoset_utilization_hv_memory";
inline constexpr const char* unset_utilization_cpu = "unset_utilization_cpu";
inline constexpr const char* unset_utilization_host_memory = "unset_utilization_host_memory";
inline constexpr const char* unset_utilization_hv_memory = "unset_utilization_hv_memory";
inline constexpr const char* save_config_on_stop = "save_config_on_stop";
inline constexpr const char* sync_config_on_stop = "sync_config_on_stop";
inline constexpr const char* snapshot = "snapshot";
inline constexpr const char* backingfile = "backingfile";
inline constexpr const char* stateless = "stateless";
inline constexpr const char* copyindirs = "copyindirs";
inline constexpr const char* shutdown_mode = "shutdown_mode";
inline constexpr const char* start_resources = "start_resources";
inline constexpr const char* migration_auto_converge = "migration_auto_converge";
inline constexpr const char* migration_postcopy = "migration_postcopy";
inline constexpr const char* storage_error_policy = "storage_error_policy";
inline constexpr const char* heartbeat = "heartbeat";
inline constexpr const char* heartbeat_timeout = "heartbeat_timeout";
inline constexpr const char* heartbeat_max_resets = "heartbeat_max_resets";
inline constexpr const char* heartbeat_reset_window = "heartbeat_reset_window";
inline constexpr const char* require_lease = "require_lease";
inline constexpr const char* trace_ra = "trace_ra";
inline constexpr const char* trace_file = "trace_file";
}  // namespace vd

}  // namespace vmha::agents
