// vmha's command line: one table of commands and options drives parsing and --help.
#pragma once
#include <string>
#include <vector>

namespace vmha::admin {

struct VmhaArgs {
  std::string command;      // "status", "migrate", "unpin", "host drain", …; empty with help/version
  std::string guest;        // the guest commands
  std::string host;         // host drain|resume HOST
  int parallel = 0;         // host drain --parallel N; 0: Pacemaker's own migration-limit
  int timeout = 0;          // host drain|resume --timeout T, seconds; 0: the default
  bool allow_stop = false;  // host drain --allow-stop
  std::string to;           // migrate/relocate --to HOST
  std::string on;           // enable --on HOST
  std::string lifetime;     // migrate --for DURATION, as ISO 8601
  bool no_wait = false;     // the guest commands: return once the change is made
  int watch = 0;            // status --watch[=S]: redraw every S seconds (0 = once)
  bool json = false;
  bool help = false;
  bool version = false;
  std::string error;  // bad usage: one line, exit 2
};

VmhaArgs parse_vmha_args(const std::vector<std::string>& args);
std::string vmha_help();

}  // namespace vmha::admin
