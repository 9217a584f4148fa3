#include "core/printable.hpp"

#include <cstdint>
#include <cstdio>

namespace vmha::quorum {
namespace {

// Length of the printable character starting at s[i], or 0 when it is a control character or
// not valid UTF-8 (overlong forms, surrogates and code points past U+10FFFF included).
std::size_t printable_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return (c >= 0x20 && c != 0x7f) ? 1 : 0;
  std::size_t n;
  std::uint32_t cp;
  if ((c & 0xe0) == 0xc0) {
    n = 2;
    cp = c & 0x1f;
  } else if ((c & 0xf0) == 0xe0) {
    n = 3;
    cp = c & 0x0f;
  } else if ((c & 0xf8) == 0xf0) {
    n = 4;
    cp = c & 0x07;
  } else
    return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3f);
  }
  static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  if (cp >= 0x80 && cp <= 0x9f) return 0;  // C1 controls (CSI and friends)
  return n;
}

}  // namespace

std::string unprintable_reason(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = printable_length(s, i);
    if (n == 0) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned char>(s[i]));
      const auto c = static_cast<unsigned char>(s[i]);
      return "byte " + std::to_string(i + 1) + " (" + hex + ") is " +
             (c < 0x20 || c == 0x7f ? "a control character" : "not printable UTF-8");
    }
    i += n;
  }
  return "";
}

std::string escaped(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = printable_length(s, i);
    if (n == 0) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(s[i]));
      out += hex;
      ++i;
    } else {
      if (s[i] == '\\') out += '\\';
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

}  // namespace vmha::quorum
