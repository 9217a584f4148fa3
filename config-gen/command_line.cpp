#include "command_line.hpp"

namespace vmha::config {

namespace {

std::string option_form(const CliOption& option) {
  std::string form = option.short_name ? std::string(option.short_name) + ", " : "";
  form += option.long_name;
  if (option.arg) form += std::string(" ") + option.arg;
  return form;
}

}  // namespace

std::string cli_usage_line(const CliCommand& command) {
  std::string line = std::string("vmha-config ") + command.name + " " + command.operands;
  for (const auto& option : command.options) {
    line += " [";
    line += option.short_name ? option.short_name : option.long_name;
    if (option.arg) line += std::string(" ") + option.arg;
    line += "]";
  }
  return line;
}

std::string cli_help(const CliCommand& command) {
  constexpr std::size_t kColumn = 21;  // where the help text starts, as in the other commands' lines
  std::string out = command.summary;
  for (const auto& option : command.options) {
    std::string form = "  " + option_form(option);
    form += form.size() + 1 < kColumn ? std::string(kColumn - form.size(), ' ') : "\n" + std::string(kColumn, ' ');
    std::string help = option.help;
    for (std::size_t at = 0; (at = help.find('\n', at)) != std::string::npos; at += kColumn + 1)
      help.insert(at + 1, std::string(kColumn, ' '));
    out += form + help + "\n";
  }
  return out;
}

CliArguments cli_parse(const CliCommand& command, const std::vector<std::string>& args) {
  CliArguments result;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const CliOption* match = nullptr;
    for (const auto& option : command.options)
      if (arg == option.long_name || (option.short_name && arg == option.short_name)) match = &option;
    if (match) {
      if (match->arg && i + 1 >= args.size()) {
        result.error = arg + " needs " + match->arg;
        return result;
      }
      result.values[match->long_name] = match->arg ? args[++i] : "";
    } else if (!arg.empty() && arg[0] != '-') {
      result.operands.push_back(arg);
    } else {
      result.error = "unexpected argument '" + arg + "'";
      return result;
    }
  }
  return result;
}

}  // namespace vmha::config
