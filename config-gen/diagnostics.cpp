#include "diagnostics.hpp"

#include <algorithm>
#include <limits>

#include "text.hpp"

namespace vmha::config {

std::string Diagnostics::format(const std::string& file, const std::string& severity) const {
  std::vector<Diagnostic> sorted = errors_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.mark.line != b.mark.line ? a.mark.line < b.mark.line : a.mark.column < b.mark.column;
  });
  std::string out;
  for (const auto& d : sorted) out += format_line(file, d, severity.c_str());
  return out;
}

std::string format_line(const std::string& file, const Diagnostic& d, const char* severity) {
  // One line each, whatever the input held: a newline in an echoed key must not forge a second
  // message. A problem of the file as a whole is reported at its start.
  constexpr auto kWhole = std::numeric_limits<std::size_t>::max();
  Mark mark = d.mark.line > 0 ? d.mark : Mark{1, 1};
  return printable(file, kWhole) + ":" + std::to_string(mark.line) + ":" + std::to_string(std::max(mark.column, 1)) +
         ": " + severity + ": " + printable(d.message, kWhole) + "\n";
}

}  // namespace vmha::config
