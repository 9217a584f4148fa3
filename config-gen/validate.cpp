#include "validate.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "suggest.hpp"
#include "utilization.hpp"

namespace vmha::config {

bool is_xml_id(const std::string& name) {
  if (name.empty()) return false;
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!letter(name[0])) return false;
  for (char c : name)
    if (!letter(c) && !(c >= '0' && c <= '9') && c != '.' && c != '-') return false;
  return true;
}

namespace {

bool is_identifier(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

template <typename T>
std::vector<std::string> names_of(const std::vector<T>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(item.name());
  return out;
}

// "unknown WHAT 'NAME' CONTEXT; did you mean 'X'?"
std::string unknown(const std::string& what, const std::string& name, const std::vector<std::string>& known,
                    const std::string& context) {
  std::string message = "unknown " + what + " '" + name + "' " + context;
  if (auto suggestion = closest(name, known)) message += "; did you mean '" + *suggestion + "'?";
  return message;
}

class Checker {
 public:
  Checker(const Topology& t, Diagnostics& d, Diagnostics* warnings, ValidateOptions options)
      : t_(t), d_(d), w_(warnings ? *warnings : ignored_), options_(options) {}

  void run() {
    check_nodes();
    check_remote_hosts();
    check_fence_devices();
    check_quorum();
    check_domains();
    check_guests();
    check_start_order();
    check_utilization();
    check_reserve();
    check_fencing();
    check_storage();
  }

 private:
  const Topology& t_;
  Diagnostics& d_;
  Diagnostics ignored_;
  Diagnostics& w_;
  ValidateOptions options_;

  void check_nodes() {
    if (t_.nodes.empty()) d_.error({}, "the topology has no nodes");
    std::map<std::string, const Node*> by_name;
    std::map<long, const Node*> by_id;
    for (const auto& node : t_.nodes) {
      if (node.name().empty()) continue;
      if (auto [it, fresh] = by_name.emplace(node.name(), &node); !fresh)
        d_.error(node.settings.mark_of("name"), "duplicate node name '" + node.name() + "'");
      if (node.settings.has("id"))
        if (auto [it, fresh] = by_id.emplace(node.id(), &node); !fresh)
          d_.error(node.settings.mark_of("id"),
                   "duplicate node id " + std::to_string(node.id()) + " (also node '" + it->second->name() + "')");
      if (node.fencing.size() > 9) d_.error(node.mark, "node '" + node.name() + "' has more than 9 fence methods");
      std::set<std::string> method_names;
      for (const auto& method : node.fencing) {
        auto name = method.settings.get_or("method", "");
        if (!name.empty() && !method_names.insert(name).second)
          d_.error(method.settings.mark_of("method"),
                   "duplicate fence method '" + name + "' on node '" + node.name() + "'");
        if (method.devices.empty()) d_.error(method.mark, "fence method '" + name + "' has no devices");
        for (const auto& use : method.devices)
          if (!use.device().empty() && !t_.find_fence_device(use.device()))
            d_.error(use.settings.mark_of("device"),
                     unknown("fence device", use.device(), names_of(t_.fence_devices),
                             "in fence method '" + name + "' (not defined in fence_devices)"));
      }
    }
  }

  // Corosync's membership stays small; a larger site runs the rest of its hosts as pacemaker_remote
  // nodes. The figure: Pacemaker Remote's documentation (doc/sphinx/Pacemaker_Remote/intro.rst, "the
  // full cluster stack ... up to 32 nodes") and Red Hat's support limit of 32 members since RHEL 7.7
  // and 8.1, remote nodes not counted.
  static constexpr std::size_t kMaxMembers = 32;

  void check_remote_hosts() {
    const auto members = t_.members();
    if (members.size() > kMaxMembers)
      d_.error(members[kMaxMembers]->mark, "the topology has " + std::to_string(members.size()) +
                                               " full members; corosync is tested with at most " +
                                               std::to_string(kMaxMembers) + ": make the rest `remote: true`");
    if (members.empty() && !t_.nodes.empty())
      d_.error(t_.nodes.front().mark,
               "every host is `remote: true`: remote hosts need at least one full member to run their connection");
    std::set<std::string> resource_names;
    for (const auto& guest : t_.guests) resource_names.insert(guest.name());
    for (const auto& device : t_.fence_devices) resource_names.insert(device.name());
    for (const auto& node : t_.nodes) {
      if (!node.remote()) {
        if (node.settings.has("remote_port"))
          w_.error(node.settings.mark_of("remote_port"), "remote_port of node '" + node.name() +
                                                             "' has no effect without `remote: true` (a member "
                                                             "talks corosync)");
        continue;
      }
      const std::string where = "remote host '" + node.name() + "'";
      // Its name is the id of its connection resource.
      if (!is_xml_id(node.name()))
        d_.error(node.settings.mark_of("name"),
                 where +
                     ": the name must start with a letter or _ and contain only letters, digits, _ . - (it is "
                     "the id of its ocf:pacemaker:remote resource)");
      if (resource_names.count(node.name()))
        d_.error(node.settings.mark_of("name"),
                 where + " has the name of a guest or fence device: its connection resource needs that id");
      if (node.settings.has("votes"))
        d_.error(node.settings.mark_of("votes"), where + " has no quorum vote: remove votes");
      if (node.addresses.size() > 1)
        d_.error(node.mark, where + " has " + std::to_string(node.addresses.size()) +
                                " addresses; pacemaker-remoted is reached at one (ocf:pacemaker:remote server)");
    }
  }

  void check_fence_devices() {
    std::set<std::string> seen;
    for (const auto& device : t_.fence_devices) {
      if (device.name().empty()) continue;
      if (!is_xml_id(device.name()))
        d_.error(device.settings.mark_of("name"),
                 "fence device name '" + device.name() +
                     "' must start with a letter or _ and contain only letters, digits, _ . -");
      if (!seen.insert(device.name()).second)
        d_.error(device.settings.mark_of("name"), "duplicate fence device '" + device.name() + "'");
    }
  }

  void check_quorum() {
    auto two_node = t_.quorum.get_bool("two_node");
    if (two_node.value_or(false) && t_.members().size() != 2)
      d_.error(t_.quorum.mark_of("two_node"), std::string("two_node needs exactly 2 ") +
                                                  (t_.has_remote_hosts() ? "full members" : "nodes") +
                                                  "; the topology has " + std::to_string(t_.members().size()));
    auto transport = t_.cluster.get_or("transport", "knet");
    if (t_.cluster.get_bool("crypto").value_or(false) && transport != "knet")
      d_.error(t_.cluster.mark_of("crypto"), "crypto needs transport knet (corosync encrypts only knet)");
    if (!t_.quorum_disk) return;
    const auto& disk = *t_.quorum_disk;
    if (!disk.settings.has("device") && !disk.settings.has("label"))
      d_.error(disk.mark, "quorum disk needs a device or a label");
    check_disk_relations(disk);
    std::set<std::string> names;
    for (const auto& h : disk.heuristics) {
      auto name = h.settings.get_or("name", "");
      if (name.empty()) continue;
      if (!is_identifier(name) || name.size() > 32)
        d_.error(h.settings.mark_of("name"), "heuristic name '" + name + "' must be 1-32 letters, digits and _");
      if (!names.insert(name).second) d_.error(h.settings.mark_of("name"), "duplicate heuristic '" + name + "'");
    }
  }

  // What qdiskd refuses though each value is in its range: a master bid that never outlasts
  // tko_up (with qdiskd's defaults for what is not given) and a min_score the heuristics can
  // never reach.
  void check_disk_relations(const QuorumDisk& disk) {
    const auto& s = disk.settings;
    long tko = s.get_int("tko").value_or(4);
    long tko_up = s.get_int("tko_up").value_or(std::max(2L, tko / 3));
    long master_wait = s.get_int("master_wait").value_or(std::max(tko / 2, tko_up + 1));
    if (master_wait <= tko_up)
      d_.error(s.has("master_wait") ? s.mark_of("master_wait") : s.mark_of("tko_up"),
               "quorum disk master_wait (" + std::to_string(master_wait) + ") must be more than tko_up (" +
                   std::to_string(tko_up) + ")");
    long total = 0;
    for (const auto& h : disk.heuristics) total += h.settings.get_int("score").value_or(1);
    if (auto min_score = s.get_int("min_score"); min_score && *min_score > std::max(total, 1L))
      d_.error(s.mark_of("min_score"), "quorum disk min_score " + std::to_string(*min_score) +
                                           " exceeds the heuristics' total score " + std::to_string(total) +
                                           ": the vote could never be cast");
  }

  void check_domains() {
    std::set<std::string> seen;
    for (const auto& domain : t_.domains) {
      if (domain.name().empty()) continue;
      if (!is_xml_id(domain.name()))
        d_.error(domain.settings.mark_of("name"),
                 "failover domain name '" + domain.name() +
                     "' must start with a letter or _ and contain only letters, digits, _ . -");
      if (!seen.insert(domain.name()).second)
        d_.error(domain.settings.mark_of("name"), "duplicate failover domain '" + domain.name() + "'");
      if (domain.flag("restricted") && domain.members.empty())
        d_.error(domain.mark,
                 "restricted failover domain '" + domain.name() + "' has no nodes: its guests could never run");
      std::set<std::string> members;
      for (const auto& member : domain.members) {
        if (member.node().empty()) continue;
        if (!t_.find_node(member.node()))
          d_.error(member.settings.mark_of("node"),
                   unknown("node", member.node(), names_of(t_.nodes), "in failover domain '" + domain.name() + "'"));
        if (!members.insert(member.node()).second)
          d_.error(member.settings.mark_of("node"),
                   "node '" + member.node() + "' appears twice in failover domain '" + domain.name() + "'");
      }
    }
  }

  void check_guests() {
    std::set<std::string> seen;
    for (const auto& guest : t_.guests) {
      const auto& s = guest.settings;
      if (guest.name().empty()) continue;
      if (!is_xml_id(guest.name()))
        d_.error(s.mark_of("name"), "guest name '" + guest.name() +
                                        "' must start with a letter or _ and contain only letters, digits, _ . -");
      if (!seen.insert(guest.name()).second) d_.error(s.mark_of("name"), "duplicate guest '" + guest.name() + "'");
      // The CIB names a domain's tag domain-DOMAIN and the guest templates vmha-guest-*.
      if (guest.name().rfind("vmha-guest-", 0) == 0 ||
          (guest.name().rfind("domain-", 0) == 0 && t_.find_domain(guest.name().substr(7))))
        d_.error(s.mark_of("name"),
                 "guest name '" + guest.name() + "' is taken by the CIB (domain tags, guest templates)");
      if (auto domain = s.get("domain"); domain && !t_.find_domain(*domain))
        d_.error(s.mark_of("domain"),
                 unknown("failover domain", *domain, names_of(t_.domains), "for guest '" + guest.name() + "'"));
      if (auto depend = s.get("depend")) {
        if (*depend == guest.name())
          d_.error(s.mark_of("depend"), "guest '" + guest.name() + "' depends on itself");
        else if (!t_.find_guest(*depend))
          d_.error(s.mark_of("depend"),
                   unknown("guest", *depend, names_of(t_.guests), "in depend of '" + guest.name() + "'"));
      }
      if (!s.has("path") && !s.has("xmlfile"))
        d_.error(guest.mark, "guest '" + guest.name() + "' needs path (directory of NAME.xml) or xmlfile");
    }
  }

  // The lockspace paths go into qemu-lockd.conf as quoted strings and must name one directory
  // every host sees at the same path.
  void check_storage() {
    const Settings& s = t_.storage;
    if (s.all().empty()) return;
    for (const char* key : {"lockspace", "lvm_lockspace", "scsi_lockspace"}) {
      auto path = s.get(key);
      if (!path) continue;
      if (path->empty() || path->front() != '/')
        d_.error(s.mark_of(key), std::string("storage ") + key + " '" + *path +
                                     "' must be an absolute path (a directory on storage every host shares)");
      else if (*path == "/")
        d_.error(s.mark_of(key), std::string("storage ") + key + " must be a directory of its own, not /");
      else if (path->find_first_of("\"\\\n\t ") != std::string::npos || path->find("/../") != std::string::npos ||
               path->ends_with("/.."))
        d_.error(s.mark_of(key),
                 std::string("storage ") + key + " '" + *path + "' may not hold spaces, quotes, backslashes or '..'");
    }
    if (t_.leases()) {
      if (!s.has("lockspace"))
        d_.error(t_.storage_mark, "storage leases: lockd needs lockspace: a directory on storage every host shares");
      if (s.get_bool("auto_disk_leases") == false && s.get_bool("require_lease_for_disks") != true)
        w_.error(s.mark_of("auto_disk_leases"),
                 "auto_disk_leases: false leases only disks whose guest XML has a "
                 "<lease> element; every other guest runs unprotected");
    } else {
      for (const auto& setting : s.all())
        if (setting.key != "leases")
          w_.error(setting.mark, "storage " + setting.key + " has no effect with leases: none");
    }
  }

  // A cluster that cannot fence a failed host either stops (Pacemaker starts nothing without a
  // fence device) or, fencing turned off, runs that host's guests twice. Refused unless the
  // topology says so on purpose.
  void check_fencing() {
    if (t_.nodes.empty()) return;
    auto fenced_by = [&](const Node& node, bool pacemaker_only) {
      for (const auto& method : node.fencing)
        for (const auto& use : method.devices) {
          const FenceDevice* device = t_.find_fence_device(use.device());
          if (!device || !(pacemaker_only && device->manual())) return true;  // an unknown device is reported already
        }
      return false;
    };
    bool any = false, any_for_pacemaker = false;
    for (const auto& node : t_.nodes) {
      any = any || fenced_by(node, false);
      any_for_pacemaker = any_for_pacemaker || fenced_by(node, true);
    }
    const Mark cluster_mark = t_.cluster.mark_of("name");
    if (!t_.fencing_enabled()) {
      if (any)
        w_.error(t_.cluster.mark_of("fencing_enabled"),
                 "fencing_enabled is false: the CIB turns fencing off (stonith-enabled=false) although nodes have "
                 "fence methods");
      return;
    }
    Diagnostics& no_fencing = options_.fencing_required ? d_ : w_;
    if (!any) {
      no_fencing.error(cluster_mark,
                       "no node has a fence method, so a failed host could never be fenced; give every node "
                       "fencing, or set fencing_enabled: false in cluster to run without fencing on purpose");
      return;
    }
    if (options_.cib && !any_for_pacemaker)
      no_fencing.error(cluster_mark,
                       "no node has a fence device Pacemaker can use (fence_manual is not one), so the "
                       "CIB would start no guest; add a power or management fence device to the nodes");
    for (const auto& node : t_.nodes)
      if (!fenced_by(node, options_.cib))
        w_.error(node.mark, "node '" + node.name() + "' has no fence method" +
                                (options_.cib && fenced_by(node, false) ? " Pacemaker can use" : "") +
                                ": if it fails, its guests wait until an administrator makes sure it is off and runs "
                                "stonith_admin --confirm " +
                                node.name());
    if (!options_.cib) return;
    for (const auto& device : t_.fence_devices) {
      if (!device.manual()) continue;
      bool used = false;
      for (const auto& node : t_.nodes)
        for (const auto& method : node.fencing)
          for (const auto& use : method.devices) used = used || use.device() == device.name();
      if (used)
        w_.error(
            device.settings.mark_of("agent"),
            "fence device '" + device.name() +
                "' is fence_manual, which Pacemaker does not have: the CIB leaves "
                "it out; where it was the last resort, make sure the node is off and run stonith_admin --confirm NODE");
    }
  }

  // start_after and depend become mandatory order constraints: an unknown guest is a typo, and a
  // cycle would leave every guest on it waiting for another forever.
  void check_start_order() {
    std::map<std::string, std::vector<std::string>> after;  // guest → the guests it starts after
    for (const auto& guest : t_.guests) {
      auto& firsts = after[guest.name()];
      if (auto depend = guest.settings.get("depend"); depend && t_.find_guest(*depend)) firsts.push_back(*depend);
      std::set<std::string> seen;
      for (const auto& [name, mark] : guest.start_after) {
        if (name == guest.name())
          d_.error(mark, "guest '" + guest.name() + "' starts after itself");
        else if (!t_.find_guest(name))
          d_.error(mark, unknown("guest", name, names_of(t_.guests), "in start_after of '" + guest.name() + "'"));
        else if (!seen.insert(name).second)
          d_.error(mark, "guest '" + name + "' appears twice in start_after of '" + guest.name() + "'");
        else
          firsts.push_back(name);
      }
    }
    // Depth-first search; a guest met again while still on the path closes a cycle.
    std::map<std::string, int> state;  // 0 new, 1 on the path, 2 done
    std::vector<std::string> path;
    std::function<bool(const std::string&)> visit = [&](const std::string& name) {
      state[name] = 1;
      path.push_back(name);
      for (const auto& first : after[name]) {
        if (state[first] == 1) {
          std::string cycle;
          for (auto it = std::find(path.begin(), path.end(), first); it != path.end(); ++it) cycle += *it + " -> ";
          const Guest* guest = t_.find_guest(first);
          d_.error(guest ? guest->mark : Mark{},
                   "start_after forms a cycle: " + cycle + first + " (each starts after the next)");
          return true;
        }
        if (state[first] == 0 && visit(first)) return true;
      }
      path.pop_back();
      state[name] = 2;
      return false;
    };
    for (const auto& guest : t_.guests)
      if (state[guest.name()] == 0 && visit(guest.name())) return;  // one cycle is enough to report
  }

  // A host's reserve is what it keeps for itself out of what it declares.
  void check_reserve() {
    for (const auto& node : t_.nodes) {
      Options capacity = expand_utilization(node.utilization);
      for (const auto& [name, kept] : node.reserve) {
        if (name != kMemory && name != "cpu" && name != "host_memory" && name != "hv_memory") {
          d_.error(node.mark, "reserve of node '" + node.name() + "': '" + name + "' is not memory or cpu");
          continue;
        }
        for (const auto& pair : expand_utilization({{name, kept}})) {
          const std::string& expanded = pair.first;
          const std::string& value = pair.second;
          auto offered =
              std::find_if(capacity.begin(), capacity.end(), [&](const auto& p) { return p.first == expanded; });
          if (offered == capacity.end()) {
            d_.error(node.mark, "reserve of node '" + node.name() + "': it declares no utilization " + name +
                                    " to keep " + kept + " of");
            break;
          }
          if (std::stol(value) > std::stol(offered->second)) {
            d_.error(node.mark, "reserve of node '" + node.name() + "': " + name + " " + kept +
                                    " is more than its capacity " + offered->second);
            break;
          }
        }
      }
    }
  }

  // Utilization placement: a capacity a node does not declare is 0, so a name one node
  // declares must be declared by all, and a guest may need only what the nodes offer.
  void check_utilization() {
    auto declared_names = [&](const Options& declared, const std::string& whose, Mark mark) {
      std::set<std::string> names;
      bool memory = false, memories = false;
      for (const auto& [name, value] : declared) {
        memory = memory || name == kMemory;
        memories = memories || name == "host_memory" || name == "hv_memory";
        if (name == kSlots)
          d_.error(mark,
                   "utilization of " + whose + ": '" + std::string(kSlots) + "' is vmha's own (exclusive guests)");
      }
      if (memory && memories)
        d_.error(mark, "utilization of " + whose +
                           ": memory is host_memory and hv_memory together; give memory or those two");
      for (const auto& [name, value] : expand_utilization(declared)) names.insert(name);
      return names;
    };
    // A name as the administrator wrote it: both memory attributes missing is 'memory' missing.
    auto spoken = [](std::set<std::string> names) {
      std::vector<std::string> out;
      if (names.count("host_memory") && names.count("hv_memory")) {
        names.erase("host_memory");
        names.erase("hv_memory");
        out.emplace_back(kMemory);
      }
      out.insert(out.end(), names.begin(), names.end());
      return out;
    };
    std::set<std::string> offered;
    const Node* first_offering = nullptr;
    std::vector<std::set<std::string>> per_node;
    for (const auto& node : t_.nodes) {
      per_node.push_back(declared_names(node.utilization, "node '" + node.name() + "'", node.mark));
      if (!per_node.back().empty() && !first_offering) first_offering = &node;
      offered.insert(per_node.back().begin(), per_node.back().end());
    }
    for (std::size_t i = 0; i < t_.nodes.size(); ++i) {
      std::set<std::string> missing;
      for (const auto& name : offered)
        if (!per_node[i].count(name)) missing.insert(name);
      for (const auto& name : spoken(missing))
        d_.error(t_.nodes[i].mark, "node '" + t_.nodes[i].name() + "' declares no utilization '" + name + "' (node '" +
                                       first_offering->name() +
                                       "' does): Pacemaker would take it as 0 and place no "
                                       "guest there; declare " +
                                       name + ": 0 if that is meant");
    }
    for (const auto& guest : t_.guests) {
      std::set<std::string> missing;
      for (const auto& name : declared_names(guest.utilization, "guest '" + guest.name() + "'", guest.mark))
        if (!offered.count(name)) missing.insert(name);
      for (const auto& name : spoken(missing))
        d_.error(guest.mark,
                 "guest '" + guest.name() + "' uses utilization '" + name + "' but no node declares a capacity for it");
    }
  }
};

}  // namespace

void validate(const Topology& topology, Diagnostics& errors, Diagnostics* warnings, ValidateOptions options) {
  Checker(topology, errors, warnings, options).run();
}

}  // namespace vmha::config
