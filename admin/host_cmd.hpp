// vmha host drain / resume / list: the adapter that reads the live cluster, asks Pacemaker's
// scheduler (host_simulate), changes the CIB with crm_attribute and follows the cluster until the
// guests are where the plan (host_plan) says.
#pragma once
#include "vmha_cli.hpp"

namespace vmha::admin {

// Exit: 0 done, 1 refused or not done in time, 2 the cluster could not be read.
int host_main(const VmhaArgs&);

}  // namespace vmha::admin
