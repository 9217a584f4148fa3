// vmha host drain / resume / list: the decisions, pure. Where each guest goes is never modelled
// here: Pacemaker's own scheduler answers that (host_simulate runs it on a copy of the CIB); this
// file compares the cluster now with the scheduler's answer, decides whether to refuse, and follows
// the live cluster until the guests are where the plan said.
#pragma once
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "status_model.hpp"

namespace vmha::admin {

enum class HostVerb { drain, resume };

// Before anything is simulated: may HOST be drained / resumed at all? One line when not.
std::optional<std::string> refuse_host_verb(const ClusterStatus&, const std::string& host, HostVerb);

// One guest whose placement the scheduler would change.
struct GuestMove {
  std::string guest;
  std::string from;   // where it runs now; empty when it does not run
  std::string to;     // where the scheduler puts it; empty: it would stop
  bool live = false;  // the transition migrates it (migrate_to), no stop and start
};

struct HostPlan {
  std::string host;
  std::vector<GuestMove> moves;               // in the order of the cluster's guest list
  std::vector<std::string> stay;              // guests that would stay on a drained host (not managed)
  std::vector<std::string> stops() const;     // running now, would stop
  std::vector<std::string> restarts() const;  // would move by stop and start
};

// Resources the transition graph (crm_simulate --save-graph) migrates live.
std::vector<std::string> graph_migrations(const std::string& graph_xml);

// The plan: `now` is the cluster, `simulated` the scheduler's result for the change to HOST,
// `graph_xml` its transition graph.
HostPlan plan_host(const ClusterStatus& now, const ClusterStatus& simulated, const std::string& graph_xml,
                   const std::string& host);

// After the simulation: a drain refuses to stop or restart guests unless allowed, and always
// refuses when the host would not become empty.
std::optional<std::string> refuse_drain(const HostPlan&, bool allow_stop);

// Lines that show the plan before it is carried out ("  vm1  hv1 -> hv2 (live)").
std::string render_plan(const HostPlan&);

// Did GUEST arrive on HOST by a live migration at or after `since`? Read from the CIB's status
// section (cibadmin --query): a successful migrate_from recorded on HOST.
bool migrated_live(const std::string& cib_xml, const std::string& guest, const std::string& host, std::time_t since);

// Follows the plan's guests through successive snapshots of the cluster and says what changed.
class MoveTracker {
 public:
  MoveTracker(HostPlan plan, HostVerb verb);
  // One line per change seen since the last call ("vm1: migrating hv1 -> hv2", "vm1: on hv2
  // after 2.1 s"); `elapsed` is seconds since the change was made.
  std::vector<std::string> update(const ClusterStatus&, double elapsed);
  // Every guest is where the verb wants it: for a drain, no guest left on the host and every
  // moved guest running on one other host (or stopped, when the plan said so); for a resume,
  // every planned guest running on its planned host alone.
  bool done(const ClusterStatus&) const;
  // Guests not yet where they should be, with what they are doing ("vm2 (migrating)").
  std::vector<std::string> pending(const ClusterStatus&) const;
  // Where each tracked guest arrived, and after how many seconds.
  struct Arrival {
    std::string host;
    double seconds = 0;
  };
  const std::map<std::string, Arrival>& arrivals() const { return arrived_; }
  const HostPlan& plan() const { return plan_; }

 private:
  bool settled(const ClusterStatus&, const GuestMove&) const;
  HostPlan plan_;
  HostVerb verb_;
  std::map<std::string, std::string> last_seen_;  // guest → "hv1", "hv1>hv2", "" (nowhere)
  std::map<std::string, Arrival> arrived_;
};

// vmha host list: one line per host: state, guests, capacity used / declared.
std::string render_host_list(const ClusterStatus&);

}  // namespace vmha::admin
