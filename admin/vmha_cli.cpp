#include "vmha_cli.hpp"

#include <algorithm>

namespace vmha::admin {
namespace {

struct Command {
    const char* name;
    const char* synopsis;
    const char* help;
};
constexpr Command kCommands[] = {
    {"status", "vmha status [--json]",
     "What runs where, and why: the cluster (quorum, votes, maintenance mode), each host (state,\n"
     "    guests, capacity used and free) and each guest (state, host, fail count, last failure, pins).\n"
     "    Exit 0 when quorate and every enabled guest runs, 1 otherwise, 2 on error."},
};

struct Option {
    const char* name;       // long name without dashes
    const char* commands;   // where it applies: "*" everywhere, else a command name
    const char* help;
};
constexpr Option kOptions[] = {
    {"json", "status", "print the documented JSON document (schema vmha-status/1) instead of the screen"},
    {"help", "*", "show this help and exit"},
    {"version", "*", "show vmha's version and exit"},
};

}  // namespace

std::string vmha_help() {
    std::string out = "usage:\n";
    for (const auto& c : kCommands) out += "  " + std::string(c.synopsis) + "\n    " + c.help + "\n";
    out += "\noptions:\n";
    for (const auto& o : kOptions) {
        std::string left = std::string("--") + o.name;
        left.resize(std::max<size_t>(left.size() + 1, 12), ' ');
        out += "  " + left + o.help + (std::string(o.commands) == "*" ? "" : std::string(" (") + o.commands + ")") + "\n";
    }
    out += "\nvmha reads Pacemaker through crm_mon's and cibadmin's XML and corosync-quorumtool; it changes nothing.\n"
           "The same binary answers as clustat (rgmanager's status command) when called by that name.\n";
    return out;
}

VmhaArgs parse_vmha_args(const std::vector<std::string>& args) {
    VmhaArgs r;
    for (const auto& a : args) {
        if (a.rfind("--", 0) == 0) {
            std::string name = a.substr(2);
            const Option* opt = nullptr;
            for (const auto& o : kOptions) if (name == o.name) opt = &o;
            if (!opt) { r.error = "unknown option '" + a + "' (see vmha --help)"; return r; }
            if (name == "help") r.help = true;
            else if (name == "version") r.version = true;
            else if (name == "json") r.json = true;
            continue;
        }
        if (!r.command.empty()) { r.error = "unexpected argument '" + a + "' (see vmha --help)"; return r; }
        bool known = std::any_of(std::begin(kCommands), std::end(kCommands), [&](const Command& c) { return a == c.name; });
        if (!known) { r.error = "unknown command '" + a + "' (see vmha --help)"; return r; }
        r.command = a;
    }
    if (r.help || r.version) return r;
    if (r.command.empty()) { r.error = "no command given (see vmha --help)"; return r; }
    // An option table row says where each option applies.
    if (r.json && r.command != "status") r.error = "--json applies to status only";
    return r;
}

}  // namespace vmha::admin
