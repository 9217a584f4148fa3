#include "vmha_cli.hpp"

#include <algorithm>
#include <cstring>

namespace vmha::admin {
namespace {

struct Command {
    const char* name;
    bool takes_guest;
    const char* synopsis;
    const char* help;
};
constexpr Command kCommands[] = {
    {"status", false, "vmha status [--json]",
     "What runs where, and why: the cluster (quorum, votes, maintenance mode), each host (state,\n"
     "    guests, capacity used and free) and each guest (state, host, fail count, last failure, pins).\n"
     "    Exit 0 when quorate and every enabled guest runs, 1 otherwise, 2 on error."},
    {"migrate", true, "vmha migrate GUEST --to HOST",
     "Move a running guest live to HOST and keep it there (a crm_resource --move pin) until\n"
     "    `vmha unpin GUEST`; waits until the cluster has settled. Refused, changing nothing, when the\n"
     "    partition is inquorate, HOST is not online, the guest is not running, frozen, already moving,\n"
     "    already there, banned from HOST or cannot migrate live."},
    {"unpin", true, "vmha unpin GUEST",
     "Remove every operator pin of GUEST (crm_resource --clear): its placement is Pacemaker's again;\n"
     "    waits until the cluster has settled and says where it runs."},
};

struct Option {
    const char* name;       // long name without dashes
    const char* value;      // the value's name, or nullptr for a flag
    const char* commands;   // where it applies: "*" everywhere, else a command name
    const char* help;
};
constexpr Option kOptions[] = {
    {"json", nullptr, "status", "print the documented JSON document (schema vmha-status/1) instead of the screen"},
    {"to", "HOST", "migrate", "the host to move the guest to"},
    {"help", nullptr, "*", "show this help and exit"},
    {"version", nullptr, "*", "show vmha's version and exit"},
};

}  // namespace

std::string vmha_help() {
    std::string out = "usage:\n";
    for (const auto& c : kCommands) out += "  " + std::string(c.synopsis) + "\n    " + c.help + "\n";
    out += "\noptions:\n";
    for (const auto& o : kOptions) {
        std::string left = std::string("--") + o.name + (o.value ? std::string(" ") + o.value : "");
        left.resize(std::max<size_t>(left.size() + 1, 12), ' ');
        out += "  " + left + o.help + (std::string(o.commands) == "*" ? "" : std::string(" (") + o.commands + ")") + "\n";
    }
    out += "\nvmha reads Pacemaker through crm_mon's and cibadmin's XML and corosync-quorumtool, and changes it\n"
           "with crm_resource. The same binary answers as clustat (rgmanager's status command) by that name.\n";
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
            for (const auto& o : kOptions) if (name == o.name) opt = &o;
            if (!opt) { r.error = "unknown option '" + a + "' (see vmha --help)"; return r; }
            if (opt->value && !inline_value) {
                if (i + 1 >= args.size()) { r.error = "--" + name + " needs " + opt->value; return r; }
                value = args[++i];
            }
            if (!opt->value && inline_value) { r.error = "--" + name + " takes no value"; return r; }
            given.push_back(opt);
            if (name == "help") r.help = true;
            else if (name == "version") r.version = true;
            else if (name == "json") r.json = true;
            else if (name == "to") r.to = value;
            continue;
        }
        if (!cmd) {
            for (const auto& c : kCommands) if (a == c.name) cmd = &c;
            if (!cmd) { r.error = "unknown command '" + a + "' (see vmha --help)"; return r; }
            r.command = a;
        } else if (cmd->takes_guest && r.guest.empty()) {
            r.guest = a;
        } else {
            r.error = "unexpected argument '" + a + "' (see vmha --help)";
            return r;
        }
    }
    if (r.help || r.version) return r;
    if (!cmd) { r.error = "no command given (see vmha --help)"; return r; }
    // Each option row says which command it belongs to.
    for (const Option* o : given)
        if (std::strcmp(o->commands, "*") != 0 && r.command != o->commands) {
            r.error = std::string("--") + o->name + " applies to " + o->commands + " only";
            return r;
        }
    if (cmd->takes_guest && r.guest.empty()) { r.error = r.command + " needs a GUEST (see vmha --help)"; return r; }
    if (r.command == "migrate" && r.to.empty()) { r.error = "migrate needs --to HOST"; return r; }
    return r;
}

}  // namespace vmha::admin
