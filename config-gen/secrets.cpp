#include "secrets.hpp"

#include <sys/stat.h>

#include <cstdlib>

#include "input_file.hpp"
#include "text.hpp"

namespace vmha::config {

std::optional<std::string> RealSecretSource::environment(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (!value) return std::nullopt;
  return std::string(value);
}

std::optional<std::string> RealSecretSource::file(const std::string& path, std::string& error) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    error = "cannot read password file " + path;
    return std::nullopt;
  }
  if (info.st_mode & S_IROTH) {
    error = "password file " + path + " is world-readable (chmod o-r it)";
    return std::nullopt;
  }
  // A directory would read as an empty password, a FIFO would block: regular files only.
  std::string why;
  auto text = read_input_file(path, {kPasswordFileBytes, true}, why);
  if (!text) error = "password file " + path + " " + why;
  return text;
}

void resolve_secrets(Topology& topology, SecretSource& source, const std::string& base_dir, Diagnostics& diagnostics) {
  for (auto& device : topology.fence_devices) {
    Secret& secret = device.password;
    std::optional<std::string> value;
    if (secret.source == Secret::Source::Environment) {
      value = source.environment(secret.reference);
      if (!value)
        diagnostics.error(secret.mark, "password of fence device '" + device.name() + "': environment variable " +
                                           secret.reference + " is not set");
    } else if (secret.source == Secret::Source::File) {
      std::string path = secret.reference;
      if (!path.empty() && path[0] != '/' && !base_dir.empty()) path = base_dir + "/" + path;
      std::string error;
      value = source.file(path, error);
      if (!value) diagnostics.error(secret.mark, "password of fence device '" + device.name() + "': " + error);
    }
    if (!value) continue;
    if (value->size() > 0 && value->back() == '\n') value->pop_back();
    if (value->size() > 0 && value->back() == '\r') value->pop_back();
    // cluster.conf and the CIB carry the password in an XML attribute: a newline there would
    // be read back as a space, a different password.
    std::string problem = value->empty() ? "is empty" : text_problem(*value);
    if (!problem.empty()) {
      diagnostics.error(secret.mark, "password of fence device '" + device.name() + "' " + problem);
      continue;
    }
    secret.value = *value;
  }
}

bool has_secrets(const Topology& topology) {
  for (const auto& device : topology.fence_devices)
    if (device.password.source != Secret::Source::None) return true;
  return false;
}

}  // namespace vmha::config
