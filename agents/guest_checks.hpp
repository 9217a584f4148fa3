// Checks beyond libvirt's state that make a running guest count as healthy: programs run
// without a shell (monitor_scripts, status_program) and the QEMU guest agent's ping.
#pragma once
#include <string>
#include <vector>

#include "vmha/deadline.hpp"

namespace vmha::agents {

// "" when every program exited 0; otherwise which one failed and how.
std::string run_health_programs(const std::vector<std::string>& programs, Deadline deadline);

std::vector<std::string> split_words(const std::string& text);

}  // namespace vmha::agents
