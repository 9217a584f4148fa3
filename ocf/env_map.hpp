// The process environment as a value, so parsing is pure and testable.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace vmha::ocf {

using EnvMap = std::map<std::string, std::string, std::less<>>;

EnvMap capture_environment();  // reads environ

inline std::optional<std::string_view> lookup(const EnvMap& env, std::string_view key) {
  auto it = env.find(key);
  if (it == env.end()) return std::nullopt;
  return std::string_view(it->second);
}

}  // namespace vmha::ocf
