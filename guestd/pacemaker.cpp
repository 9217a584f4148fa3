#include "pacemaker.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "ocf/child_process.hpp"

namespace vmha::guestd {

namespace {

Deadline soon() { return Deadline::at(Deadline::Clock::now() + std::chrono::seconds(15)); }

}  // namespace

std::optional<std::string> pacemaker_node_name() {
  auto r = ocf::run_child({"crm_node", "-n"}, soon());
  if (!r.succeeded()) return std::nullopt;
  std::string name = r.output;
  while (!name.empty() && (name.back() == '\n' || name.back() == ' ')) name.pop_back();
  if (name.empty() || name.find('\n') != std::string::npos) return std::nullopt;
  return name;
}

std::string crm_mon_xml(const std::string& scratch, std::string* problem) {
  // Through a file: run_child keeps only the last 4 KiB of output, too little for a whole cluster.
  std::remove(scratch.c_str());
  auto r = ocf::run_child({"crm_mon", "-1", "--output-as=xml", "--output-to=" + scratch}, soon());
  std::ifstream in(scratch);
  std::ostringstream xml;
  xml << in.rdbuf();
  std::remove(scratch.c_str());
  if (!r.succeeded() || xml.str().empty()) {
    *problem = "crm_mon " + r.describe();
    return "";
  }
  return xml.str();
}

ResourceView pacemaker_view(const std::string& resource, const std::string& node, const std::string& scratch) {
  ResourceView v;
  std::string xml = crm_mon_xml(scratch, &v.problem);
  if (xml.empty()) return v;
  return read_resource_view(xml, resource, node);
}

std::string report_failure(const std::string& resource, const std::string& node) {
  auto r = ocf::run_child({"crm_resource", "--fail", "-r", resource, "-N", node}, soon());
  if (r.succeeded()) return "";
  return "crm_resource --fail " + r.describe() + ": " + r.output;
}

}  // namespace vmha::guestd
