#include "value_parse.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

namespace vmha::ocf {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<bool> parse_boolean(std::string_view text) {
  std::string v = lower(trim(text));
  if (v == "1" || v == "yes" || v == "true" || v == "on" || v == "y") return true;
  if (v == "0" || v == "no" || v == "false" || v == "off" || v == "n") return false;
  return std::nullopt;
}

std::optional<long long> parse_integer(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  long long value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  text = trim(text);
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0) return std::nullopt;
  auto number = parse_integer(text.substr(0, digits));
  if (!number) return std::nullopt;
  std::string unit = lower(trim(text.substr(digits)));
  long long scale_ms;
  if (unit.empty() || unit == "s" || unit == "sec")
    scale_ms = 1000;
  else if (unit == "ms" || unit == "msec")
    scale_ms = 1;
  else if (unit == "m" || unit == "min")
    scale_ms = 60'000;
  else if (unit == "h" || unit == "hr")
    scale_ms = 3'600'000;
  else if (unit == "d")
    scale_ms = 86'400'000;
  else
    return std::nullopt;
  return std::chrono::milliseconds(*number * scale_ms);
}

// A value as a message may quote it: one line (control characters escaped, so a newline in a value
// cannot forge a second log line or exit reason) and bounded in length.
std::string printable(std::string_view value) {
  constexpr std::size_t kShown = 200;
  std::string out;
  for (std::size_t i = 0; i < value.size() && i < kShown; ++i) {
    unsigned char c = static_cast<unsigned char>(value[i]);
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c < 0x20 || c == 0x7f) {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else
      out += static_cast<char>(c);
  }
  if (value.size() > kShown) out += "...";
  return out;
}

}  // namespace vmha::ocf
