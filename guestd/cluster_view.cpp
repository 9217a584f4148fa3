#include "cluster_view.hpp"

#include <tinyxml2.h>

#include <cstring>

namespace vmha::guestd {

namespace {

using tinyxml2::XMLElement;

bool is_true(const XMLElement* e, const char* attribute) {
  const char* v = e->Attribute(attribute);
  return v && std::strcmp(v, "true") == 0;
}

// Resources sit directly under <resources> or inside <group>, <clone>, <bundle>.
const XMLElement* find_resource(const XMLElement* parent, const std::string& id) {
  for (const XMLElement* e = parent->FirstChildElement(); e; e = e->NextSiblingElement()) {
    if (std::strcmp(e->Name(), "resource") == 0) {
      const char* rid = e->Attribute("id");
      if (rid && id == rid) return e;
    } else if (const XMLElement* inner = find_resource(e, id)) {
      return inner;
    }
  }
  return nullptr;
}

}  // namespace

ResourceView read_resource_view(const std::string& xml, const std::string& resource, const std::string& node) {
  ResourceView v;
  tinyxml2::XMLDocument doc;
  if (doc.Parse(xml.c_str(), xml.size()) != tinyxml2::XML_SUCCESS) {
    v.problem = std::string("crm_mon's XML does not parse: ") + doc.ErrorStr();
    return v;
  }
  const XMLElement* root = doc.RootElement();
  const XMLElement* resources = root ? root->FirstChildElement("resources") : nullptr;
  if (!resources) {
    v.problem = "crm_mon's XML has no <resources>";
    return v;
  }
  const XMLElement* r = find_resource(resources, resource);
  if (!r) return v;
  v.found = true;
  v.managed = is_true(r, "managed") && !is_true(r, "maintenance");
  for (const XMLElement* n = r->FirstChildElement("node"); n; n = n->NextSiblingElement("node")) {
    const char* name = n->Attribute("name");
    if (name && node == name) v.active_here = is_true(r, "active");
  }
  if (const XMLElement* nodes = root->FirstChildElement("nodes")) {
    for (const XMLElement* n = nodes->FirstChildElement("node"); n; n = n->NextSiblingElement("node")) {
      const char* name = n->Attribute("name");
      if (name && node == name && is_true(n, "maintenance")) v.managed = false;
    }
  }
  if (const XMLElement* summary = root->FirstChildElement("summary")) {
    if (const XMLElement* options = summary->FirstChildElement("cluster_options"))
      if (is_true(options, "maintenance-mode")) v.managed = false;
  }
  return v;
}

}  // namespace vmha::guestd
