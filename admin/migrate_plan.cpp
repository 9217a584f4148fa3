#include "migrate_plan.hpp"

#include "guest_plan.hpp"

namespace vmha::admin {

std::optional<std::string> refuse_migration(const ClusterStatus& s, const std::string& guest, const std::string& host) {
  GuestPlan p = plan_guest(s, {GuestAction::migrate, guest, host, ""});
  if (p.refusal == Refusal::none) return std::nullopt;
  return p.reason;
}

}  // namespace vmha::admin
