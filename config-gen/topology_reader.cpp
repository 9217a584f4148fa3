#include "topology_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <functional>

#include "keys.hpp"
#include "suggest.hpp"
#include "text.hpp"
#include "yaml_guard.hpp"

namespace vmha::config {

namespace {

Mark mark_of(const YAML::Node& node) {
  auto m = node.Mark();
  if (m.is_null()) return {};
  return {m.line + 1, m.column + 1};
}

using ExtraHandler = std::function<void(const YAML::Node& value)>;
struct Extra {
  std::string key;
  ExtraHandler handle;
};

class Reader {
 public:
  explicit Reader(Diagnostics& diagnostics) : d_(diagnostics) {}

  void read_root(const YAML::Node& root, Topology& t) {
    if (!root.IsMap()) {
      d_.error(mark_of(root), "a topology must be a mapping with the keys cluster, nodes, ...");
      return;
    }
    Settings unused;
    bool seen_cluster = false;
    read_map(
        root, {}, unused, "topology",
        {{"cluster",
          [&](const YAML::Node& v) {
            seen_cluster = true;
            read_cluster(v, t);
          }},
         {"quorum", [&](const YAML::Node& v) { read_quorum(v, t); }},
         {"fence_devices",
          [&](const YAML::Node& v) { read_list(v, "fence_devices", t.fence_devices, &Reader::read_fence_device); }},
         {"nodes", [&](const YAML::Node& v) { read_list(v, "nodes", t.nodes, &Reader::read_node); }},
         {"failover_domains",
          [&](const YAML::Node& v) { read_list(v, "failover_domains", t.domains, &Reader::read_domain); }},
         {"guests", [&](const YAML::Node& v) { read_list(v, "guests", t.guests, &Reader::read_guest); }},
         {"storage", [&](const YAML::Node& v) {
            t.storage_mark = mark_of(v);
            read_map(v, keys::storage, t.storage, "storage");
          }}});
    if (!seen_cluster) d_.error(mark_of(root), "topology is missing required key 'cluster'");
  }

 private:
  Diagnostics& d_;

  // Reads the scalar keys of `table` into `out`, hands the keys of `extras` to their handler,
  // and reports unknown keys (with the nearest known key) and missing required keys.
  void read_map(const YAML::Node& map, KeyTable table, Settings& out, std::string_view what,
                const std::vector<Extra>& extras = {}) {
    if (!map.IsMap()) {
      d_.error(mark_of(map), std::string(what) + " must be a mapping of key: value");
      return;
    }
    for (auto it = map.begin(); it != map.end(); ++it) {
      YAML::Node key_node = it->first;
      YAML::Node value = it->second;
      std::string key = key_node.IsScalar() ? key_node.Scalar() : "";
      if (const KeySpec* spec = find_key(table, key)) {
        read_scalar(*spec, key_node, value, out, what);
        continue;
      }
      auto extra = std::find_if(extras.begin(), extras.end(), [&](const Extra& e) { return e.key == key; });
      if (extra != extras.end()) {
        extra->handle(value);
        continue;
      }
      std::vector<std::string> known;
      for (const auto& spec : table) known.emplace_back(spec.key);
      for (const auto& e : extras) known.push_back(e.key);
      std::string message = "unknown key '" + printable(key) + "' in " + std::string(what);
      if (auto suggestion = closest(key, known)) message += "; did you mean '" + *suggestion + "'?";
      d_.error(mark_of(key_node), message);
    }
    for (const auto& spec : table)
      if (spec.required && !out.has(spec.key) && !map[std::string(spec.key)])
        d_.error(mark_of(map), std::string(what) + " is missing required key '" + std::string(spec.key) + "'");
  }

  void read_scalar(const KeySpec& spec, const YAML::Node& key_node, const YAML::Node& value, Settings& out,
                   std::string_view what) {
    std::string where = "'" + std::string(spec.key) + "' of " + std::string(what);
    if (!value.IsScalar()) {
      Mark where_mark = value.IsNull() ? mark_of(key_node) : mark_of(value);
      d_.error(where_mark, where + " needs a single value");
      return;
    }
    std::string why;
    if (auto normal = normalize(spec, value.Scalar(), why)) {
      out.set(std::string(spec.key), *normal, mark_of(value));
    } else {
      d_.error(mark_of(value), where + ": " + why);
    }
  }

