#include "env_map.hpp"

#include <cstring>

extern char** environ;

namespace vmha::ocf {

EnvMap capture_environment() {
  EnvMap env;
  for (char** e = environ; e && *e; ++e) {
    const char* eq = std::strchr(*e, '=');
    if (!eq) continue;
    env.emplace(std::string(*e, eq - *e), std::string(eq + 1));
  }
  return env;
}

}  // namespace vmha::ocf
