#include "metadata.hpp"

#include <tinyxml2.h>

#include <array>
#include <cstdlib>
#include <string>

namespace vmha::ocf {
namespace {

using tinyxml2::XMLDocument;
using tinyxml2::XMLElement;

// ra-api-1.dtd enumerates the action names it accepts.
constexpr std::array kOcf10Actions = {"start",        "stop",    "recover", "monitor",     "restart", "migrate_to",
                                      "migrate_from", "promote", "demote",  "notify",      "status",  "reload",
                                      "meta-data",    "usage",   "methods", "validate-all"};

bool ocf10_knows_action(std::string_view name) {
  for (auto a : kOcf10Actions)
    if (name == a) return true;
  return false;
}

std::string content_type(ParamType type, MetadataDialect dialect) {
  switch (type) {
    case ParamType::Integer:
      return "integer";
    case ParamType::Boolean:
      return "boolean";
    case ParamType::Select:
      return dialect == MetadataDialect::Ocf11 ? "select" : "string";
    case ParamType::Time:  // a duration is written as text ("90s", "2m") in every dialect
    case ParamType::String:
      return "string";
  }
  return "string";
}

std::string longdesc_text(const Parameter& p, MetadataDialect dialect) {
  std::string text(p.longdesc);
  if (dialect != MetadataDialect::Ocf11) {
    if (p.type == ParamType::Select && !p.options.empty()) {
      text += " Allowed values:";
      for (size_t i = 0; i < p.options.size(); ++i)
        text += (i ? ", " : " ") + std::string(p.options[i].empty() ? "\"\"" : p.options[i]);
      text += ".";
    }
    if (p.deprecated) {
      text += " Deprecated";
      if (!p.replaced_with.empty()) text += ": use " + std::string(p.replaced_with) + " instead";
      text += ".";
    }
  }
  if (!p.implemented) text += " (Accepted for compatibility; vmha rejects a non-default value.)";
  return text;
}

void add_desc(XMLDocument& doc, XMLElement* parent, const char* tag, std::string_view text) {
  XMLElement* e = doc.NewElement(tag);
  e->SetAttribute("lang", "en");
  e->SetText(std::string(text).c_str());
  parent->InsertEndChild(e);
}

void add_parameter(XMLDocument& doc, XMLElement* params, const Parameter& p, MetadataDialect dialect) {
  XMLElement* e = doc.NewElement("parameter");
  e->SetAttribute("name", std::string(p.name).c_str());
  if (dialect == MetadataDialect::Rgmanager && p.primary) e->SetAttribute("primary", "1");
  e->SetAttribute("required", p.required ? "1" : "0");
  if (dialect == MetadataDialect::Ocf11) {
    if (!p.unique_group.empty()) e->SetAttribute("unique-group", std::string(p.unique_group).c_str());
    if (p.reloadable) e->SetAttribute("reloadable", "1");
  } else {
    e->SetAttribute("unique", (p.unique_group.empty() && !p.primary) ? "0" : "1");
  }
  if (dialect == MetadataDialect::Rgmanager) {
    if (p.inherit) e->SetAttribute("inherit", std::string(p.name).c_str());
    if (p.reconfig) e->SetAttribute("reconfig", "1");
  }
  if (dialect == MetadataDialect::Ocf11 && p.deprecated) {
    XMLElement* dep = doc.NewElement("deprecated");
    if (!p.replaced_with.empty()) {
      XMLElement* rw = doc.NewElement("replaced-with");
      rw->SetAttribute("name", std::string(p.replaced_with).c_str());
      dep->InsertEndChild(rw);
    }
    e->InsertEndChild(dep);
  }
  add_desc(doc, e, "longdesc", longdesc_text(p, dialect));
  add_desc(doc, e, "shortdesc", p.shortdesc);
  XMLElement* content = doc.NewElement("content");
  content->SetAttribute("type", content_type(p.type, dialect).c_str());
  if (!p.default_value.empty()) content->SetAttribute("default", std::string(p.default_value).c_str());
  if (dialect == MetadataDialect::Ocf11 && p.type == ParamType::Select) {
    for (auto opt : p.options) {
      XMLElement* o = doc.NewElement("option");
      o->SetAttribute("value", std::string(opt).c_str());
      content->InsertEndChild(o);
    }
  }
  e->InsertEndChild(content);
  params->InsertEndChild(e);
}

std::string seconds_text(int s, MetadataDialect dialect) {
  return dialect == MetadataDialect::Rgmanager ? std::to_string(s) : std::to_string(s) + "s";
}

void add_action(XMLDocument& doc, XMLElement* actions, const Action& a, MetadataDialect dialect) {
  if (dialect == MetadataDialect::Ocf10 && !ocf10_knows_action(a.name)) return;
  XMLElement* e = doc.NewElement("action");
  e->SetAttribute("name", std::string(a.name).c_str());
  e->SetAttribute("timeout", seconds_text(a.timeout_s, dialect).c_str());
  if (a.interval_s >= 0) e->SetAttribute("interval", seconds_text(a.interval_s, dialect).c_str());
  if (a.depth >= 0) e->SetAttribute("depth", std::to_string(a.depth).c_str());
  actions->InsertEndChild(e);
}

}  // namespace

std::string render_metadata(const AgentSpec& spec, MetadataDialect dialect) {
  XMLDocument doc;
  doc.InsertEndChild(doc.NewDeclaration());
  if (dialect == MetadataDialect::Ocf10)
    doc.InsertEndChild(doc.NewUnknown("DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\""));
  XMLElement* root = doc.NewElement("resource-agent");
  root->SetAttribute("name", std::string(spec.name).c_str());
  root->SetAttribute("version", std::string(spec.version).c_str());
  doc.InsertEndChild(root);

  XMLElement* version = doc.NewElement("version");
  version->SetText(dialect == MetadataDialect::Ocf11 ? "1.1" : "1.0");
  root->InsertEndChild(version);
  add_desc(doc, root, "longdesc", spec.longdesc);
  add_desc(doc, root, "shortdesc", spec.shortdesc);

  XMLElement* params = doc.NewElement("parameters");
  for (const auto& p : spec.parameters) add_parameter(doc, params, p, dialect);
  root->InsertEndChild(params);

  XMLElement* actions = doc.NewElement("actions");
  for (const auto& a : spec.actions) add_action(doc, actions, a, dialect);
  root->InsertEndChild(actions);

  if (dialect == MetadataDialect::Rgmanager && spec.rgmanager) {
    XMLElement* special = doc.NewElement("special");
    special->SetAttribute("tag", "rgmanager");
    XMLElement* attrs = doc.NewElement("attributes");
    attrs->SetAttribute("maxinstances", std::to_string(spec.rgmanager->max_instances).c_str());
    special->InsertEndChild(attrs);
    root->InsertEndChild(special);
  }

  tinyxml2::XMLPrinter printer;
  doc.Print(&printer);
  return std::string(printer.CStr()) + "\n";
}

MetadataDialect dialect_for_caller(const char* version_major, const char* version_minor) {
  if (!version_major || !version_minor) return MetadataDialect::Ocf10;
  int major = std::atoi(version_major);
  int minor = std::atoi(version_minor);
  return (major > 1 || (major == 1 && minor >= 1)) ? MetadataDialect::Ocf11 : MetadataDialect::Ocf10;
}

}  // namespace vmha::ocf