  template <typename T>
  void read_list(const YAML::Node& seq, std::string_view what, std::vector<T>& out,
                 void (Reader::*read_item)(const YAML::Node&, T&)) {
    if (!seq.IsSequence()) {
      d_.error(mark_of(seq), std::string(what) + " must be a list (items start with '- ')");
      return;
    }
    for (const auto& item : seq) {
      T value;
      value.mark = mark_of(item);
      (this->*read_item)(item, value);
      out.push_back(std::move(value));
    }
  }

  // `reserved`: the names a generator writes itself (fence options); such options must also be
  // names an XML attribute can have.
  void read_options(const YAML::Node& map, std::string_view what, Options& out, bool integers_only = false,
                    const std::span<const std::string_view>* reserved = nullptr) {
    if (!map.IsMap()) {
      d_.error(mark_of(map), std::string(what) + " must be a mapping of name: value");
      return;
    }
    for (auto it = map.begin(); it != map.end(); ++it) {
      std::string name = it->first.IsScalar() ? it->first.Scalar() : "";
      if (!it->second.IsScalar()) {
        d_.error(mark_of(it->first), "'" + printable(name) + "' of " + std::string(what) + " needs a single value");
        continue;
      }
      if (reserved) {
        if (!is_option_name(name)) {
          d_.error(mark_of(it->first),
                   "option name '" + printable(name) + "' of " + std::string(what) +
                       " must be 1-64 letters, digits, _ . - with a letter or _ first (not xml...)");
          continue;
        }
        if (std::find(reserved->begin(), reserved->end(), name) != reserved->end()) {
          d_.error(mark_of(it->first),
                   "option '" + name + "' of " + std::string(what) + " is written by vmha-config itself" +
                       (name == "passwd" || name == "password" ? "; give the password as password:" : ""));
          continue;
        }
      }
      std::string value = it->second.Scalar();
      if (integers_only) {
        KeySpec number{"", Kind::Int, {}, false, {}, 0, 0, {}};
        std::string why;
        if (!normalize(number, value, why)) {
          d_.error(mark_of(it->second), "'" + printable(name) + "' of " + std::string(what) + ": " + why);
          continue;
        }
      }
      out.emplace_back(name, value);
    }
  }

  void read_cluster(const YAML::Node& map, Topology& t) {
    read_map(map, keys::cluster, t.cluster, "cluster",
             {{"fence_daemon",
               [&](const YAML::Node& v) { read_map(v, keys::fence_daemon, t.fence_daemon, "fence_daemon"); }},
              {"limits", [&](const YAML::Node& v) { read_map(v, keys::limits, t.limits, "limits"); }}});
  }

  void read_quorum(const YAML::Node& map, Topology& t) {
    read_map(map, keys::quorum, t.quorum, "quorum", {{"disk", [&](const YAML::Node& v) {
                                                        t.quorum_disk.emplace();
                                                        t.quorum_disk->mark = mark_of(v);
                                                        read_disk(v, *t.quorum_disk);
                                                      }}});
  }

  void read_disk(const YAML::Node& map, QuorumDisk& disk) {
    read_map(map, keys::quorum_disk, disk.settings, "quorum disk",
             {{"heuristics",
               [&](const YAML::Node& v) { read_list(v, "heuristics", disk.heuristics, &Reader::read_heuristic); }}});
  }

  void read_heuristic(const YAML::Node& map, Heuristic& h) { read_map(map, keys::heuristic, h.settings, "heuristic"); }

  void read_fence_device(const YAML::Node& map, FenceDevice& device) {
    read_map(map, keys::fence_device, device.settings, "fence device",
             {{"password", [&](const YAML::Node& v) { read_secret(v, device.password); }},
              {"options", [&](const YAML::Node& v) {
                 read_options(v, "fence device options", device.options, false, &keys::reserved_device_options);
               }}});
  }

  void read_secret(const YAML::Node& value, Secret& secret) {
    secret.mark = mark_of(value);
    if (value.IsScalar()) {
      secret.source = Secret::Source::Inline;
      secret.value = value.Scalar();
      return;
    }
    Settings reference;
    static constexpr KeySpec kReference[] = {
        {"file", Kind::String, {}, false, {}, 0, 0, "read the password from this file"},
        {"env", Kind::String, {}, false, {}, 0, 0, "read it from this environment variable"}};
    read_map(value, KeyTable{kReference}, reference, "password");
    if (reference.has("file") == reference.has("env")) {
      d_.error(secret.mark, "password must be a string, {file: PATH} or {env: VARIABLE}");
      return;
    }
    secret.source = reference.has("file") ? Secret::Source::File : Secret::Source::Environment;
    secret.reference = reference.has("file") ? *reference.get("file") : *reference.get("env");
  }

