// vmha's command line: one table of commands and options drives parsing and --help.
#pragma once
#include <string>
#include <vector>

namespace vmha::admin {

struct VmhaArgs {
    std::string command;   // "status", "migrate", "unpin"; empty with help/version
    std::string guest;     // migrate, unpin
    std::string to;        // migrate --to HOST
    bool json = false;
    bool help = false;
    bool version = false;
    std::string error;     // bad usage: one line, exit 2
};

VmhaArgs parse_vmha_args(const std::vector<std::string>& args);
std::string vmha_help();

}  // namespace vmha::admin
