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

// A password file read: its contents, or why not. `missing`: the file is not there (validate
// reports that as a warning); a file that is there but refused (world-readable) is not missing.
struct SecretFile {
  std::optional<std::string> contents;
  std::string error;
  bool missing = false;
};

class SecretSource {
 public:
  virtual ~SecretSource() = default;
  virtual std::optional<std::string> environment(const std::string& name) = 0;
  virtual SecretFile file(const std::string& path) = 0;
};

class RealSecretSource : public SecretSource {
 public:
  std::optional<std::string> environment(const std::string& name) override;
  SecretFile file(const std::string& path) override;
};

// Relative file references are taken relative to `base_dir` (the topology's directory).
// A trailing newline of a password file is not part of the password.
// A secret that is not there (variable unset, file absent) goes to `missing` when given (validate:
// a warning, since an administrator may validate where the secrets are not), else to `errors`.
void resolve_secrets(Topology& topology, SecretSource& source, const std::string& base_dir, Diagnostics& errors,
                     Diagnostics* missing = nullptr);

bool has_secrets(const Topology& topology);

}  // namespace vmha::config
