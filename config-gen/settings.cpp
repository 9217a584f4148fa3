#include "settings.hpp"

#include <charconv>

#include "text.hpp"

namespace vmha::config {

const KeySpec* find_key(KeyTable table, std::string_view key) {
  for (const auto& spec : table)
    if (spec.key == key) return &spec;
  return nullptr;
}

std::vector<std::string> choices_of(const KeySpec& spec) {
  std::vector<std::string> out;
  std::string_view rest = spec.choices;
  while (!rest.empty()) {
    auto bar = rest.find('|');
    out.emplace_back(rest.substr(0, bar));
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 1);
  }
  return out;
}

std::optional<std::string> Settings::get(std::string_view key) const {
  for (const auto& s : values_)
    if (s.key == key) return s.value;
  return std::nullopt;
}

std::optional<long> Settings::get_int(std::string_view key) const {
  auto v = get(key);
  if (!v) return std::nullopt;
  // Through a reference to the string itself: clang-analyzer's InnerPointer check loses track of
  // the optional's contents between two v->data() calls and reports a use after free.
  const std::string& text = *v;
  long out = 0;
  std::from_chars(text.data(), text.data() + text.size(), out);
  return out;
}

std::optional<bool> Settings::get_bool(std::string_view key) const {
  auto v = get(key);
  if (!v) return std::nullopt;
  return *v == "true";
}

std::string Settings::get_or(std::string_view key, std::string fallback) const {
  auto v = get(key);
  return v ? *v : fallback;
}

Mark Settings::mark_of(std::string_view key) const {
  for (const auto& s : values_)
    if (s.key == key) return s.mark;
  return {};
}

void Settings::set(std::string key, std::string value, Mark mark) {
  for (auto& s : values_)
    if (s.key == key) {
      s.value = std::move(value);
      s.mark = mark;
      return;
    }
  values_.push_back({std::move(key), std::move(value), mark});
}

std::optional<std::string> normalize(const KeySpec& spec, std::string_view raw, std::string& why) {
  switch (spec.kind) {
    case Kind::String: {
      if (raw.empty()) {
        why = "must not be empty";
        return std::nullopt;
      }
      // Blanks at either end are dropped by corosync.conf and XML ID readers alike.
      std::string problem = spec.corosync ? corosync_value_problem(raw) : text_problem(raw);
      if (problem.empty() && (raw.front() == ' ' || raw.back() == ' ')) problem = "starts or ends with a blank";
      if (!problem.empty()) {
        why = "'" + printable(raw) + "' " + problem;
        return std::nullopt;
      }
      return std::string(raw);
    }
    case Kind::Int: {
      long value = 0;
      auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), value);
      if (ec != std::errc() || end != raw.data() + raw.size()) {
        why = "expected an integer, got '" + printable(raw) + "'";
        return std::nullopt;
      }
      if (spec.max > spec.min && (value < spec.min || value > spec.max)) {
        why = std::to_string(value) + " is out of range " + std::to_string(spec.min) + ".." + std::to_string(spec.max);
        return std::nullopt;
      }
      return std::to_string(value);
    }
    case Kind::Bool:
      if (raw == "true" || raw == "yes" || raw == "on" || raw == "1") return std::string("true");
      if (raw == "false" || raw == "no" || raw == "off" || raw == "0") return std::string("false");
      why = "expected true or false, got '" + printable(raw) + "'";
      return std::nullopt;
    case Kind::Choice:
      for (const auto& choice : choices_of(spec))
        if (choice == raw) return choice;
      why = "'" + printable(raw) + "' is not one of " + std::string(spec.choices);
      return std::nullopt;
  }
  return std::nullopt;
}

std::string cluster_conf_value(const KeySpec& spec, const std::string& value) {
  if (spec.kind == Kind::Bool) return value == "true" ? "1" : "0";
  return value;
}

}  // namespace vmha::config
