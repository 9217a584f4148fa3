#include "domain_xml.hpp"

#include <tinyxml2.h>

#include <cstring>

namespace vmha::agents {

std::optional<DomainDescription> parse_domain_xml(std::string_view xml, std::string* error) {
  tinyxml2::XMLDocument doc;
  if (doc.Parse(xml.data(), xml.size()) != tinyxml2::XML_SUCCESS) {
    if (error) *error = std::string("not well-formed XML: ") + (doc.ErrorStr() ? doc.ErrorStr() : "");
    return std::nullopt;
  }
  const tinyxml2::XMLElement* domain = doc.FirstChildElement("domain");
  if (!domain) {
    if (error) *error = "no <domain> element";
    return std::nullopt;
  }
  DomainDescription d;
  if (const char* type = domain->Attribute("type")) d.hypervisor_type = type;
  const tinyxml2::XMLElement* name = domain->FirstChildElement("name");
  if (!name || !name->GetText() || !*name->GetText()) {
    if (error) *error = "no <name> in <domain>";
    return std::nullopt;
  }
  d.name = name->GetText();
  if (const tinyxml2::XMLElement* devices = domain->FirstChildElement("devices")) {
    if (const auto* emu = devices->FirstChildElement("emulator"); emu && emu->GetText()) d.emulator = emu->GetText();
    for (const auto* ch = devices->FirstChildElement("channel"); ch; ch = ch->NextSiblingElement("channel")) {
      const auto* target = ch->FirstChildElement("target");
      const char* tname = target ? target->Attribute("name") : nullptr;
      if (tname && std::strcmp(tname, "org.qemu.guest_agent.0") == 0) d.has_guest_agent_channel = true;
    }
    for (const auto* nic = devices->FirstChildElement("interface"); nic; nic = nic->NextSiblingElement("interface")) {
      const char* type = nic->Attribute("type");
      const auto* src = nic->FirstChildElement("source");
      if (type && std::strcmp(type, "network") == 0 && src && src->Attribute("network"))
        d.networks.emplace_back(src->Attribute("network"));
    }
    for (const auto* disk = devices->FirstChildElement("disk"); disk; disk = disk->NextSiblingElement("disk")) {
      const auto* src = disk->FirstChildElement("source");
      if (src && src->Attribute("pool")) d.storage_pools.emplace_back(src->Attribute("pool"));
      const char* path = src ? (src->Attribute("file") ? src->Attribute("file") : src->Attribute("dev")) : nullptr;
      if (path && *path && !disk->FirstChildElement("readonly")) d.leased_disks.emplace_back(path);
    }
    for (const auto* l = devices->FirstChildElement("lease"); l; l = l->NextSiblingElement("lease")) ++d.lease_elements;
  }
  return d;
}

}  // namespace vmha::agents
