// Renders an AgentSpec as meta-data XML.
#pragma once
#include <string>

#include "agent_spec.hpp"

namespace vmha::ocf {

enum class MetadataDialect {
  // OCF 1.0 form with the ra-api-1.dtd DOCTYPE: what ocf-tester and resource-agents'
  // metadata.rng accept. OCF 1.1 facts the 1.0 grammar cannot say (reloadable, unique-group,
  // select options, deprecation) are folded into descriptions or dropped.
  Ocf10,
  // OCF 1.1: reloadable, unique-group, <deprecated>, select with options, reload-agent.
  Ocf11,
  // rgmanager's ra-api-1-modified.dtd: primary/inherit/reconfig and <special tag="rgmanager">.
  Rgmanager,
};

std::string render_metadata(const AgentSpec& spec, MetadataDialect dialect);

// OCF 1.1 callers (Pacemaker 2.1+) say so in OCF_RA_VERSION_MAJOR/MINOR; everyone else gets 1.0.
MetadataDialect dialect_for_caller(const char* version_major, const char* version_minor);

}  // namespace vmha::ocf
