#include "guest_identity.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "ocf/bounded_file.hpp"
#include "vmha/log.hpp"
#include "vmha/atomic_file.hpp"
#include "ocf/value_parse.hpp"

namespace vmha::agents {

ConfigReading read_guest_config(const std::string& path) {
  ConfigReading r;
  ocf::FileReading file = ocf::read_bounded_file(path, ocf::kMaxConfigBytes, "config file");
  if (!file.text) {
    r.problem = file.problem == ocf::FileProblem::Unreadable ? ConfigProblem::Unreadable : ConfigProblem::Invalid;
    r.message = file.message;
    return r;
  }
  std::string why;
  auto domain = parse_domain_xml(*file.text, &why);
  if (!domain) {
    r.problem = ConfigProblem::Invalid;
    r.message = "config file " + ocf::printable(path) + " is not a libvirt domain description: " + ocf::printable(why);
    return r;
  }
  r.config = GuestConfig{path, std::move(*file.text), *domain};
  return r;
}

bool is_libvirt_definition_file(const std::string& config_path, const std::string& guest,
                                std::span<const char* const> dirs) {
  struct stat config;
  if (guest.empty() || stat(config_path.c_str(), &config) != 0) return false;
  for (const char* dir : dirs) {
    struct stat own;
    std::string candidate = std::string(dir) + "/" + guest + ".xml";
    if (stat(candidate.c_str(), &own) == 0 && own.st_dev == config.st_dev && own.st_ino == config.st_ino) return true;
  }
  return false;
}

GuestNameMemory::GuestNameMemory(const ocf::EnvMap& env, const std::string& agent,
                                 const std::string& resource_instance) {
  if (resource_instance.empty()) return;
  std::string dir(ocf::lookup(env, "HA_RSCTMP").value_or("/run/resource-agents"));
  path_ = dir + "/vmha-" + agent + "-" + resource_instance + ".guest";
}

std::optional<std::string> GuestNameMemory::recall() const {
  if (path_.empty()) return std::nullopt;
  std::ifstream in(path_);
  std::string name;
  if (!in || !std::getline(in, name) || name.empty()) return std::nullopt;
  return name;
}

void GuestNameMemory::remember(const std::string& guest) const {
  if (path_.empty() || recall() == guest) return;
  auto slash = path_.rfind('/');
  mkdir(path_.substr(0, slash).c_str(), 0755);
  if (std::string err = write_file_atomically(path_, guest + "\n", 0644); !err.empty())
    log::warning("cannot remember the guest name: ", err);
}

}  // namespace vmha::agents
