#include "help_text.hpp"

#include <set>
#include <sstream>

namespace vmha::ocf {
namespace {

std::string_view type_name(ParamType t) {
  switch (t) {
    case ParamType::String:
      return "string";
    case ParamType::Integer:
      return "integer";
    case ParamType::Boolean:
      return "boolean";
    case ParamType::Select:
      return "select";
    case ParamType::Time:
      return "duration";
  }
  return "string";
}

std::string attributes(const Parameter& p) {
  std::string a(type_name(p.type));
  if (p.required) a += ", required";
  if (p.type == ParamType::Integer) a += " " + std::to_string(p.min_value) + "-" + std::to_string(p.max_value);
  if (!p.default_value.empty()) a += ", default " + std::string(p.default_value);
  if (p.reloadable) a += ", reloadable";
  if (p.deprecated) a += ", deprecated";
  if (!p.implemented) a += ", unsupported";
  if (p.type == ParamType::Select) {
    a += ", one of:";
    for (auto o : p.options) a += " " + std::string(o.empty() ? "\"\"" : o);
  }
  return a;
}

// troff treats a leading '.' or '\'' as a request and '\' as an escape.
std::string troff_escape(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (c == '\\')
      out += "\\e";
    else if (line_start && (c == '.' || c == '\''))
      out += std::string("\\&") + c;
    else
      out += c;
    line_start = (c == '\n');
  }
  return out;
}

}  // namespace

std::string render_help(const AgentSpec& spec, std::string_view invoked_as, std::string_view env_prefix) {
  std::ostringstream out;
  out << "usage: " << invoked_as << " {";
  std::set<std::string_view> listed;  // an action may appear once per depth
  for (const auto& a : spec.actions) {
    if (!listed.insert(a.name).second) continue;
    out << (listed.size() == 1 ? "" : "|") << a.name;
  }
  // manpage is no OCF action (never in the meta-data) but every face answers it.
  out << "|manpage}\n       " << invoked_as << " --help | --version\n\n"
      << spec.shortdesc << "\n\nParameters (environment " << env_prefix << "<name>):\n";
  for (const auto& p : spec.parameters) {
    out << "  " << p.name << " (" << attributes(p) << ")\n      " << p.shortdesc << "\n";
  }
  return out.str();
}

std::string render_manpage(const AgentSpec& spec, std::string_view section) {
  std::ostringstream out;
  out << ".TH " << spec.name << " " << section << " \"\" \"vmha " << spec.version << "\" \"vmha\"\n"
      << ".SH NAME\n"
      << spec.name << " \\- " << troff_escape(spec.shortdesc) << "\n"
      << ".SH DESCRIPTION\n"
      << troff_escape(spec.longdesc) << "\n"
      << ".SH PARAMETERS\n";
  for (const auto& p : spec.parameters) {
    out << ".TP\n.B " << p.name << "\n(" << troff_escape(attributes(p)) << ") " << troff_escape(p.longdesc) << "\n";
  }
  out << ".SH ACTIONS\n";
  for (const auto& a : spec.actions) {
    out << ".TP\n.B " << a.name << "\ntimeout " << a.timeout_s << " s";
    if (a.interval_s >= 0) out << ", interval " << a.interval_s << " s";
    if (a.depth >= 0) out << ", depth " << a.depth;
    out << "\n";
  }
  return out.str();
}

}  // namespace vmha::ocf
