// The option table of a fence agent and the two ways fence-agents callers hand values in:
// stdin "name=value" lines (fenced, Pacemaker) or a getopt command line (humans).
// One table per agent drives parsing, validation, defaults and metadata.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vmha::fence {

enum class ValueType { Boolean, String, Second, Integer };

struct Option {
  std::string name;       // stdin name and metadata name (the current spelling, e.g. "plug")
  std::string old_name;   // previous stdin spelling still accepted ("port"), metadata marks it deprecated
  char short_flag = 0;    // getopt letter, 0 = none
  std::string long_flag;  // getopt long name without "--", empty = none
  std::string arg_label;  // metadata getopt label ("[id]"); empty for booleans
  ValueType type = ValueType::String;
  std::string default_value;
  bool required = false;
  std::string shortdesc;
  bool hidden_in_metadata = false;  // accepted but not advertised (agent=, nodename=)
  bool deprecated = false;          // advertised with deprecated="1" (fence_xvm's domain=)
  char old_short_flag = 0;          // getopt letter of the old spelling (fence-virt's -H for port)
};

using OptionTable = std::vector<Option>;

// Parsed values keyed by Option::name; booleans are stored as "1" / "0".
struct Values {
  std::map<std::string, std::string> by_name;
  std::string get(const std::string& name) const;
  bool has(const std::string& name) const { return by_name.count(name) != 0; }
  bool flag(const std::string& name) const { return get(name) == "1"; }
  double seconds(const std::string& name) const;
  long integer(const std::string& name) const;
};

struct ParseResult {
  Values values;
  std::vector<std::string> warnings;  // ignored input, one line each
  std::string error;                  // empty when the input was acceptable
};

const Option* find_option(const OptionTable& table, std::string_view name);

// Boolean spellings fence-agents accepts: 1/yes/on/true and 0/no/off/false (any case).
std::optional<bool> parse_boolean(std::string_view text);

// stdin form: one name=value per line, '#' comments, last occurrence wins, unknown names warned.
ParseResult parse_stdin(const OptionTable& table, std::string_view text);

// getopt form; argv[0] is the program name. Unknown options are an error (fail_usage).
ParseResult parse_argv(const OptionTable& table, const std::vector<std::string>& argv);

// Defaults for every option not given; numbers are checked.
std::string apply_defaults_and_check(const OptionTable& table, Values& values);

}  // namespace vmha::fence
