#include "migration_plan.hpp"

#include <libvirt/libvirt.h>

#include <array>
#include <sstream>

#include "ocf/value_parse.hpp"

namespace vmha::agents {

std::string host_with_suffix(std::string_view node, std::string_view suffix) {
  if (suffix.empty()) return std::string(node);
  auto dot = node.find('.');
  if (dot == std::string_view::npos) return std::string(node) + std::string(suffix);
  return std::string(node.substr(0, dot)) + std::string(suffix) + std::string(node.substr(dot));
}

std::string substitute_node(std::string_view pattern, std::string_view node) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '%' && i + 1 < pattern.size() && pattern[i + 1] == 'n') {
      out += node;
      ++i;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

std::string derive_remote_uri(std::string_view local_uri, std::string_view host, std::string_view transport,
                              std::string_view user) {
  if (local_uri.empty()) local_uri = "qemu:///system";
  auto sep = local_uri.find("://");
  std::string_view scheme = sep == std::string_view::npos ? local_uri : local_uri.substr(0, sep);
  std::string_view rest = sep == std::string_view::npos ? std::string_view() : local_uri.substr(sep + 3);
  std::string_view driver = scheme.substr(0, scheme.find('+'));
  // rest = [user@]host[:port]/path[?query]; keep the port and path, drop a local-only query
  // (socket=..., which names a path on this host).
  auto slash = rest.find('/');
  std::string_view authority = slash == std::string_view::npos ? rest : rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view("/system") : rest.substr(slash);
  path = path.substr(0, path.find('?'));
  std::string_view port;
  if (auto colon = authority.rfind(':'); colon != std::string_view::npos) port = authority.substr(colon);
  std::string uri(driver);
  if (!transport.empty())
    uri += "+" + std::string(transport);
  else if (scheme.find('+') != std::string_view::npos)
    uri = std::string(scheme);
  uri += "://";
  if (!user.empty()) uri += std::string(user) + "@";
  uri += std::string(host) + std::string(port) + std::string(path);
  return uri;
}

namespace {

struct FlagOption {
  std::string_view name;
  unsigned long flag;
};

// virsh migrate's switches that map to one migration flag.
constexpr std::array kFlagOptions = {
    FlagOption{"--live", VIR_MIGRATE_LIVE},
    FlagOption{"--p2p", VIR_MIGRATE_PEER2PEER},
    FlagOption{"--tunnelled", VIR_MIGRATE_TUNNELLED},
    FlagOption{"--persistent", VIR_MIGRATE_PERSIST_DEST},
    FlagOption{"--undefinesource", VIR_MIGRATE_UNDEFINE_SOURCE},
    FlagOption{"--suspend", VIR_MIGRATE_PAUSED},
    FlagOption{"--copy-storage-all", VIR_MIGRATE_NON_SHARED_DISK},
    FlagOption{"--copy-storage-inc", VIR_MIGRATE_NON_SHARED_INC},
    FlagOption{"--change-protection", VIR_MIGRATE_CHANGE_PROTECTION},
    FlagOption{"--unsafe", VIR_MIGRATE_UNSAFE},
    FlagOption{"--offline", VIR_MIGRATE_OFFLINE},
    FlagOption{"--compressed", VIR_MIGRATE_COMPRESSED},
    FlagOption{"--abort-on-error", VIR_MIGRATE_ABORT_ON_ERROR},
    FlagOption{"--auto-converge", VIR_MIGRATE_AUTO_CONVERGE},
    FlagOption{"--rdma-pin-all", VIR_MIGRATE_RDMA_PIN_ALL},
    FlagOption{"--postcopy", VIR_MIGRATE_POSTCOPY},
    FlagOption{"--tls", VIR_MIGRATE_TLS},
    FlagOption{"--parallel", VIR_MIGRATE_PARALLEL},
};

// virsh migrate's switches that take a value ("--name=value" or "--name value").
enum class ValueOption { MigrateUri, ParallelConnections, AutoConvergeInitial, AutoConvergeIncrement };
struct ValueOptionName {
  std::string_view name;
  ValueOption which;
};
constexpr std::array kValueOptions = {
    ValueOptionName{"--migrateuri", ValueOption::MigrateUri},
    ValueOptionName{"--parallel-connections", ValueOption::ParallelConnections},
    ValueOptionName{"--auto-converge-initial", ValueOption::AutoConvergeInitial},
    ValueOptionName{"--auto-converge-increment", ValueOption::AutoConvergeIncrement},
};

void apply_value(MigrationPlan& plan, std::string& data_uri, ValueOption which, std::string_view name,
                 const std::string& value) {
  if (which == ValueOption::MigrateUri) {
    data_uri = value;
    return;
  }
  auto n = ocf::parse_integer(value);
  if (!n || *n < 0) {
    plan.errors.push_back("migrate_options: " + std::string(name) + " needs a non-negative integer, got \"" + value +
                          "\"");
    return;
  }
  int v = static_cast<int>(*n);
  if (which == ValueOption::ParallelConnections) plan.request.parallel_connections = v;
  if (which == ValueOption::AutoConvergeInitial) plan.request.auto_converge_initial = v;
  if (which == ValueOption::AutoConvergeIncrement) plan.request.auto_converge_increment = v;
}

void parse_options(MigrationPlan& plan, std::string& data_uri_from_options, const std::string& text) {
  std::istringstream words(text);
  std::vector<std::string> tokens;
  for (std::string w; words >> w;) tokens.push_back(w);
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& t = tokens[i];
    bool known = false;
    for (const auto& f : kFlagOptions) {
      if (t == f.name) {
        plan.request.flags |= f.flag;
        known = true;
      }
    }
    for (const auto& v : kValueOptions) {
      if (known) break;
      if (t == v.name) {
        if (i + 1 >= tokens.size()) {
          plan.errors.push_back("migrate_options: " + t + " needs a value");
        } else {
          apply_value(plan, data_uri_from_options, v.which, v.name, tokens[++i]);
        }
        known = true;
      } else if (t.starts_with(std::string(v.name) + "=")) {
        apply_value(plan, data_uri_from_options, v.which, v.name, t.substr(v.name.size() + 1));
        known = true;
      }
    }
    if (!known) plan.errors.push_back("migrate_options: unknown option \"" + t + "\"");
  }
}

}  // namespace

