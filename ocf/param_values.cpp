#include "param_values.hpp"

#include <stdexcept>

#include "value_parse.hpp"

namespace vmha::ocf {

const ParamValues::Entry* ParamValues::find(std::string_view name) const {
  for (const auto& e : entries_)
    if (e.name == name) return &e;
  return nullptr;
}

const std::string& ParamValues::text(std::string_view name) const {
  static const std::string empty;
  const Entry* e = find(name);
  return e ? e->value : empty;
}

bool ParamValues::is_set(std::string_view name) const {
  const Entry* e = find(name);
  return e && e->explicitly;
}

// The typed accessors are only called for parameters that parse_parameters() checked, so a
// failure here is a programming error (a name missing from the table), not bad input.
long long ParamValues::integer(std::string_view name) const {
  auto v = parse_integer(text(name));
  if (!v) throw std::logic_error("parameter " + std::string(name) + " is not a checked integer");
  return *v;
}

bool ParamValues::boolean(std::string_view name) const {
  const std::string& t = text(name);
  if (t.empty()) return false;
  auto v = parse_boolean(t);
  if (!v) throw std::logic_error("parameter " + std::string(name) + " is not a checked boolean");
  return *v;
}

std::chrono::milliseconds ParamValues::duration(std::string_view name) const {
  auto v = parse_duration(text(name));
  if (!v) throw std::logic_error("parameter " + std::string(name) + " is not a checked duration");
  return *v;
}

void ParamValues::set(std::string_view name, std::string value, bool explicitly) {
  for (auto& e : entries_) {
    if (e.name == name) {
      e.value = std::move(value);
      e.explicitly = explicitly;
      return;
    }
  }
  entries_.push_back({std::string(name), std::move(value), explicitly});
}

namespace {

std::string check_type(const Parameter& p, const std::string& value) {
  switch (p.type) {
    case ParamType::String:
      return {};
    case ParamType::Integer: {
      auto v = parse_integer(value);
      if (!v) return "is not an integer";
      if (*v < p.min_value || *v > p.max_value)
        return "is out of range (" + std::to_string(p.min_value) + " to " + std::to_string(p.max_value) + ")";
      return {};
    }
    case ParamType::Boolean:
      return parse_boolean(value) ? std::string() : "is not a boolean (use true/false, yes/no, 1/0)";
    case ParamType::Time:
      return parse_duration(value) ? std::string() : "is not a duration (a number of seconds, or with ms/s/m/h)";
    case ParamType::Select: {
      std::string allowed;
      for (auto o : p.options) {
        if (value == o) return {};
        allowed += (allowed.empty() ? "" : ", ") + std::string(o.empty() ? "\"\"" : o);
      }
      return "is not one of: " + allowed;
    }
  }
  return {};
}

}  // namespace

ParsedParameters parse_parameters(const AgentSpec& spec, const EnvMap& env, std::string_view prefix) {
  ParsedParameters out;
  for (const auto& p : spec.parameters) {
    std::string key = std::string(prefix) + std::string(p.name);
    auto given = lookup(env, key);
    if (!given || given->empty()) {
      if (p.required) {
        out.issues.push_back({std::string(p.name),
                              "required parameter " + std::string(p.name) + " (" + key + ") is not set",
                              Result::ErrConfigured});
      }
      out.values.set(p.name, std::string(p.default_value), false);
      continue;
    }
    std::string value(*given);
    std::string problem = check_type(p, value);
    if (!problem.empty()) {
      out.issues.push_back({std::string(p.name),
                            "parameter " + std::string(p.name) + "=\"" + printable(value) + "\" " + problem,
                            Result::ErrConfigured});
    } else if (!p.implemented && value != p.default_value) {
      out.issues.push_back({std::string(p.name),
                            "parameter " + std::string(p.name) + "=\"" + printable(value) +
                                "\" is not supported by vmha's " + std::string(spec.name) +
                                " agent; remove the parameter",
                            Result::ErrConfigured});
    }
    if (p.deprecated) {
      std::string w = "parameter " + std::string(p.name) + " is deprecated";
      if (!p.replaced_with.empty()) w += "; use " + std::string(p.replaced_with);
      out.warnings.push_back(std::move(w));
    }
    out.values.set(p.name, std::move(value), true);
  }
  return out;
}

}  // namespace vmha::ocf
