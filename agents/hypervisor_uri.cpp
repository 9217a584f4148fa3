#include "hypervisor_uri.hpp"

#include <cctype>
#include <cstdlib>

#include "libvirt_wire.hpp"

namespace vmha::agents {
namespace {

// RFC 3986 scheme, then ':' — every libvirt URI has one ("qemu:///system", "test:///default").
bool has_scheme(const std::string& s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (c == ':') return true;
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return false;
  }
  return false;
}

// libvirt.conf's uri_aliases = [ "name=uri", ... ]: the URI an alias stands for.
std::optional<std::string> alias_target(const std::string& config, const std::string& name) {
  if (name.empty() || config.find("uri_aliases") == std::string::npos) return std::nullopt;
  std::string needle = "\"" + name + "=";
  auto at = config.find(needle);
  if (at == std::string::npos) return std::nullopt;
  auto begin = at + needle.size();
  auto end = config.find('"', begin);
  if (end == std::string::npos) return std::nullopt;
  return config.substr(begin, end - begin);
}

bool is_local_system(const std::string& uri) {
  std::string bare = uri.substr(0, uri.find('?'));
  return bare == "qemu:///system" || bare == "qemu+unix:///system";
}

}  // namespace

HypervisorUri judge_hypervisor_uri(const std::string& uri, const std::optional<std::string>& default_env,
                                   const std::string& client_config) {
  HypervisorUri h;
  std::string value = uri;
  if (value.empty()) {
    if (default_env && !default_env->empty())
      value = *default_env;
    else if (auto d = libvirt_config_value(client_config, "uri_default"))
      value = *d;
    else {
      h.local_system = true;  // libvirt probes this host's own daemons
      return h;
    }
  }
  if (!has_scheme(value)) {
    if (auto target = alias_target(client_config, value)) {
      value = *target;
    } else {
      h.problem =
          "is not a libvirt URI nor an alias in libvirt.conf (write it as qemu:///system, "
          "qemu+ssh://HOST/system, ...)";
      return h;
    }
  }
  h.resolved = value;
  h.local_system = is_local_system(value);
  return h;
}

HypervisorUri judge_hypervisor_uri(const std::string& uri) {
  std::optional<std::string> env;
  if (const char* e = std::getenv("LIBVIRT_DEFAULT_URI"); e && *e) env = e;
  return judge_hypervisor_uri(uri, env, current_surroundings().client_config);
}

}  // namespace vmha::agents
