// From VirtualDomain's migration parameters to one libvirt migration request: pure, so every
// URI rule and option is unit-tested without a second host.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "libvirt_session.hpp"

namespace vmha::agents {

struct MigrationSettings {
  std::string local_uri;        // the hypervisor URI this agent uses ("" = default, resolved)
  std::string target_node;      // Pacemaker's migrate_target or rgmanager's argv
  std::string transport;        // migration_transport: ssh, tcp, tls, ...
  std::string user;             // migration_user
  std::string network_suffix;   // migration_network_suffix
  std::string remote_uri;       // remoteuri, %n = target node
  std::string migrate_uri;      // migrateuri, %n = target node
  std::string migrate_options;  // virsh-style options
  std::string migrate_port;     // migrateport; "" = chosen by `port_choice`
  int port_choice = 49152;      // used when migrate_port is empty (the caller draws it)
  bool qemu = true;             // qemu/kvm: default data URI tcp:<host>:<port>
  bool live = true;             // rgmanager migrate=pause → false
  unsigned long long speed_mib_s = 0;
  unsigned long long max_downtime_ms = 0;
  bool auto_converge = false;
  bool postcopy = false;
};

struct MigrationPlan {
  MigrationRequest request;
  unsigned long long max_downtime_ms = 0;
  bool switch_to_postcopy = false;  // after the first pre-copy pass
  std::vector<std::string> errors;  // each names the option or parameter at fault
};

// "node1.example.com" + "-mig" → "node1-mig.example.com" (suffix before the first dot).
std::string host_with_suffix(std::string_view node, std::string_view suffix);
std::string substitute_node(std::string_view pattern, std::string_view node);
// qemu:///system + node, transport, user → qemu+tcp://user@node/system (query dropped).
std::string derive_remote_uri(std::string_view local_uri, std::string_view host, std::string_view transport,
                              std::string_view user);
MigrationPlan plan_migration(const MigrationSettings& s);

}  // namespace vmha::agents
