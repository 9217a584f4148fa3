// Small helpers over tinyxml2 shared by the XML generators.
#pragma once
#include <tinyxml2.h>

#include <string>

#include "settings.hpp"
#include "topology.hpp"

namespace vmha::config {

tinyxml2::XMLElement* add_child(tinyxml2::XMLNode* parent, const char* name);

// Writes every setting that has a cluster.conf attribute, in table order.
void write_cluster_conf_attributes(tinyxml2::XMLElement* element, KeyTable table, const Settings& settings);

void write_options(tinyxml2::XMLElement* element, const Options& options);

std::string to_text(const tinyxml2::XMLDocument& document);

}  // namespace vmha::config
