// qdiskd: a quorum disk with heuristics as a Corosync 3 quorum device (quorum.device.model: disk).
#include <iostream>

#include <vmha/options.hpp>

#include "core/config.hpp"
#include "daemon.hpp"

namespace {

constexpr int kKeys = 256;

const vmha::cli::Command kCommand{
    "qdiskd",
    {"[-f] [-d] [-R RUNDIR]", "-t [-R RUNDIR]", "-s [-R RUNDIR]", "--keys"},
    {
        {'f', "foreground", nullptr, "stay in the foreground (what the systemd unit runs)"},
        {'d', "debug", nullptr, "debug logging"},
        {'t', "test", nullptr, "check the configuration, the disk and the heuristics, then exit"},
        {'s', "status", nullptr, "print the running daemon's status (exit 3 if not running)"},
        {'R', "run-dir", "RUNDIR", "pid/status directory (default /run/qdiskd)"},
        {kKeys, "keys", nullptr, "list the corosync.conf keys qdiskd reads"},
    },
    "Configuration comes from corosync's cmap (quorum.device.*). Changes there (corosync-cfgtool -R) and\n"
    "SIGHUP reload; SIGTERM unregisters the device and exits.\n"};

}  // namespace

int main(int argc, char** argv) {
  vmha::quorum::DaemonOptions o;
  bool status = false, keys = false;
  std::vector<std::string> rest;
  const int rc = vmha::cli::parse(
      kCommand, argc, argv,
      [&](int key, const char* arg) -> std::string {
        switch (key) {
          case 'f':
            o.foreground = true;
            break;
          case 'd':
            o.debug = true;
            break;
          case 't':
            o.check_only = true;
            break;
          case 's':
            status = true;
            break;
          case 'R':
            o.run_dir = arg;
            break;
          case kKeys:
            keys = true;
            break;
        }
        return "";
      },
      rest);
  if (rc >= 0) return rc;
  if (!rest.empty()) {
    std::cerr << "qdiskd: unexpected argument '" << rest[0] << "'\n" << vmha::cli::usage_text(kCommand);
    return 2;
  }
  if (keys) {
    std::cout << vmha::quorum::describe_keys();
    return 0;
  }
  if (status) return vmha::quorum::print_status(o);
  return vmha::quorum::run_daemon(o);
}
