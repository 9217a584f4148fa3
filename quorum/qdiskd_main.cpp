// qdiskd: a quorum disk with heuristics as a Corosync 3 quorum device (quorum.device.model: disk).
#include <getopt.h>

#include <iostream>

#include "core/config.hpp"
#include "daemon.hpp"

namespace {
int usage(int rc) {
  (rc ? std::cerr : std::cout)
      << "usage: qdiskd [-f] [-d] [-R RUNDIR]    run (configuration comes from corosync's cmap, quorum.device.*)\n"
         "       qdiskd -t [-R RUNDIR]            check the configuration, the disk and the heuristics, then exit\n"
         "       qdiskd -s [-R RUNDIR]            print the running daemon's status (exit 3 if not running)\n"
         "       qdiskd --keys                    list the corosync.conf keys qdiskd reads\n"
         "  -f  stay in the foreground   -d  debug logging   -R  pid/status directory (default /run/qdiskd)\n"
         "  Changes under quorum.device in cmap (corosync-cfgtool -R) and SIGHUP reload; SIGTERM unregisters the device and exits.\n";
  return rc;
}
}  // namespace

int main(int argc, char** argv) {
  vmha::quorum::DaemonOptions o;
  bool status = false;
  static const option longopts[] = {{"keys", no_argument, nullptr, 'K'}, {"help", no_argument, nullptr, 'h'}, {nullptr, 0, nullptr, 0}};
  int c;
  while ((c = getopt_long(argc, argv, "fdtsR:h", longopts, nullptr)) != -1) {
    switch (c) {
      case 'f': o.foreground = true; break;
      case 'd': o.debug = true; break;
      case 't': o.check_only = true; break;
      case 's': status = true; break;
      case 'R': o.run_dir = optarg; break;
      case 'K': std::cout << vmha::quorum::describe_keys(); return 0;
      case 'h': return usage(0);
      default: return usage(2);
    }
  }
  if (optind != argc) return usage(2);
  if (status) return vmha::quorum::print_status(o);
  return vmha::quorum::run_daemon(o);
}
