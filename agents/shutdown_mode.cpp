#include "shutdown_mode.hpp"

#include <libvirt/libvirt.h>

#include <array>
#include <utility>

namespace vmha::agents {

std::optional<unsigned int> parse_shutdown_mode(std::string_view text, std::string* error) {
  static constexpr std::array<std::pair<std::string_view, unsigned int>, 5> kModes = {{
      {"acpi", VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN},
      {"agent", VIR_DOMAIN_SHUTDOWN_GUEST_AGENT},
      {"initctl", VIR_DOMAIN_SHUTDOWN_INITCTL},
      {"signal", VIR_DOMAIN_SHUTDOWN_SIGNAL},
      {"paravirt", VIR_DOMAIN_SHUTDOWN_PARAVIRT},
  }};
  unsigned int flags = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string_view word = text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
    if (!word.empty()) {
      bool known = false;
      for (auto [name, flag] : kModes) {
        if (word == name) {
          flags |= flag;
          known = true;
        }
      }
      if (!known) {
        if (error)
          *error = "shutdown_mode: unknown method \"" + std::string(word) +
                   "\" (use acpi, agent, initctl, signal, paravirt)";
        return std::nullopt;
      }
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return flags;
}

}  // namespace vmha::agents
