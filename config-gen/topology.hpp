// The topology: what an operator declares about one cluster. Plain data, no I/O.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "settings.hpp"

namespace vmha::config {

using Options = std::vector<std::pair<std::string, std::string>>;  // ordered name=value pairs

// A password given inline, or by reference to a file or an environment variable.
// References are resolved into `value` by the secrets adapter before generation.
struct Secret {
  enum class Source { None, Inline, File, Environment } source = Source::None;
  std::string reference;  // the file path or the variable name
  std::string value;      // the password itself, once known
  Mark mark;
};

struct FenceDevice {
  Settings settings;  // name, agent
  Secret password;
  Options options;  // agent parameters, written verbatim
  Mark mark;
  std::string name() const { return settings.get_or("name", ""); }
  // cman's fence_manual (an operator confirms with fence_ack_manual): Pacemaker has no such agent;
  // its counterpart is an operator's `stonith_admin --confirm NODE`.
  bool manual() const { return settings.get_or("agent", "") == "fence_manual"; }
};

struct FenceDeviceUse {
  Settings settings;  // device, port
  Options options;    // per-node agent parameters (switch, nodename, ...)
  Mark mark;
  std::string device() const { return settings.get_or("device", ""); }
};

struct FenceMethod {
  Settings settings;  // method (its name)
  std::vector<FenceDeviceUse> devices;
  Mark mark;
};

struct Node {
  Settings settings;                   // name, id, votes
  std::vector<std::string> addresses;  // corosync links, ring0 first; empty: the name
  Options utilization;
  Options reserve;  // kept for the host itself: the CIB offers utilization minus reserve
  std::vector<FenceMethod> fencing;
  Mark mark;
  std::string name() const { return settings.get_or("name", ""); }
  long id() const { return settings.get_int("id").value_or(0); }
  // A pacemaker_remote host: in the CIB as a connection resource, not in corosync's membership.
  bool remote() const { return settings.get_bool("remote").value_or(false); }
};

struct Heuristic {
  Settings settings;  // name, program, score, interval, tko
  Mark mark;
};

struct QuorumDisk {
  Settings settings;  // device, label, interval, tko, votes, min_score, ...
  std::vector<Heuristic> heuristics;
  Mark mark;
};

struct DomainMember {
  Settings settings;  // node, priority
  Mark mark;
  std::string node() const { return settings.get_or("node", ""); }
};

struct Domain {
  Settings settings;  // name, ordered, restricted, nofailback
  std::vector<DomainMember> members;
  Mark mark;
  std::string name() const { return settings.get_or("name", ""); }
  bool flag(const char* key) const { return settings.get_bool(key).value_or(false); }
};

struct Guest {
  Settings settings;  // name, domain, autostart, recovery, migrate, path, ...
  Options utilization;
  std::vector<std::pair<std::string, Mark>> start_after;  // guests that must run before this one starts
  Mark mark;
  std::string name() const { return settings.get_or("name", ""); }
};

struct Topology {
  Settings cluster;       // name, config_version, transport, crypto, token, resource_provider, fencing_enabled
  Settings fence_daemon;  // post_join_delay, post_fail_delay, clean_start, ...
  Settings limits;        // parallel_starts, parallel_migrations, parallel_actions
  Settings quorum;        // two_node, expected_votes
  std::optional<QuorumDisk> quorum_disk;
  std::vector<FenceDevice> fence_devices;
  std::vector<Node> nodes;
  std::vector<Domain> domains;
  std::vector<Guest> guests;
  Settings storage;  // leases, lockspace, ...: libvirt's lock manager (empty: no storage section)
  Mark storage_mark;

  const Node* find_node(const std::string& name) const;
  const Domain* find_domain(const std::string& name) const;
  const FenceDevice* find_fence_device(const std::string& name) const;
  const Guest* find_guest(const std::string& name) const;
  std::vector<const Node*> members() const;  // the full members: corosync's nodelist, the votes
  bool has_remote_hosts() const;
  bool leases() const { return storage.get_or("leases", "none") != "none"; }
  bool fencing_enabled() const { return cluster.get_bool("fencing_enabled").value_or(true); }
};

// Derived quorum facts, shared by every generator so they never disagree.
struct QuorumPlan {
  bool two_node = false;               // cman two_node / corosync two_node
  std::optional<long> expected_votes;  // cman expected_votes (explicit or derived)
};
QuorumPlan plan_quorum(const Topology& topology);
long quorum_disk_votes(const Topology& topology);  // 0 without a disk

// pacemaker-remoted's port when a remote host names none (Pacemaker's DEFAULT_REMOTE_PORT).
inline constexpr long kDefaultRemotePort = 3121;

// The value of an ordered domain member's priority when it has none (the lowest).
inline constexpr long kLowestPriority = 100;

}  // namespace vmha::config
