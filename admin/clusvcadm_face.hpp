// clusvcadm, rgmanager's service command, over vmha's guest actions: its options, messages and
// exit codes as rgmanager 3 (RHEL 6) had them. Services are the guests, "vm:NAME". Pure: the
// adapter (main.cpp) reads the cluster, plans with plan_guest and prints what this returns.
#pragma once
#include <string>
#include <vector>

#include "guest_plan.hpp"
#include "status_model.hpp"

namespace vmha::admin {

struct ClusvcadmArgs {
  GuestRequest request;
  std::string service;  // as given (vm:NAME)
  bool member_given = false;
  bool quiet = false;  // -q: rgmanager closed stdout
  bool stop = false;   // print `output` and exit with `exit_code` without touching the cluster
  int exit_code = 0;
  std::string output;
};

ClusvcadmArgs parse_clusvcadm_args(const std::string& argv0, const std::vector<std::string>& args);
std::string clusvcadm_usage(const std::string& argv0);

// Checks -m HOST against the membership as clusvcadm did before asking anything: "'X' not in
// membership list" (with the closest match), "'X' is offline" for a migration. Empty when fine.
std::string clusvcadm_member_problem(const ClusterStatus&, const ClusvcadmArgs&);

// "Local machine trying to enable vm:vm1...", "Trying to migrate vm:vm1 to hv2...".
std::string clusvcadm_prefix(const ClusvcadmArgs&);

// rgmanager's return code for a refusal (0 for success and for nothing to do, -10 for an enable
// of a running service) and its text (rg_strerror).
int rg_code(Refusal, GuestAction);
const char* rg_strerror(int code);
// The exit status rgmanager's clusvcadm gave for a code: the code as an unsigned byte; -10 → 0.
int rg_exit(int code);

// After success: "vm:vm1 is now running on hv2" for enable and relocate ("Warning: " first when
// it is not on the member asked for); empty otherwise.
std::string clusvcadm_now_running(const ClusvcadmArgs&, const ClusterStatus& after);

}  // namespace vmha::admin
