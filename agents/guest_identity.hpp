// Which guest a resource is: read from its configuration file, and remembered in the agents'
// runtime directory so that stop and probe can still name it when the file is unreadable
// (shared storage gone) instead of guessing "not running" (resource-agents issue #856).
#pragma once
#include <optional>
#include <span>
#include <string>

#include "domain_xml.hpp"
#include "ocf/env_map.hpp"

namespace vmha::agents {

struct GuestConfig {
  std::string path;
  std::string xml;
  DomainDescription domain;
};

enum class ConfigProblem { None, Unreadable, Invalid };

struct ConfigReading {
  std::optional<GuestConfig> config;
  ConfigProblem problem = ConfigProblem::None;
  std::string message;
};

ConfigReading read_guest_config(const std::string& path);

// Where libvirt's system daemons keep the definitions of persistent domains (NAME.xml each).
inline constexpr const char* kLibvirtDefinitionDirs[] = {"/etc/libvirt/qemu", "/etc/libvirt/lxc", "/etc/libvirt/libxl"};

// True when `config_path` is the very file (same inode) in which libvirt keeps the persistent
// definition of `guest` in one of `dirs`: libvirt deletes that file when the domain is undefined and
// rewrites it when it is defined, so the agent must do neither (issue 12: the administrator's only
// copy was lost on the first start).
bool is_libvirt_definition_file(const std::string& config_path, const std::string& guest,
                                std::span<const char* const> dirs = kLibvirtDefinitionDirs);

// HA_RSCTMP (default /run/resource-agents): tmpfs, so the memory lasts exactly as long as a
// transient guest could have been started on this host.
class GuestNameMemory {
 public:
  GuestNameMemory(const ocf::EnvMap& env, const std::string& agent, const std::string& resource_instance);
  std::optional<std::string> recall() const;
  void remember(const std::string& guest) const;  // best effort: failure is logged, not fatal

 private:
  std::string path_;
};

}  // namespace vmha::agents
