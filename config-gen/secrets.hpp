// Resolves password references (file, environment) into their values. The only part of the
// library besides atomic_file that touches the world; it does so through SecretSource so
// that tests can hand it a fake environment.
#pragma once
#include <optional>
#include <string>

#include "diagnostics.hpp"
#include "topology.hpp"

namespace vmha::config {

inline constexpr std::size_t kPasswordFileBytes = 4096;

class SecretSource {
 public:
  virtual ~SecretSource() = default;
  virtual std::optional<std::string> environment(const std::string& name) = 0;
  // The file's contents; nullopt and `error` set when it cannot be read or is world-readable.
  virtual std::optional<std::string> file(const std::string& path, std::string& error) = 0;
};

class RealSecretSource : public SecretSource {
 public:
  std::optional<std::string> environment(const std::string& name) override;
  std::optional<std::string> file(const std::string& path, std::string& error) override;
};

// Relative file references are taken relative to `base_dir` (the topology's directory).
// A trailing newline of a password file is not part of the password.
void resolve_secrets(Topology& topology, SecretSource& source, const std::string& base_dir, Diagnostics& diagnostics);

bool has_secrets(const Topology& topology);

}  // namespace vmha::config
