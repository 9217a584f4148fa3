// The one declaration of an agent's parameters and actions. Meta-data, environment parsing,
// validate-all, defaults, --help and the man page are all derived from an AgentSpec.
#pragma once
#include <span>
#include <string_view>
#include <vector>

namespace vmha::ocf {

enum class ParamType { String, Integer, Boolean, Select, Time };

struct Parameter {
  std::string_view name;
  ParamType type = ParamType::String;
  std::string_view default_value;  // empty: no default
  std::string_view shortdesc;
  std::string_view longdesc;
  bool required = false;
  std::string_view unique_group;  // OCF 1.1: values must be unique across resources in this group
  bool reloadable = false;        // OCF 1.1: a change is applied by reload-agent, no restart
  bool deprecated = false;
  std::string_view replaced_with;         // for deprecated parameters
  std::vector<std::string_view> options;  // ParamType::Select
  // ParamType::Integer: the accepted range, checked by every action (validate-all reports it).
  long long min_value = 0;
  long long max_value = 2147483647;
  // Accepted for drop-in compatibility but without behaviour yet: validate-all rejects any
  // value that differs from the default, so it is never silently ignored.
  bool implemented = true;
  // rgmanager dialect only (ra-api-1-modified.dtd).
  bool primary = false;
  bool inherit = false;
  bool reconfig = false;
};

// A table row with its common fields; the rarer ones are set by name where a parameter needs them.
inline Parameter make_parameter(std::string_view name, ParamType type, std::string_view default_value,
                                std::string_view shortdesc, std::string_view longdesc) {
  Parameter p;
  p.name = name;
  p.type = type;
  p.default_value = default_value;
  p.shortdesc = shortdesc;
  p.longdesc = longdesc;
  return p;
}

struct Action {
  std::string_view name;
  int timeout_s;
  int interval_s = -1;  // -1: no interval attribute
  int depth = -1;       // -1: no depth attribute
};

// rgmanager's <special tag="rgmanager"> block.
struct RgmanagerSpecial {
  int max_instances = 1;
};

struct AgentSpec {
  std::string_view name;
  std::string_view version;  // the agent's own version
  std::string_view shortdesc;
  std::string_view longdesc;
  std::span<const Parameter> parameters;
  std::span<const Action> actions;
  const RgmanagerSpecial* rgmanager = nullptr;

  const Parameter* find(std::string_view param_name) const {
    for (const auto& p : parameters)
      if (p.name == param_name) return &p;
    return nullptr;
  }
};

}  // namespace vmha::ocf
