// Runs heuristic programs: no shell (argv split by split_command), stdio on /dev/null, in
// parallel, each killed (and counted as failed) when it outlives the timeout.
#pragma once
#include <chrono>
#include <string>
#include <vector>

#include "core/score.hpp"

namespace vmha::quorum {

// Empty string when every heuristic's program exists and is executable; else one line naming
// the heuristic's key and the reason.
std::string check_heuristic_programs(const std::vector<HeuristicSpec>& specs);

// Runs every heuristic once, in parallel; result[i] = passed (exit 0 within timeout).
std::vector<bool> run_heuristics(const std::vector<HeuristicSpec>& specs, std::chrono::milliseconds timeout);

}  // namespace vmha::quorum
