// One option table per command: getopt's short string, the long options, --help and the man-page
// synopsis all come from it, so an option is declared once. --help and --version are in every
// table and print to stdout with exit 0 (vmha::version is the version).
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace vmha::quorum::cli {

struct Option {
  int key;                // the short letter, or a code >= 256 for a long-only option
  const char* long_name;  // nullptr = short only
  const char* arg;        // nullptr = a flag; else the argument's name as --help shows it
  const char* help;
};

struct Command {
  const char* program;
  std::vector<const char*> synopsis;  // usage lines without the program name
  std::vector<Option> options;        // --help and --version are added by parse()
  const char* footer = "";            // more --help text after the options
};

constexpr int kHelp = 'h';
constexpr int kVersion = 'V';

std::string help_text(const Command& command);
std::string usage_text(const Command& command);  // the synopsis lines only, for usage errors

// Parses argv against the table. on_option(key, arg) returns an error phrase or "". --help and
// --version are answered here. Returns -1 to go on (positionals in rest), else the exit code to
// return at once: 0 after --help/--version, 2 after a usage error (printed with the synopsis).
int parse(const Command& command, int argc, char** argv,
          const std::function<std::string(int key, const char* arg)>& on_option, std::vector<std::string>& rest);

}  // namespace vmha::quorum::cli
