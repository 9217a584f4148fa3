#include "canonical_xml.hpp"

#include <tinyxml2.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <vector>

#include "xml_guard.hpp"

namespace vmha::config {

namespace {

std::string canonical(const tinyxml2::XMLElement* e, int depth) {
  std::map<std::string, std::string> attributes;
  for (const auto* a = e->FirstAttribute(); a; a = a->Next()) attributes[a->Name()] = a->Value();
  std::vector<std::string> children;
  for (const auto* child = e->FirstChildElement(); child; child = child->NextSiblingElement()) {
    std::string text = canonical(child, depth + 1);
    if (!text.empty()) children.push_back(std::move(text));
  }
  if (attributes.empty() && children.empty()) return "";
  if (std::strcmp(e->Name(), "fence") != 0) std::sort(children.begin(), children.end());
  std::string out(static_cast<std::size_t>(depth) * 2, ' ');
  out += "<" + std::string(e->Name());
  for (const auto& [name, value] : attributes) out += " " + name + "=\"" + value + "\"";
  out += ">\n";
  for (const auto& child : children) out += child;
  return out;
}

}  // namespace

std::optional<std::string> canonical_cluster_conf(const std::string& xml_text, std::string& error, int* error_line) {
  if (Diagnostics bounds; !guard_xml(xml_text, bounds)) {
    error = "line " + std::to_string(bounds.errors().front().mark.line) + ": " + bounds.errors().front().message;
    if (error_line) *error_line = bounds.errors().front().mark.line;
    return std::nullopt;
  }
  tinyxml2::XMLDocument document;
  if (document.Parse(xml_text.c_str(), xml_text.size()) != tinyxml2::XML_SUCCESS || !document.RootElement()) {
    error = "line " + std::to_string(document.ErrorLineNum()) + ": " + document.ErrorStr();
    if (error_line) *error_line = document.ErrorLineNum();
    return std::nullopt;
  }
  return canonical(document.RootElement(), 0);
}

}  // namespace vmha::config
