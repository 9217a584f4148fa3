#include "vmha/options.hpp"

#include <getopt.h>

#include <algorithm>
#include <iostream>

#include <vmha/version.hpp>

namespace vmha::cli {
namespace {

std::vector<Option> with_standard(const Command& c) {
  std::vector<Option> all = c.options;
  all.push_back({kHelp, "help", nullptr, "print this help and exit"});
  all.push_back({kVersion, "version", nullptr, "print the version and exit"});
  return all;
}

std::string spelled(const Option& o) {
  std::string s;
  if (o.key < 256) s += std::string("-") + static_cast<char>(o.key);
  if (o.long_name) s += (s.empty() ? "--" : ", --") + std::string(o.long_name);
  if (o.arg) s += std::string(" ") + o.arg;
  return s;
}

}  // namespace

std::string usage_text(const Command& c) {
  std::string out;
  bool first = true;
  for (const char* line : c.synopsis) {
    out += std::string(first ? "usage: " : "       ") + c.program + " " + line + "\n";
    first = false;
  }
  return out;
}

std::string help_text(const Command& c) {
  std::string out = usage_text(c);
  if (*c.about) out += std::string("\n") + c.about;
  out += "\noptions:\n";
  for (const Option& o : with_standard(c)) {
    std::string left = "  " + spelled(o);
    left.resize(std::max<std::size_t>(left.size() + 2, 26), ' ');
    out += left + o.help + "\n";
  }
  if (*c.footer) out += std::string("\n") + c.footer;
  return out;
}

int usage_error(const Command& c, const std::string& why) {
  if (c.usage_on_error)
    std::cerr << c.program << ": " << why << "\n" << usage_text(c);
  else
    std::cerr << c.program << ": " << why << " (see " << c.program << " --help)\n";
  return 2;
}

int parse(const Command& c, int argc, char** argv, const std::function<std::string(int, const char*)>& on_option,
          std::vector<std::string>& rest) {
  const std::vector<Option> all = with_standard(c);
  std::string shorts = "+:";  // stop at the first positional; ':' = report a missing argument
  std::vector<option> longs;
  for (const Option& o : all) {
    if (o.key < 256) {
      shorts += static_cast<char>(o.key);
      if (o.arg) shorts += ':';
    }
    if (o.long_name) longs.push_back({o.long_name, o.arg ? required_argument : no_argument, nullptr, o.key});
  }
  longs.push_back({nullptr, 0, nullptr, 0});
  opterr = 0;
  optind = 1;
  // Options may follow positionals (mkqdisk /dev/sdb -d): collect positionals and go on.
  while (optind < argc) {
    const int k = getopt_long(argc, argv, shorts.c_str(), longs.data(), nullptr);
    if (k == -1) {
      if (optind > 1 && std::string(argv[optind - 1]) == "--") {  // everything after -- is positional
        while (optind < argc) rest.emplace_back(argv[optind++]);
        break;
      }
      if (optind < argc) rest.emplace_back(argv[optind++]);
      continue;
    }
    if (k == '?') {
      std::string bad = optopt ? std::string("-") + static_cast<char>(optopt) : std::string(argv[optind - 1]);
      return usage_error(c, "unknown option '" + bad + "'");
    }
    if (k == ':') {
      // Named as typed: getopt's optopt is a long option's key, its short letter if it has one.
      const std::string typed = argv[optind - 1];
      std::string bad =
          optopt && optopt < 256 && typed.rfind("--", 0) != 0 ? std::string("-") + static_cast<char>(optopt) : typed;
      return usage_error(c, "option '" + bad + "' needs an argument");
    }
    if (k == kHelp) {
      std::cout << help_text(c);
      return 0;
    }
    if (k == kVersion) {
      std::cout << (c.version_name ? c.version_name : c.program) << " " << vmha::version << "\n";
      return 0;
    }
    if (std::string why = on_option(k, optarg); !why.empty()) return usage_error(c, why);
  }
  return -1;
}

}  // namespace vmha::cli