MigrationPlan plan_migration(const MigrationSettings& s) {
  MigrationPlan plan;
  if (s.target_node.empty()) plan.errors.push_back("no migration target node given");
  if (s.live) plan.request.flags |= VIR_MIGRATE_LIVE;
  if (s.auto_converge) plan.request.flags |= VIR_MIGRATE_AUTO_CONVERGE;
  if (s.postcopy) {
    plan.request.flags |= VIR_MIGRATE_POSTCOPY;
    plan.switch_to_postcopy = true;
  }
  std::string data_uri_from_options;
  parse_options(plan, data_uri_from_options, s.migrate_options);
  if (plan.request.flags & VIR_MIGRATE_POSTCOPY) plan.switch_to_postcopy = true;

  const std::string host = host_with_suffix(s.target_node, s.network_suffix);
  plan.request.destination_uri = s.remote_uri.empty() ? derive_remote_uri(s.local_uri, host, s.transport, s.user)
                                                      : substitute_node(s.remote_uri, s.target_node);
  if (!s.migrate_uri.empty()) {
    plan.request.data_uri = substitute_node(s.migrate_uri, s.target_node);
  } else if (!data_uri_from_options.empty()) {
    plan.request.data_uri = substitute_node(data_uri_from_options, s.target_node);
  } else if (s.qemu && !(plan.request.flags & VIR_MIGRATE_TUNNELLED)) {
    std::string port = s.migrate_port.empty() ? std::to_string(s.port_choice) : s.migrate_port;
    plan.request.data_uri = "tcp:" + host + ":" + port;
  }
  plan.request.bandwidth_mib_s = s.speed_mib_s;
  plan.max_downtime_ms = s.max_downtime_ms;
  return plan;
}

}  // namespace vmha::agents
