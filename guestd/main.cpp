// vmha-guestd: libvirt's domain events → Pacemaker, at once. One per host. docs/guestd.md.
#include <cstdlib>
#include <string>
#include <vector>

#include "daemon.hpp"
#include "guest_record.hpp"
#include "ocf/env_map.hpp"
#include "ocf/log.hpp"
#include "vmha/options.hpp"

namespace {

// The one option table (vmha/options.hpp): getopt, --help and the man page come from it.
const vmha::cli::Command kCommand{
    "vmha-guestd",
    {"[OPTION]...", "-s [-R DIR]"},
    {
        {'c', "connect", "URI", "libvirt URI of this host's daemon (default qemu:///system)"},
        {'N', "node", "NAME", "Pacemaker's name of this node (default: crm_node -n)"},
        {'R', "run-dir", "DIR", "pid, status and reported failures (default /run/vmha/guestd)"},
        {'G', "records", "DIR", "the agents' guest records (default /run/vmha/guests)"},
        {'k', "keepalive", "SECS", "libvirt keepalive interval; 3 unanswered pings drop the connection (default 5)"},
        {'s', "status", nullptr, "print what the running daemon watches (exit 3 if it is not running)"},
        {'d', "debug", nullptr, "debug logging"},
    },
    "",
    "Turns libvirt's domain events for cluster guests into Pacemaker failures at once.\n",
    "vmha-guestd (vmha)",
    false,
};

}  // namespace

int main(int argc, char** argv) {
  vmha::guestd::DaemonOptions o;
  o.records = vmha::agents::guest_record_dir();
  bool status = false;
  std::vector<std::string> rest;
  const int rc = vmha::cli::parse(
      kCommand, argc, argv,
      [&](int key, const char* arg) -> std::string {
        switch (key) {
          case 'c':
            o.uri = arg;
            break;
          case 'N':
            o.node = arg;
            break;
          case 'R':
            o.run_dir = arg;
            break;
          case 'G':
            o.records = arg;
            break;
          case 'k': {
            char* end = nullptr;
            long v = std::strtol(arg, &end, 10);
            if (*end || v < 1 || v > 3600)
              return std::string("--keepalive wants whole seconds 1-3600, not '") + arg + "'";
            o.keepalive_interval = static_cast<int>(v);
            break;
          }
          case 's':
            status = true;
            break;
          case 'd':
            o.debug = true;
            break;
        }
        return "";
      },
      rest);
  if (rc >= 0) return rc;
  if (!rest.empty()) return vmha::cli::usage_error(kCommand, "unexpected argument '" + rest[0] + "'");
  if (status) return vmha::guestd::print_status(o);
  vmha::ocf::EnvMap env = vmha::ocf::capture_environment();
  if (o.debug) env["HA_debug"] = "1";
  vmha::ocf::log::init("vmha-guestd", "", env);
  return vmha::guestd::run_daemon(o);
}
