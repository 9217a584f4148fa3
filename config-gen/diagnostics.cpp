#include "diagnostics.hpp"

#include <algorithm>

namespace vmha::config {

std::string Diagnostics::format(const std::string& file, const std::string& severity) const {
  std::vector<Diagnostic> sorted = errors_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.mark.line != b.mark.line ? a.mark.line < b.mark.line : a.mark.column < b.mark.column;
  });
  std::string out;
  for (const auto& d : sorted) {
    out += file;
    if (d.mark.line > 0) out += ":" + std::to_string(d.mark.line) + ":" + std::to_string(d.mark.column);
    out += ": " + severity + ": " + d.message + "\n";
  }
  return out;
}

}  // namespace vmha::config
