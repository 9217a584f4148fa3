// Where a running qdiskd says how it is: its pid file and the status file it rewrites each cycle.
// Read by `qdiskd -s` and, in-process, by `vmha status` (so neither format nor place is declared twice).
#pragma once
#include <optional>
#include <string>
#include <sys/types.h>

namespace vmha::quorum {

inline constexpr const char* kDefaultRunDir = "/run/qdiskd";

struct RunningStatus {
  pid_t pid = 0;
  std::optional<std::string> status;  // "Key: value" lines; none before the first cycle completes
};

// The daemon's status when its pid file names a live process; nullopt when qdiskd does not run.
std::optional<RunningStatus> read_running_status(const std::string& run_dir = kDefaultRunDir);

}  // namespace vmha::quorum
