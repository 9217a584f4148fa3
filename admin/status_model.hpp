// The operator's view of a running cluster, built from what Pacemaker's own tools print as XML
// (crm_mon --output-as=xml, cibadmin --query), corosync's votequorum summary and qdiskd's status.
// Pure: texts and values in, a model out; every face (vmha status, --json, clustat) renders this model.
#pragma once
#include <ctime>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace vmha::admin {

// Bad or missing input: the message names the source and what is wrong in it.
struct StatusError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// corosync's own quorum view (votequorum_getinfo of this host): what `corosync-quorumtool -s`
// prints as Quorate, Total votes and Expected votes.
struct CorosyncQuorum {
  bool quorate = false;
  long total_votes = 0;
  long expected_votes = 0;
};

struct StatusInputs {
  std::string crm_mon_xml;                  // crm_mon --one-shot --inactive --output-as=xml (or pcmk_status())
  std::string cib_xml;                      // cibadmin --query (<cib>), or its <configuration> alone
  std::optional<CorosyncQuorum> quorum;     // when corosync answered
  std::string local_host;                   // this host's name (clustat's "Local"), may be empty
  std::optional<std::string> qdisk_status;  // qdiskd's status file ("Key: value"), when qdiskd runs here
};

enum class HostState { online, standby, maintenance, offline, unclean };
enum class GuestState { started, stopped, disabled, failed, migrating, starting, stopping };

const char* to_string(HostState);
const char* to_string(GuestState);

struct Capacity {
  std::string name;        // utilization attribute (hv_memory, cpu, …)
  long long capacity = 0;  // the host's declared amount
  long long used = 0;      // sum over the resources Pacemaker places there
  long long free() const { return capacity - used; }
};

struct Host {
  std::string name;
  long id = 0;
  HostState state = HostState::offline;
  bool is_dc = false;
  bool local = false;
  std::vector<std::string> guests;    // guests that crm_mon shows active there
  std::vector<Capacity> utilization;  // only attributes the host declares
  std::string fenced_at;              // the last successful fencing of it (crm_mon's fence history), or empty
  std::string fenced_by;              // the host that fenced it (its delegate), or empty
};

// A failover domain as Pacemaker holds it: the location constraints (of the guest or of a tag
// holding it, e.g. vmha-config's tag "domain-NAME") that score hosts for the guest.
struct Domain {
  std::string name;                // the tag's name without "domain-", or empty when the guest's own
  std::vector<std::string> hosts;  // members, best score first
  bool restricted = false;         // a -INFINITY rule keeps the guest off every other host
  bool allows(const std::string& host) const;
};

// How the guest came to run where it runs: the newest successful start or migrate_from in crm_mon's
// operation history, and why (an operator's pin, a live migration, a recovery, a plain start).
struct Transition {
  std::string kind;  // "operator" | "migration" | "failover" | "start"
  std::string host;
  std::string when;    // last-rc-change as crm_mon prints it
  std::time_t at = 0;  // the same, in seconds since the epoch (0 when unreadable)
};

// A live migration's progress as the agent on the source publishes it (transient node attribute).
struct MigrationProgress {
  int percent = 0;
  long long remaining_mib = 0;
  long long rate_mib_s = 0;
};

// An operator's pin: crm_resource --move (cli-prefer-) or --ban (cli-ban-).
struct Pin {
  std::string constraint;  // the constraint id
  bool prefer = true;      // true: held on host; false: held away from host
  std::string host;
  std::string expires;   // the rule's end as Pacemaker wrote it; empty: no lifetime
  bool expired = false;  // the lifetime is over: Pacemaker no longer applies it
};

struct Failure {
  std::string host;
  std::string task;         // monitor, start, migrate_to, …
  int exit_code = 0;        // OCF exit code
  std::string exit_status;  // Pacemaker's text for it ("not running")
  std::string exit_reason;  // the agent's own last words, may be empty
  std::string when;         // last-rc-change as crm_mon prints it
};

struct Guest {
  std::string name;   // the resource id
  std::string agent;  // ocf:PROVIDER:VirtualDomain
  GuestState state = GuestState::stopped;
  bool frozen = false;             // unmanaged, in maintenance, or every recurring monitor disabled
  bool enabled = true;             // target-role is not Stopped
  bool migratable = false;         // allow-migrate: Pacemaker moves it live
  std::vector<std::string> hosts;  // where crm_mon sees it active (two while migrating)
  long long fail_count = 0;        // summed over hosts; INFINITY counts as 1000000
  std::optional<Failure> last_failure;
  std::vector<Pin> pins;
  std::optional<Domain> domain;
  std::string preferred_host;            // the domain's best host that is online now, or empty
  std::vector<std::string> freeze_meta;  // meta attributes of the primitive that freeze it (maintenance, is-managed)
  std::optional<Transition> last_transition;
  std::optional<MigrationProgress> progress;
  bool pinned() const;   // some pin is in force
  bool running() const;  // active on a host that is up
  std::string host() const { return hosts.empty() ? std::string() : hosts.front(); }
};

// One host's slot on the quorum disk as this host's qdiskd last read it ("Host N: ..." lines).
struct QuorumDiskHost {
  std::string host;   // host name (its node id when unknown)
  std::string state;  // none, evicted, init, running, master
  long score = 0, score_max = 0;
  std::string seen;  // online, joining, dead, offline; self for this host
  bool operator==(const QuorumDiskHost&) const = default;
};

// The quorum disk as this host's qdiskd reports it (`qdiskd -s`, key: value lines).
struct QuorumDisk {
  std::string device;
  std::string state;   // this host's slot state: master, run, …
  std::string master;  // the master's host name (its node id when unknown), empty: none
  std::string host;    // whose score this is: the local host
  long score = 0, score_max = 0, min_score = 0;
  bool cast_vote = false;
  std::vector<std::string> online;    // hosts the disk shows alive
  std::vector<QuorumDiskHost> hosts;  // every host's slot: its score against min_score (one configuration)
};

struct Cluster {
  std::string name;  // cluster-name property; empty when not set
  bool quorate = false;
  std::optional<long> votes;  // corosync's total votes, when corosync answered
  std::optional<long> expected;
  std::string dc;  // empty when there is no DC
  bool maintenance_mode = false;
  std::optional<QuorumDisk> quorum_disk;
};

struct ClusterStatus {
  Cluster cluster;
  std::vector<Host> hosts;
  std::vector<Guest> guests;
  const Host* find_host(const std::string& name) const;
  const Guest* find_guest(const std::string& name) const;
  // vmha status's exit: 0 when quorate and every enabled guest runs, 1 otherwise.
  int health() const;
};

// crm_mon's own complaint when its document holds no cluster (it can say "OK" with an <errors>
// list and exit 0): "crm_mon: Could not connect to the CIB: …"; empty when the document is whole.
std::string crm_mon_problem(const std::string& crm_mon_xml);
// The same for crm_mon's document from another source (libpacemaker's pcmk_status()), named so.
std::string status_problem(const std::string& crm_mon_xml, const std::string& source);

// Parses the texts; `now` decides whether a pin's lifetime is over.
ClusterStatus read_status(const StatusInputs& in, std::time_t now);

// "2026-12-01 21:28:46Z", "2026-12-01T21:28:46+01:00", … → seconds since the epoch.
std::optional<std::time_t> parse_pacemaker_time(const std::string& text);

}  // namespace vmha::admin
