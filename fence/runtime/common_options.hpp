// Options every fencing.py-style agent shares, declared once (names, flags and defaults as
// fence-agents' all_opt has them).
#pragma once
#include "options.hpp"

namespace vmha::fence::common {

Option action(const std::string& default_action = "reboot");
Option plug();
Option login();
Option password();
Option password_script();
Option delay();
Option power_timeout();
Option power_wait();
Option retry_on();
Option status_sleep();
Option missing_as_off();
Option separator();
Option plug_separator();
Option quiet();
Option verbose_level();
Option debug_file();
Option disable_timeout();
Option verbose();
Option help();
Option version();

}  // namespace vmha::fence::common
