// shutdown_mode ("acpi,agent") → libvirt's virDomainShutdownFlagValues.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace vmha::agents {

// nullopt with `error` naming the unknown method.
std::optional<unsigned int> parse_shutdown_mode(std::string_view text, std::string* error);

}  // namespace vmha::agents
