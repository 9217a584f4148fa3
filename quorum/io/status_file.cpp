#include "io/status_file.hpp"

#include <signal.h>

#include <fstream>
#include <sstream>

namespace vmha::quorum {

std::optional<RunningStatus> read_running_status(const std::string& run_dir) {
  RunningStatus r;
  std::ifstream pid_in(run_dir + "/pid");
  // kill(pid, 0) tells a stale pid file (the daemon died without removing it) from a running one.
  if (!(pid_in >> r.pid) || r.pid <= 0 || kill(r.pid, 0) != 0) return std::nullopt;
  std::ifstream status(run_dir + "/status");
  if (status) {
    std::ostringstream text;
    text << status.rdbuf();
    r.status = text.str();
  }
  return r;
}

}  // namespace vmha::quorum
