#include "vmha_cli.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "duration.hpp"
#include "guest_plan.hpp"
#include "host_plan.hpp"

namespace vmha::admin {
namespace {

struct Command {
  const char* name;
  bool takes_guest;
  const char* synopsis;
  const char* help;
};
constexpr Command kCommands[] = {
    {"status", false, "vmha status [--watch[=S]] [--json]",
     "What runs where, and why: the cluster (quorum, votes, maintenance mode), each host (state,\n"
     "    guests, capacity used and free) and each guest (state, host, fail count, last failure, pins).\n"
     "    Exit 0 when quorate and every enabled guest runs, 1 otherwise, 2 on error."},
    {"migrate", true, "vmha migrate GUEST --to HOST [--for DURATION]",
     "Move a running guest live to HOST and keep it there (a crm_resource --move pin) until\n"
     "    `vmha unpin GUEST`; waits until the cluster has settled. Refused, changing nothing, when the\n"
     "    partition is inquorate, HOST is not online or outside a restricted failover domain, the guest\n"
     "    is not running, frozen, already moving, already there, banned from HOST or cannot migrate live\n"
     "    (use relocate). --for pins it for a while only."},
    {"unpin", true, "vmha unpin GUEST",
     "Remove every operator pin of GUEST (crm_resource --clear): its placement is Pacemaker's again;\n"
     "    waits until the cluster has settled and says where it runs."},
    {"enable", true, "vmha enable GUEST [--on HOST]",
     "Let the cluster run GUEST (target-role Started; a failed guest's history is cleaned up first);\n"
     "    with --on, start it on HOST and keep it there until `vmha unpin GUEST`."},
    {"disable", true, "vmha disable GUEST",
     "Stop GUEST and keep it stopped (target-role Stopped) until `vmha enable GUEST`."},
    {"restart", true, "vmha restart GUEST", "Stop GUEST and start it again where Pacemaker places it (where it ran)."},
    {"relocate", true, "vmha relocate GUEST --to HOST",
     "Stop GUEST, then start it on HOST (not live; for guests that cannot migrate) and keep it there\n"
     "    until `vmha unpin GUEST`."},
    {"freeze", true, "vmha freeze GUEST",
     "Stop managing GUEST where it is (resource maintenance=true): no monitoring, no recovery, no\n"
     "    start or stop, for backups and maintenance inside the guest, until `vmha unfreeze GUEST`."},
    {"unfreeze", true, "vmha unfreeze GUEST",
     "Manage GUEST again: Pacemaker monitors it, and recovers it if it stopped meanwhile."},
    {"host drain", true, "vmha host drain HOST [--parallel N] [--timeout T] [--allow-stop]",
     "Empty HOST for maintenance: Pacemaker's scheduler, on a copy of the CIB with HOST in standby,\n"
     "    must place every guest elsewhere and live (else refused, naming the guests that would stop\n"
     "    or restart); then HOST goes into standby and vmha follows each guest until HOST is empty."},
    {"host resume", true, "vmha host resume HOST [--timeout T]",
     "End HOST's standby; waits while its guests come back live where their domains prefer it."},
    {"host list", false, "vmha host list", "Each host: state, guests, capacity used and declared."},
};

struct Option {
  const char* name;      // long name without dashes
  const char* value;     // the value's name, or nullptr for a flag
  bool value_optional;   // --name alone, or --name=VALUE
  const char* commands;  // where it applies: "*" everywhere, else command names separated by commas
  const char* help;
};
constexpr const char* kGuestCommands = "enable,disable,restart,relocate,migrate,freeze,unfreeze,unpin";
constexpr Option kOptions[] = {
    {"json", nullptr, false, "status",
     "print the documented JSON document (schema vmha-status/1) instead of the screen"},
    {"watch", "S", true, "status", "redraw the screen in place every S seconds (default 2) until interrupted"},
    {"to", "HOST", false, "migrate,relocate", "the host to move the guest to"},
    {"on", "HOST", false, "enable", "the host to start the guest on (it stays there until unpinned)"},
    {"for", "DURATION", false, "migrate",
     "pin for a while only (20s, 5m, 2h, 1d, 1h30m or ISO 8601 PT20S): an expiring pin"},
    {"no-wait", nullptr, false, kGuestCommands, "return once the change is made, without waiting for the cluster"},
    {"parallel", "N", false, "host drain",
     "at most N live migrations at a time (Pacemaker's migration-limit while it drains)"},
    {"timeout", "T", false, "host drain,host resume", "give up waiting after T (90, 90s, 15m, 1h, 1h30m; default 15m)"},
    {"allow-stop", nullptr, false, "host drain", "drain even when guests would stop or restart instead of moving live"},
    {"help", nullptr, false, "*", "show this help and exit"},
    {"version", nullptr, false, "*", "show vmha's version and exit"},
};

bool applies(const Option& o, const std::string& command) {
  if (std::strcmp(o.commands, "*") == 0) return true;
  return (std::string(",") + o.commands + ",").find("," + command + ",") != std::string::npos;
}

bool is_host_command(const std::string& command) { return command.rfind("host ", 0) == 0; }
// The positional operand: a guest, or the host of a host command.
std::string& operand(VmhaArgs& r) { return is_host_command(r.command) ? r.host : r.guest; }

// --parallel and --timeout: their values; false with r.error set when a value is not valid.
bool host_option(const std::string& name, const std::string& value, VmhaArgs& r) {
  if (name == "parallel") {
    char* end = nullptr;
    long n = std::strtol(value.c_str(), &end, 10);
    if (value.empty() || *end || n < 1 || n > 1000) {
      r.error = "--parallel needs a number from 1 to 1000, not '" + value + "'";
      return false;
    }
    r.parallel = static_cast<int>(n);
  } else if (name == "timeout") {
    auto t = parse_duration(value);
    if (!t) {
      r.error = "--timeout needs a duration (90, 90s, 15m, 1h, 1h30m), not '" + value + "'";
      return false;
    }
    r.timeout = *t;
  }
  return true;
}

}  // namespace

std::string vmha_help() {
  std::string out = "usage:\n";
  for (const auto& c : kCommands) out += "  " + std::string(c.synopsis) + "\n    " + c.help + "\n";
  out += "\noptions:\n";
  for (const auto& o : kOptions) {
    std::string left = std::string("--") + o.name +
                       (!o.value           ? ""
                        : o.value_optional ? std::string("[=") + o.value + "]"
                                           : std::string(" ") + o.value);
    left.resize(std::max<size_t>(left.size() + 1, 16), ' ');
    std::string where = std::string(o.commands) == "*" ? ""
                        : o.commands == kGuestCommands ? " (every guest command)"
                                                       : std::string(" (") + o.commands + ")";
    out += "  " + left + o.help + where + "\n";
  }
  out +=
      "\nEach guest command waits until the cluster has done it (--no-wait: not) and says how long it took.\n"
      "vmha reads Pacemaker through crm_mon's status document (built in-process by libpacemaker) and the\n"
      "CIB (libcib), corosync's votequorum and qdiskd's status file, and changes it with crm_resource.\n"
      "The same binary answers as clustat and clusvcadm (rgmanager's commands) by those names.\n";
  return out;
}

VmhaArgs parse_vmha_args(const std::vector<std::string>& args) {
  VmhaArgs r;
  const Command* cmd = nullptr;
  std::vector<const Option*> given;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) == 0) {
      std::string name = a.substr(2), value;
      bool inline_value = false;
      if (auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
        inline_value = true;
      }
      const Option* opt = nullptr;
      for (const auto& o : kOptions)
        if (name == o.name) opt = &o;
      if (!opt) {
        r.error = "unknown option '" + a + "' (see vmha --help)";
        return r;
      }
      if (opt->value && !inline_value && !opt->value_optional) {
        if (i + 1 >= args.size()) {
          r.error = "--" + name + " needs " + opt->value;
          return r;
        }
        value = args[++i];
      }
      if (!opt->value && inline_value) {
        r.error = "--" + name + " takes no value";
        return r;
      }
      given.push_back(opt);
      if (name == "help")
        r.help = true;
      else if (name == "version")
        r.version = true;
      else if (name == "json")
        r.json = true;
      else if (name == "to")
        r.to = value;
      else if (name == "on")
        r.on = value;
      else if (name == "no-wait")
        r.no_wait = true;
      else if (name == "for") {
        auto iso = iso_duration(value);
        if (!iso) {
          r.error = "--for: '" + value + "' is not a duration (20s, 5m, 2h, 1d, 1h30m or PT20S)";
          return r;
        }
        r.lifetime = *iso;
      } else if (name == "watch") {
        char* end = nullptr;
        long sec = inline_value ? std::strtol(value.c_str(), &end, 10) : 2;
        if (inline_value && (value.empty() || *end || sec < 1 || sec > 3600)) {
          r.error = "--watch: '" + value + "' is not a number of seconds from 1 to 3600";
          return r;
        }
        r.watch = static_cast<int>(sec);
      } else if (name == "allow-stop")
        r.allow_stop = true;
      else if (!host_option(name, value, r))
        return r;
      continue;
    }
    if (!cmd) {
      // "host VERB" is one command of the table.
      std::string name =
          a == "host" && i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0 ? a + " " + args[++i] : a;
      for (const auto& c : kCommands)
        if (name == c.name) cmd = &c;
      if (!cmd && a == "host") {
        r.error = "host needs drain, resume or list (see vmha --help)";
        return r;
      }
      if (!cmd) {
        r.error = "unknown command '" + name + "' (see vmha --help)";
        return r;
      }
      r.command = name;
    } else if (cmd->takes_guest && operand(r).empty()) {
      operand(r) = a;
    } else {
      r.error = "unexpected argument '" + a + "' (see vmha --help)";
      return r;
    }
  }
  if (r.help || r.version) return r;
  if (!cmd) {
    r.error = "no command given (see vmha --help)";
    return r;
  }
  // Each option row says which command it belongs to.
  for (const Option* o : given)
    if (!applies(*o, r.command)) {
      std::string list = o->commands;
      std::replace(list.begin(), list.end(), ',', '/');
      r.error = std::string("--") + o->name + " applies to " + list + " only";
      return r;
    }
  if (cmd->takes_guest && operand(r).empty()) {
    r.error = r.command + (is_host_command(r.command) ? " needs a HOST" : " needs a GUEST") + " (see vmha --help)";
    return r;
  }
  if ((r.command == "migrate" || r.command == "relocate") && r.to.empty()) {
    r.error = r.command + " needs --to HOST";
    return r;
  }
  if (r.json && r.watch) {
    r.error = "--watch redraws a screen: not with --json";
    return r;
  }
  return r;
}

}  // namespace vmha::admin
