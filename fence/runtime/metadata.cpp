#include "metadata.hpp"

#include <sstream>

namespace vmha::fence {
namespace {

const char* type_name(ValueType t) {
  switch (t) {
    case ValueType::Boolean:
      return "boolean";
    case ValueType::Second:
      return "second";
    case ValueType::Integer:
      return "integer";
    case ValueType::String:
      break;
  }
  return "string";
}

std::string getopt_mixed(const Option& o) {
  std::string s;
  if (o.short_flag) s += std::string("-") + o.short_flag;
  if (!o.long_flag.empty()) {
    if (!s.empty()) s += ", ";
    s += "--" + o.long_flag;
    if (o.type != ValueType::Boolean && !o.arg_label.empty()) s += "=" + o.arg_label;
  } else if (o.short_flag && o.type != ValueType::Boolean && !o.arg_label.empty()) {
    s += " " + o.arg_label;
  }
  return s;
}

void parameter(std::ostringstream& x, const Option& o, const std::string& name, const std::string& extra) {
  x << "\t<parameter name=\"" << xml_escape(name) << "\" unique=\"0\" required=\"" << (o.required ? 1 : 0) << "\""
    << extra << ">\n";
  x << "\t\t<getopt mixed=\"" << xml_escape(getopt_mixed(o)) << "\" />\n";
  x << "\t\t<content type=\"" << type_name(o.type) << "\"";
  if (!o.default_value.empty()) x << " default=\"" << xml_escape(o.default_value) << "\"";
  x << " />\n";
  x << "\t\t<shortdesc lang=\"en\">" << xml_escape(o.shortdesc) << "</shortdesc>\n";
  x << "\t</parameter>\n";
}

}  // namespace

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string metadata_xml(const AgentInfo& a) {
  std::ostringstream x;
  x << "<?xml version=\"1.0\" ?>\n";
  x << "<resource-agent name=\"" << xml_escape(a.name) << "\" shortdesc=\"" << xml_escape(a.shortdesc) << "\">\n";
  for (const auto& s : a.symlinks)
    x << "<symlink name=\"" << xml_escape(s) << "\" shortdesc=\"" << xml_escape(a.shortdesc) << "\"/>\n";
  x << "<longdesc>" << xml_escape(a.longdesc) << "</longdesc>\n";
  x << "<vendor-url>" << xml_escape(a.vendor_url) << "</vendor-url>\n";
  x << "<parameters>\n";
  for (const auto& o : *a.options) {
    if (o.hidden_in_metadata) continue;
    // A renamed option is advertised twice, as fence-agents does: the old name marked
    // deprecated, the new one naming what it obsoletes, so old configurations keep validating.
    if (!o.old_name.empty()) {
      Option old = o;  // the old spelling has its own getopt letter when it had one
      if (o.old_short_flag) {
        old.short_flag = o.old_short_flag;
        old.long_flag.clear();
      }
      parameter(x, old, o.old_name, " deprecated=\"1\"");
      parameter(x, o, o.name, " obsoletes=\"" + xml_escape(o.old_name) + "\"");
    } else {
      parameter(x, o, o.name, o.deprecated ? " deprecated=\"1\"" : "");
    }
  }
  x << "</parameters>\n<actions>\n";
  for (const auto& act : a.actions) {
    x << "\t<action name=\"" << xml_escape(act) << "\"";
    if (act == "on") x << " automatic=\"0\"";
    x << " />\n";
  }
  x << "</actions>\n</resource-agent>\n";
  return x.str();
}

std::string manpage_text(const AgentInfo& a) {
  std::ostringstream m;
  m << "NAME\n  " << a.name << " - " << a.shortdesc << "\n\nDESCRIPTION\n  " << a.longdesc << "\n\nOPTIONS\n";
  for (const auto& o : *a.options) {
    if (o.hidden_in_metadata) continue;
    m << "  " << getopt_mixed(o) << "\n      " << o.shortdesc;
    if (!o.default_value.empty()) m << " (default " << o.default_value << ")";
    m << "\n      stdin: " << o.name;
    if (!o.old_name.empty()) m << " (or " << o.old_name << ")";
    m << "\n";
  }
  m << "\nACTIONS\n ";
  for (const auto& act : a.actions) m << " " << act;
  m << "\n";
  return m.str();
}

}  // namespace vmha::fence
