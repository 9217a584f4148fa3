#include "secrets.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>

#include "input_file.hpp"
#include "text.hpp"

namespace vmha::config {

std::optional<std::string> RealSecretSource::environment(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (!value) return std::nullopt;
  return std::string(value);
}

SecretFile RealSecretSource::file(const std::string& path) {
  SecretFile out;
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    out.error = "cannot read password file " + path;
    out.missing = errno == ENOENT;
    return out;
  }
  if (info.st_mode & S_IROTH) {
    out.error = "password file " + path + " is world-readable (chmod o-r it)";
    return out;
  }
  // A directory would read as an empty password, a FIFO would block: regular files only.
  std::string why;
  out.contents = read_input_file(path, {kPasswordFileBytes, true}, why);
  if (!out.contents) out.error = "password file " + path + " " + why;
  return out;
}

void resolve_secrets(Topology& topology, SecretSource& source, const std::string& base_dir, Diagnostics& errors,
                     Diagnostics* missing) {
  for (auto& device : topology.fence_devices) {
    Secret& secret = device.password;
    std::optional<std::string> value;
    auto report = [&](bool absent, const std::string& why) {
      std::string message = "password of fence device '" + device.name() + "': " + why;
      if (absent && missing)
        missing->error(secret.mark, message + " (generating cluster.conf or the CIB needs it)");
      else
        errors.error(secret.mark, message);
    };
    if (secret.source == Secret::Source::Environment) {
      value = source.environment(secret.reference);
      if (!value) report(true, "environment variable " + secret.reference + " is not set");
    } else if (secret.source == Secret::Source::File) {
      std::string path = secret.reference;
      if (!path.empty() && path[0] != '/' && !base_dir.empty()) path = base_dir + "/" + path;
      SecretFile read = source.file(path);
      value = read.contents;
      if (!value) report(read.missing, read.error);
    }
    if (!value) continue;
    if (value->size() > 0 && value->back() == '\n') value->pop_back();
    if (value->size() > 0 && value->back() == '\r') value->pop_back();
    // cluster.conf and the CIB carry the password in an XML attribute: a newline there would
    // be read back as a space, a different password.
    std::string problem = value->empty() ? "is empty" : text_problem(*value);
    if (!problem.empty()) {
      errors.error(secret.mark, "password of fence device '" + device.name() + "' " + problem);
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
