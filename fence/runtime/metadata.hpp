// Meta-data XML (fence-agents' metadata.rng shape) and a plain-text manual page, both derived
// from an agent's option table.
#pragma once
#include <string>
#include <vector>

#include "options.hpp"

namespace vmha::fence {

struct AgentInfo {
  std::string name;
  std::string shortdesc;
  std::string longdesc;
  std::string vendor_url;
  std::vector<std::string> symlinks;  // other names the same binary answers to
  std::vector<std::string> actions;   // in the order advertised
  const OptionTable* options = nullptr;
};

std::string metadata_xml(const AgentInfo& agent);
std::string manpage_text(const AgentInfo& agent);
std::string xml_escape(const std::string& s);

}  // namespace vmha::fence
