// Parsing of OCF parameter values: booleans as ocf_is_true spells them, integers, durations.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace vmha::ocf {

// ocf_is_true: yes/true/1/on/y (any case) are true; no/false/0/off/n are false; anything else is an error.
std::optional<bool> parse_boolean(std::string_view text);
std::optional<long long> parse_integer(std::string_view text);
// "90", "90s", "1500ms", "2m", "1h", "1d"; a bare number means seconds (Pacemaker's rule).
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);
// A value as a one-line message may quote it: control characters escaped (\n, \t, \xNN) so that a
// newline in a value cannot forge a second log line or exit reason, and at most 200 bytes shown.
std::string printable(std::string_view value);

}  // namespace vmha::ocf
