// What Pacemaker says of one resource on this node, read from `crm_mon --output-as=xml` (its
// documented machine form, never its text). Pure: the XML in, the facts out.
#pragma once
#include <string>

namespace vmha::guestd {

struct ResourceView {
  bool found = false;
  bool managed = false;      // false: is-managed=false, maintenance (resource, node or cluster)
  bool active_here = false;  // Pacemaker has it active on this node
  std::string problem;       // the XML could not be read: why
};

ResourceView read_resource_view(const std::string& crm_mon_xml, const std::string& resource, const std::string& node);

// Only a managed resource that Pacemaker believes active here may be failed here: failing one that
// is not would make it look active on this node too (multiple-active, research/safety.md §5).
inline bool may_report(const ResourceView& v) { return v.found && v.managed && v.active_here; }

}  // namespace vmha::guestd
