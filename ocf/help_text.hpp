// --help text and a man page (troff), both derived from the AgentSpec.
#pragma once
#include <string>

#include "agent_spec.hpp"

namespace vmha::ocf {

std::string render_help(const AgentSpec& spec, std::string_view invoked_as, std::string_view env_prefix);
std::string render_manpage(const AgentSpec& spec, std::string_view section);

}  // namespace vmha::ocf
