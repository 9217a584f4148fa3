// One option table per command: getopt's short string, the long options, --help (and so the man page
// help2man makes of it) and the usage lines all come from it, so an option is declared once. --help
// and --version are in every table and print to stdout with exit 0 (vmha::version is the version).
// qdiskd, mkqdisk, fence_virtd and vmha-guestd parse their command lines with it.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace vmha::cli {

struct Option {
  int key;                // the short letter, or a code >= 256 for a long-only option
  const char* long_name;  // nullptr = short only
  const char* arg;        // nullptr = a flag; else the argument's name as --help shows it
  const char* help;
};

struct Command {
  const char* program;
  std::vector<const char*> synopsis;   // usage lines without the program name
  std::vector<Option> options;         // --help and --version are added by parse()
  const char* footer = "";             // more --help text after the options
  const char* about = "";              // a paragraph between the usage lines and the options
  const char* version_name = nullptr;  // --version prints "NAME VERSION"; nullptr = the program
  // After a usage error: the usage lines (qdiskd, mkqdisk), or only "(see PROGRAM --help)" on the
  // error's own line.
  bool usage_on_error = true;
};

constexpr int kHelp = 'h';
constexpr int kVersion = 'V';

std::string help_text(const Command& command);
std::string usage_text(const Command& command);  // the synopsis lines only, for usage errors

// Prints "PROGRAM: WHY" and what usage_on_error asks for to stderr; returns 2.
int usage_error(const Command& command, const std::string& why);

// Parses argv against the table. on_option(key, arg) returns an error phrase or "". --help and
// --version are answered here. Returns -1 to go on (positionals in rest), else the exit code to
// return at once: 0 after --help/--version, 2 after a usage error (printed by usage_error).
int parse(const Command& command, int argc, char** argv,
          const std::function<std::string(int key, const char* arg)>& on_option, std::vector<std::string>& rest);

}  // namespace vmha::cli
