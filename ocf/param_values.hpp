// Typed parameter values parsed from OCF_RESKEY_* against an AgentSpec.
#pragma once
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "agent_spec.hpp"
#include "env_map.hpp"
#include "exit_code.hpp"

namespace vmha::ocf {

struct ParamIssue {
  std::string parameter;
  std::string message;  // one line, names the parameter and what is wrong
  Result result;        // ErrConfigured: inherently invalid; ErrInstalled/ErrArgs: not on this host
};

class ParamValues {
 public:
  // The value after defaults ("" when unset without default).
  const std::string& text(std::string_view name) const;
  bool is_set(std::string_view name) const;  // given explicitly by the caller
  long long integer(std::string_view name) const;
  bool boolean(std::string_view name) const;
  std::chrono::milliseconds duration(std::string_view name) const;

  void set(std::string_view name, std::string value, bool explicitly);

 private:
  struct Entry {
    std::string name;
    std::string value;
    bool explicitly = false;
  };
  const Entry* find(std::string_view name) const;
  std::vector<Entry> entries_;
};

struct ParsedParameters {
  ParamValues values;
  std::vector<ParamIssue> issues;  // empty: every parameter is well-formed
  std::vector<std::string> warnings;
};

// prefix: "OCF_RESKEY_" for OCF agents.
ParsedParameters parse_parameters(const AgentSpec& spec, const EnvMap& env, std::string_view prefix = "OCF_RESKEY_");

}  // namespace vmha::ocf
