#include "xml_util.hpp"

namespace vmha::config {

tinyxml2::XMLElement* add_child(tinyxml2::XMLNode* parent, const char* name) {
  auto* element = parent->GetDocument()->NewElement(name);
  parent->InsertEndChild(element);
  return element;
}

void write_cluster_conf_attributes(tinyxml2::XMLElement* element, KeyTable table, const Settings& settings) {
  for (const auto& spec : table) {
    if (spec.cluster_conf.empty()) continue;
    if (auto value = settings.get(spec.key))
      element->SetAttribute(std::string(spec.cluster_conf).c_str(), cluster_conf_value(spec, *value).c_str());
  }
}

void write_options(tinyxml2::XMLElement* element, const Options& options) {
  for (const auto& [name, value] : options) element->SetAttribute(name.c_str(), value.c_str());
}

std::string to_text(const tinyxml2::XMLDocument& document) {
  tinyxml2::XMLPrinter printer;
  document.Print(&printer);
  return printer.CStr();
}

}  // namespace vmha::config