  void read_node(const YAML::Node& map, Node& node) {
    read_map(map, keys::node, node.settings, "node",
             {{"addresses", [&](const YAML::Node& v) { read_addresses(v, node.addresses); }},
              {"utilization", [&](const YAML::Node& v) { read_options(v, "utilization", node.utilization, true); }},
              {"reserve", [&](const YAML::Node& v) { read_options(v, "reserve", node.reserve, true); }},
              {"fencing", [&](const YAML::Node& v) { read_list(v, "fencing", node.fencing, &Reader::read_method); }}});
  }

  void read_addresses(const YAML::Node& value, std::vector<std::string>& out) {
    if (!value.IsScalar() && !value.IsSequence()) {
      d_.error(mark_of(value), "addresses must be an address or a list of addresses");
      return;
    }
    std::vector<YAML::Node> items;
    if (value.IsScalar())
      items.push_back(value);
    else
      for (const auto& item : value) items.push_back(item);
    for (const auto& item : items) {
      if (!item.IsScalar()) {
        d_.error(mark_of(item), "an address must be a single value");
        continue;
      }
      // corosync.conf ringN_addr
      if (auto problem = corosync_value_problem(item.Scalar()); !problem.empty() || item.Scalar().empty())
        d_.error(mark_of(item),
                 "address '" + printable(item.Scalar()) + "' " + (problem.empty() ? "is empty" : problem));
      else
        out.push_back(item.Scalar());
    }
  }

  void read_method(const YAML::Node& map, FenceMethod& method) {
    read_map(
        map, keys::fence_method, method.settings, "fence method",
        {{"devices", [&](const YAML::Node& v) { read_list(v, "devices", method.devices, &Reader::read_device_use); }}});
  }

  void read_device_use(const YAML::Node& value, FenceDeviceUse& use) {
    if (value.IsScalar()) {  // shorthand: just the device name
      use.settings.set("device", value.Scalar(), mark_of(value));
      return;
    }
    read_map(value, keys::fence_device_use, use.settings, "fence method device",
             {{"options", [&](const YAML::Node& v) {
                 read_options(v, "device options", use.options, false, &keys::reserved_use_options);
               }}});
  }

  void read_domain(const YAML::Node& map, Domain& domain) {
    read_map(
        map, keys::domain, domain.settings, "failover domain",
        {{"nodes", [&](const YAML::Node& v) { read_list(v, "domain nodes", domain.members, &Reader::read_member); }}});
  }

  void read_member(const YAML::Node& value, DomainMember& member) {
    if (value.IsScalar()) {  // shorthand: just the node name
      member.settings.set("node", value.Scalar(), mark_of(value));
      return;
    }
    read_map(value, keys::domain_member, member.settings, "failover domain member");
  }

  void read_guest(const YAML::Node& map, Guest& guest) {
    read_map(map, keys::guest, guest.settings, "guest",
             {{"utilization", [&](const YAML::Node& v) { read_options(v, "utilization", guest.utilization, true); }},
              {"start_after", [&](const YAML::Node& v) { read_names(v, "start_after", guest.start_after); }}});
  }

  void read_names(const YAML::Node& value, std::string_view what, std::vector<std::pair<std::string, Mark>>& out) {
    if (!value.IsSequence()) {
      d_.error(mark_of(value), std::string(what) + " must be a list of guest names, e.g. [db1, db2]");
      return;
    }
    for (const auto& item : value) {
      if (!item.IsScalar() || item.Scalar().empty())
        d_.error(mark_of(item), std::string(what) + ": each item is one guest name");
      else
        out.emplace_back(item.Scalar(), mark_of(item));
    }
  }
};

}  // namespace

ReadResult read_topology(const std::string& yaml_text) {
  ReadResult result;
  if (!guard_yaml(yaml_text, result.diagnostics)) return result;
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    Mark mark = e.mark.is_null() ? Mark{} : Mark{e.mark.line + 1, e.mark.column + 1};
    result.diagnostics.error(mark, "YAML syntax: " + e.msg);
    return result;
  }
  if (!root.IsDefined() || root.IsNull()) {
    result.diagnostics.error({1, 1}, "the topology is empty; it needs at least cluster and nodes");
    return result;
  }
  Reader(result.diagnostics).read_root(root, result.topology);
  return result;
}

}  // namespace vmha::config
