#include "options.hpp"

#include <getopt.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace vmha::fence {
namespace {

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string underscored(std::string_view s) {
  std::string out(s);
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

// Names every caller might use for an option: its name, its old name, and its long flag with
// '-' spelled '_' (fencing.py accepts power_timeout= as well as power-timeout=).
bool answers_to(const Option& o, std::string_view raw) {
  const std::string n = underscored(raw);
  return n == o.name || (!o.old_name.empty() && n == o.old_name) ||
         (!o.long_flag.empty() && n == underscored(o.long_flag));
}

std::string store(const Option& o, std::string value, Values& values) {
  if (o.type == ValueType::Boolean) {
    // A boolean given without a value (getopt flag, or "name=" on stdin) means "on".
    if (value.empty()) value = "1";
    auto b = parse_boolean(value);
    if (!b) return "option " + o.name + ": '" + value + "' is not a boolean (1/yes/on/true or 0/no/off/false)";
    value = *b ? "1" : "0";
  }
  values.by_name[o.name] = std::move(value);
  return {};
}

bool is_number(std::string_view s, bool allow_fraction) {
  if (s.empty()) return false;
  char* end = nullptr;
  std::string str(s);
  if (allow_fraction) {
    std::strtod(str.c_str(), &end);
  } else {
    std::strtol(str.c_str(), &end, 10);
  }
  return end && *end == '\0';
}

}  // namespace

std::string Values::get(const std::string& name) const {
  auto it = by_name.find(name);
  return it == by_name.end() ? std::string() : it->second;
}

double Values::seconds(const std::string& name) const { return std::strtod(get(name).c_str(), nullptr); }
long Values::integer(const std::string& name) const { return std::strtol(get(name).c_str(), nullptr, 10); }

const Option* find_option(const OptionTable& table, std::string_view name) {
  for (const auto& o : table)
    if (answers_to(o, name)) return &o;
  return nullptr;
}

std::optional<bool> parse_boolean(std::string_view text) {
  std::string t(text);
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
  if (t == "1" || t == "yes" || t == "on" || t == "true") return true;
  if (t == "0" || t == "no" || t == "off" || t == "false") return false;
  return std::nullopt;
}

ParseResult parse_stdin(const OptionTable& table, std::string_view text) {
  ParseResult r;
  size_t line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    const std::string line = trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    const size_t eq = line.find('=');
    const std::string name = trim(line.substr(0, eq));
    std::string value = eq == std::string::npos ? std::string() : line.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    const Option* o = find_option(table, name);
    if (!o) {
      // Callers pass parameters meant for other agents (nodename=, agent=); that is not an error.
      if (name != "nodename" && name != "agent")
        r.warnings.push_back("Parse error: Ignoring unknown option '" + name + "' (stdin line " +
                             std::to_string(line_no) + ")");
      continue;
    }
    std::string err = store(*o, value, r.values);
    if (!err.empty()) {
      r.error = "stdin line " + std::to_string(line_no) + ": " + err;
      return r;
    }
  }
  return r;
}

ParseResult parse_argv(const OptionTable& table, const std::vector<std::string>& argv) {
  ParseResult r;
  std::string shorts = ":";
  std::vector<option> longs;
  for (size_t i = 0; i < table.size(); ++i) {
    const Option& o = table[i];
    const bool takes_arg = o.type != ValueType::Boolean;
    for (char letter : {o.short_flag, o.old_short_flag}) {
      if (!letter) continue;
      shorts += letter;
      if (takes_arg) shorts += ':';
    }
    if (!o.long_flag.empty())
      longs.push_back(
          {o.long_flag.c_str(), takes_arg ? required_argument : no_argument, nullptr, static_cast<int>(1000 + i)});
  }
  longs.push_back({nullptr, 0, nullptr, 0});

  std::vector<std::string> copy = argv;
  std::vector<char*> args;
  for (auto& a : copy) args.push_back(a.data());
  args.push_back(nullptr);

  optind = 0;  // 0 re-initialises glibc's getopt, so it can run more than once per process
  opterr = 0;
  int c;
  int index = 0;
  while ((c = getopt_long(static_cast<int>(args.size() - 1), args.data(), shorts.c_str(), longs.data(), &index)) !=
         -1) {
    if (c == '?' || c == ':') {
      const std::string which = optopt ? std::string("-") + static_cast<char>(optopt)
                                       : std::string(args[optind - 1] ? args[optind - 1] : "?");
      r.error = c == ':' ? "option " + which + " needs a value" : "unknown option " + which;
      return r;
    }
    const Option* o = nullptr;
    if (c >= 1000) {
      o = &table[static_cast<size_t>(c - 1000)];
    } else {
      for (const auto& t : table)
        if (t.short_flag == c || t.old_short_flag == c) o = &t;
    }
    if (!o) continue;
    std::string value = optarg ? optarg : "";
    if (o->type == ValueType::Boolean) value = "1";
    std::string err = store(*o, value, r.values);
    if (!err.empty()) {
      r.error = err;
      return r;
    }
  }
  if (optind < static_cast<int>(args.size() - 1)) r.error = std::string("unexpected argument '") + args[optind] + "'";
  return r;
}

std::string apply_defaults_and_check(const OptionTable& table, Values& values) {
  for (const auto& o : table) {
    if (!values.has(o.name)) {
      if (!o.default_value.empty()) values.by_name[o.name] = o.default_value;
      continue;
    }
    const std::string& v = values.by_name[o.name];
    if (o.type == ValueType::Integer && !is_number(v, false))
      return "option " + o.name + ": '" + v + "' is not an integer";
    if (o.type == ValueType::Second && !is_number(v, true))
      return "option " + o.name + ": '" + v + "' is not a number of seconds";
  }
  return {};
}

}  // namespace vmha::fence
