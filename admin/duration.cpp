#include "duration.hpp"

#include <algorithm>
#include <cctype>

namespace vmha::admin {

namespace {

struct Parts {
  long long days = 0, hours = 0, minutes = 0, seconds = 0;
  long long total() const { return ((days * 24 + hours) * 60 + minutes) * 60 + seconds; }
};

// NUMBER UNIT ... with units d, h, m, s; a lone bare number is seconds ("1h30" is ambiguous: refused).
std::optional<Parts> read_parts(const std::string& text) {
  if (text.empty()) return std::nullopt;
  Parts p;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i;
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
    if (j == i || j - i > 9) return std::nullopt;
    long long n = std::stoll(text.substr(i, j - i));
    if (j == text.size() && i != 0) return std::nullopt;
    char unit = j < text.size() ? text[j] : 's';
    long long* field = unit == 'd'   ? &p.days
                       : unit == 'h' ? &p.hours
                       : unit == 'm' ? &p.minutes
                       : unit == 's' ? &p.seconds
                                     : nullptr;
    if (field == nullptr) return std::nullopt;
    *field += n;
    i = j + 1;
  }
  if (p.total() == 0) return std::nullopt;
  return p;
}

}  // namespace

std::optional<std::string> iso_duration(const std::string& text) {
  if (!text.empty() && text[0] == 'P') {
    // Pacemaker reads ISO 8601 itself; accept only its shape (P…, digits and designators).
    bool ok =
        text.size() > 1 && std::all_of(text.begin(), text.end(), [](char c) {
          return std::isdigit(static_cast<unsigned char>(c)) || std::string("PYMWDTHS").find(c) != std::string::npos;
        });
    return ok ? std::optional<std::string>(text) : std::nullopt;
  }
  auto p = read_parts(text);
  if (!p) return std::nullopt;
  std::string out = "P";
  if (p->days) out += std::to_string(p->days) + "D";
  if (p->hours || p->minutes || p->seconds) out += "T";
  if (p->hours) out += std::to_string(p->hours) + "H";
  if (p->minutes) out += std::to_string(p->minutes) + "M";
  if (p->seconds) out += std::to_string(p->seconds) + "S";
  return out;
}

std::optional<int> parse_duration(const std::string& text) {
  auto p = read_parts(text);
  if (!p || p->total() > 7 * 24 * 3600) return std::nullopt;
  return static_cast<int>(p->total());
}

}  // namespace vmha::admin
