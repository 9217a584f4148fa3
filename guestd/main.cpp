// vmha-guestd: libvirt's domain events → Pacemaker, at once. One per host. docs/guestd.md.
#include <getopt.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "daemon.hpp"
#include "guest_record.hpp"
#include "ocf/env_map.hpp"
#include "ocf/log.hpp"
#include "vmha/version.hpp"

namespace {

struct Option {
  int key;
  const char* long_name;
  const char* arg;  // nullptr: a flag
  const char* help;
};

// The one option table: getopt's arguments and --help come from it.
const std::vector<Option> kOptions = {
    {'c', "connect", "URI", "libvirt URI of this host's daemon (default qemu:///system)"},
    {'N', "node", "NAME", "Pacemaker's name of this node (default: crm_node -n)"},
    {'R', "run-dir", "DIR", "pid, status and reported failures (default /run/vmha/guestd)"},
    {'G', "records", "DIR", "the agents' guest records (default /run/vmha/guests)"},
    {'k', "keepalive", "SECS", "libvirt keepalive interval; 3 unanswered pings drop the connection (default 5)"},
    {'s', "status", nullptr, "print what the running daemon watches (exit 3 if it is not running)"},
    {'d', "debug", nullptr, "debug logging"},
    {'h', "help", nullptr, "this help"},
    {'V', "version", nullptr, "print the version"},
};

std::string help_text() {
  std::string s =
      "Usage: vmha-guestd [OPTION]...\n"
      "Turns libvirt's domain events for cluster guests into Pacemaker failures at once.\n\n";
  for (const auto& o : kOptions) {
    std::string left = std::string("  -") + static_cast<char>(o.key) + ", --" + o.long_name;
    if (o.arg) left += std::string("=") + o.arg;
    left.resize(std::max<std::size_t>(left.size() + 2, 26), ' ');
    s += left + o.help + "\n";
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  vmha::guestd::DaemonOptions o;
  o.records = vmha::agents::guest_record_dir();
  bool status = false;
  std::string shorts;
  std::vector<option> longs;
  for (const auto& opt : kOptions) {
    shorts += static_cast<char>(opt.key);
    if (opt.arg) shorts += ':';
    longs.push_back({opt.long_name, opt.arg ? required_argument : no_argument, nullptr, opt.key});
  }
  longs.push_back({nullptr, 0, nullptr, 0});
  opterr = 0;
  int key;
  while ((key = getopt_long(argc, argv, shorts.c_str(), longs.data(), nullptr)) != -1) {
    switch (key) {
      case 'c':
        o.uri = optarg;
        break;
      case 'N':
        o.node = optarg;
        break;
      case 'R':
        o.run_dir = optarg;
        break;
      case 'G':
        o.records = optarg;
        break;
      case 'k': {
        char* end = nullptr;
        long v = std::strtol(optarg, &end, 10);
        if (*end || v < 1 || v > 3600) {
          std::cerr << "vmha-guestd: --keepalive wants whole seconds 1-3600, not '" << optarg << "'\n";
          return 2;
        }
        o.keepalive_interval = static_cast<int>(v);
        break;
      }
      case 's':
        status = true;
        break;
      case 'd':
        o.debug = true;
        break;
      case 'h':
        std::cout << help_text();
        return 0;
      case 'V':
        std::cout << "vmha-guestd (vmha) " << vmha::version << "\n";
        return 0;
      default:
        std::cerr << "vmha-guestd: unknown or incomplete option '" << argv[optind - 1]
                  << "'\nTry 'vmha-guestd --help'.\n";
        return 2;
    }
  }
  if (optind < argc) {
    std::cerr << "vmha-guestd: unexpected argument '" << argv[optind] << "'\nTry 'vmha-guestd --help'.\n";
    return 2;
  }
  if (status) return vmha::guestd::print_status(o);
  vmha::ocf::EnvMap env = vmha::ocf::capture_environment();
  if (o.debug) env["HA_debug"] = "1";
  vmha::ocf::log::init("vmha-guestd", "", env);
  return vmha::guestd::run_daemon(o);
}
