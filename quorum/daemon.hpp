// qdiskd's daemon: cmap config -> disk -> heuristics -> the cycle -> votequorum, once per interval.
#pragma once
#include <string>

#include "io/status_file.hpp"

namespace vmha::quorum {

struct DaemonOptions {
  bool foreground = false;
  bool debug = false;
  bool check_only = false;               // validate config, disk and heuristics, then exit
  std::string run_dir = kDefaultRunDir;  // pid and status files
};

int run_daemon(const DaemonOptions& options);
// Prints the running daemon's status file; 0 running, 3 not running.
int print_status(const DaemonOptions& options);

}  // namespace vmha::quorum
