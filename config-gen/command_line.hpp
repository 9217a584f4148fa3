// One option table per vmha-config command: its parsing, its usage line and its lines in --help (and
// so in the man page, help2man's reading of --help) all come from the table, so an option is
// declared once.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace vmha::config {

struct CliOption {
  const char* long_name;   // "--output"
  const char* short_name;  // "-o", or nullptr
  const char* arg;         // nullptr: a flag; else the argument's name as --help shows it
  const char* help;        // one line or more ('\n' between them)
};

struct CliCommand {
  const char* name;      // "diagram"
  const char* operands;  // "TOPOLOGY"
  const char* summary;   // what the command does, the paragraph before its options
  std::vector<CliOption> options;
};

// "vmha-config diagram TOPOLOGY [-o FILE] [--failed HOST]"
std::string cli_usage_line(const CliCommand& command);
// The summary and one aligned line (or more) per option.
std::string cli_help(const CliCommand& command);

struct CliArguments {
  std::map<std::string, std::string> values;  // long name → argument ("" for a flag)
  std::vector<std::string> operands;
  std::string error;  // non-empty: a usage error, one phrase
  bool has(const std::string& long_name) const { return values.count(long_name) != 0; }
  std::string get(const std::string& long_name) const {
    auto it = values.find(long_name);
    return it == values.end() ? std::string() : it->second;
  }
};
CliArguments cli_parse(const CliCommand& command, const std::vector<std::string>& args);

}  // namespace vmha::config
