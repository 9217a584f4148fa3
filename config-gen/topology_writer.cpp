#include "topology_writer.hpp"

#include <yaml-cpp/yaml.h>

#include "keys.hpp"

namespace vmha::config {

namespace {

void settings(YAML::Emitter& out, KeyTable table, const Settings& values) {
  for (const auto& spec : table)
    if (auto value = values.get(spec.key)) out << YAML::Key << std::string(spec.key) << YAML::Value << *value;
}

void options(YAML::Emitter& out, const char* key, const Options& values) {
  if (values.empty()) return;
  out << YAML::Key << key << YAML::Value << YAML::BeginMap;
  for (const auto& [name, value] : values) out << YAML::Key << name << YAML::Value << value;
  out << YAML::EndMap;
}

void password(YAML::Emitter& out, const Secret& secret) {
  switch (secret.source) {
    case Secret::Source::None:
      return;
    case Secret::Source::Inline:
      out << YAML::Key << "password" << YAML::Value << secret.value;
      return;
    case Secret::Source::File:
    case Secret::Source::Environment:
      out << YAML::Key << "password" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
          << (secret.source == Secret::Source::File ? "file" : "env") << YAML::Value << secret.reference
          << YAML::EndMap;
      return;
  }
}

}  // namespace

std::string write_topology(const Topology& t, const std::string& header_comment) {
  YAML::Emitter out;
  if (!header_comment.empty()) out << YAML::Comment(header_comment);
  out << YAML::BeginMap;

  out << YAML::Key << "cluster" << YAML::Value << YAML::BeginMap;
  settings(out, keys::cluster, t.cluster);
  if (!t.fence_daemon.all().empty()) {
    out << YAML::Key << "fence_daemon" << YAML::Value << YAML::BeginMap;
    settings(out, keys::fence_daemon, t.fence_daemon);
    out << YAML::EndMap;
  }
  if (!t.limits.all().empty()) {
    out << YAML::Key << "limits" << YAML::Value << YAML::Flow << YAML::BeginMap;
    settings(out, keys::limits, t.limits);
    out << YAML::EndMap;
  }
  out << YAML::EndMap;

  if (!t.quorum.all().empty() || t.quorum_disk) {
    out << YAML::Key << "quorum" << YAML::Value << YAML::BeginMap;
    settings(out, keys::quorum, t.quorum);
    if (t.quorum_disk) {
      out << YAML::Key << "disk" << YAML::Value << YAML::BeginMap;
      settings(out, keys::quorum_disk, t.quorum_disk->settings);
      if (!t.quorum_disk->heuristics.empty()) {
        out << YAML::Key << "heuristics" << YAML::Value << YAML::BeginSeq;
        for (const auto& h : t.quorum_disk->heuristics) {
          out << YAML::BeginMap;
          settings(out, keys::heuristic, h.settings);
          out << YAML::EndMap;
        }
        out << YAML::EndSeq;
      }
      out << YAML::EndMap;
    }
    out << YAML::EndMap;
  }

  if (!t.fence_devices.empty()) {
    out << YAML::Key << "fence_devices" << YAML::Value << YAML::BeginSeq;
    for (const auto& device : t.fence_devices) {
      out << YAML::BeginMap;
      settings(out, keys::fence_device, device.settings);
      password(out, device.password);
      options(out, "options", device.options);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }

  out << YAML::Key << "nodes" << YAML::Value << YAML::BeginSeq;
  for (const auto& node : t.nodes) {
    out << YAML::BeginMap;
    settings(out, keys::node, node.settings);
    if (!node.addresses.empty()) out << YAML::Key << "addresses" << YAML::Value << YAML::Flow << node.addresses;
    options(out, "utilization", node.utilization);
    options(out, "reserve", node.reserve);
    if (!node.fencing.empty()) {
      out << YAML::Key << "fencing" << YAML::Value << YAML::BeginSeq;
      for (const auto& method : node.fencing) {
        out << YAML::BeginMap;
        settings(out, keys::fence_method, method.settings);
        out << YAML::Key << "devices" << YAML::Value << YAML::BeginSeq;
        for (const auto& use : method.devices) {
          out << YAML::BeginMap;
          settings(out, keys::fence_device_use, use.settings);
          options(out, "options", use.options);
          out << YAML::EndMap;
        }
        out << YAML::EndSeq << YAML::EndMap;
      }
      out << YAML::EndSeq;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;

  if (!t.domains.empty()) {
    out << YAML::Key << "failover_domains" << YAML::Value << YAML::BeginSeq;
    for (const auto& domain : t.domains) {
      out << YAML::BeginMap;
      settings(out, keys::domain, domain.settings);
      out << YAML::Key << "nodes" << YAML::Value << YAML::BeginSeq;
      for (const auto& member : domain.members) {
        out << YAML::Flow << YAML::BeginMap;
        settings(out, keys::domain_member, member.settings);
        out << YAML::EndMap;
      }
      out << YAML::EndSeq << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }

  if (!t.guests.empty()) {
    out << YAML::Key << "guests" << YAML::Value << YAML::BeginSeq;
    for (const auto& guest : t.guests) {
      out << YAML::BeginMap;
      settings(out, keys::guest, guest.settings);
      options(out, "utilization", guest.utilization);
      if (!guest.start_after.empty()) {
        out << YAML::Key << "start_after" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const auto& [name, mark] : guest.start_after) out << name;
        out << YAML::EndSeq;
      }
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }

  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace vmha::config
