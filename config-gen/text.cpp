#include "text.hpp"

#include <cstdint>
#include <cstdio>

namespace vmha::config {

namespace {

// Decodes one UTF-8 sequence at `at`; returns its length, 0 when it is not well-formed
// (overlong forms, surrogates and values past U+10FFFF included).
std::size_t decode(std::string_view s, std::size_t at, std::uint32_t& cp) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char b = byte(at);
  if (b < 0x80) {
    cp = b;
    return 1;
  }
  std::size_t length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
  if (length == 0 || b > 0xF4 || at + length > s.size()) return 0;
  cp = b & (0x7F >> length);
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(at + i) & 0x3F);
  }
  static constexpr std::uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kSmallest[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return length;
}

bool is_control(std::uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }
bool is_noncharacter(std::uint32_t cp) { return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE; }

std::string code_point(std::uint32_t cp) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(cp));
  return buffer;
}

}  // namespace

std::string text_problem(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    std::uint32_t cp = 0;
    std::size_t length = decode(text, at, cp);
    if (length == 0) return "is not valid UTF-8 (byte " + std::to_string(at + 1) + ")";
    if (is_control(cp))
      return "contains the control character " + code_point(cp) + " (byte " + std::to_string(at + 1) + ")";
    if (is_noncharacter(cp))
      return "contains the non-character " + code_point(cp) + " (byte " + std::to_string(at + 1) + ")";
    at += length;
  }
  return "";
}

std::string corosync_value_problem(std::string_view value) {
  if (auto problem = text_problem(value); !problem.empty()) return problem;
  if (value.find('{') != std::string_view::npos)
    return "contains '{', which corosync.conf reads as the start of a section";
  if (!value.empty() && (value.front() == ' ' || value.back() == ' '))
    return "starts or ends with a blank, which corosync.conf drops";
  if (value.size() > kCorosyncValueMax)
    return "is " + std::to_string(value.size()) + " bytes long; corosync.conf carries at most " +
           std::to_string(kCorosyncValueMax);
  return "";
}

bool is_option_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!letter(name[0])) return false;
  for (char c : name)
    if (!letter(c) && !(c >= '0' && c <= '9') && c != '.' && c != '-') return false;
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return !(name.size() >= 3 && lower(name[0]) == 'x' && lower(name[1]) == 'm' && lower(name[2]) == 'l');
}

std::string printable(std::string_view text, std::size_t limit) {
  std::string out;
  for (std::size_t at = 0; at < text.size();) {
    if (out.size() >= limit) return out + "...";
    std::uint32_t cp = 0;
    std::size_t length = decode(text, at, cp);
    if (length == 0 || is_control(cp)) {
      unsigned char b = static_cast<unsigned char>(text[at]);
      if (b == '\n')
        out += "\\n";
      else if (b == '\t')
        out += "\\t";
      else if (b == '\r')
        out += "\\r";
      else {
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "\\x%02X", b);
        out += buffer;
      }
      at += 1;
      continue;
    }
    out.append(text.substr(at, length));
    at += length;
  }
  return out;
}

}  // namespace vmha::config
