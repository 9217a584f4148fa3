// What vmha (and clusvcadm) does to one guest: enable, disable, restart, relocate, migrate,
// freeze, unfreeze, unpin. Pure, over the model: either a refusal (one line, a kind the faces map
// to their exit codes, nothing changed) or the crm_resource calls to make, in order, with a settle
// (crm_resource --wait) where one must be done before the next, and what the cluster must show
// when it is done. The adapter (main.cpp) runs the steps and checks the outcome.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "status_model.hpp"

namespace vmha::admin {

enum class GuestAction { enable, disable, restart, relocate, migrate, freeze, unfreeze, unpin };
const char* to_string(GuestAction);

struct GuestRequest {
  GuestAction action = GuestAction::enable;
  std::string guest;
  std::string host;      // enable --on, relocate/migrate --to; empty = Pacemaker chooses (enable)
  std::string lifetime;  // migrate --for, as an ISO 8601 duration (PT20S); empty = until unpin
};

// Why a request is refused; clusvcadm maps these to rgmanager's return codes.
enum class Refusal {
  none,
  inquorate,       // -9  Operation requires quorum
  no_such_guest,   // -4  Service does not exist
  bad_host,        // -12 Target node dead / nonexistent (unknown, offline, standby, maintenance, unclean)
  outside_domain,  // -7  Operation violates dependency rule (restricted domain, banned)
  frozen,          // -11 Failure: Service is frozen
  busy,            // -6  Temporary failure; try again (already migrating/starting/stopping)
  invalid,         // -8  Invalid operation for resource (not running, cannot migrate live, not frozen by vmha)
  nothing_to_do,   // the guest already is as asked: exit 0, nothing changed (-10 for enable)
};

struct Step {
  std::vector<std::string> crm_resource;  // arguments after "crm_resource"
  bool settle_after = false;              // crm_resource --wait before the next step
};

struct GuestPlan {
  Refusal refusal = Refusal::none;
  std::string reason;  // refusals and nothing_to_do: one line
  std::vector<Step> steps;
  std::string from;  // where the guest runs now, or empty
};

GuestPlan plan_guest(const ClusterStatus&, const GuestRequest&);

// Has the cluster done it? Empty when done, else one line saying what the guest is instead.
std::string outcome_missing(const ClusterStatus& after, const GuestRequest&);

}  // namespace vmha::admin
