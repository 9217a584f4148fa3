#include "host_cmd.hpp"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <optional>
#include <thread>

#include "cluster_reader.hpp"
#include "host_plan.hpp"
#include "host_simulate.hpp"
#include "tool_runner.hpp"

namespace vmha::admin {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kReadTimeout = std::chrono::seconds(30);
constexpr int kDefaultTimeout = 900;  // a drain of many guests on a busy cluster, with room to spare
constexpr auto kPoll = std::chrono::milliseconds(500);
volatile sig_atomic_t g_interrupted = 0;

struct Snapshot {
  StatusInputs in;
  ClusterStatus status;
};

Snapshot snapshot() {
  Snapshot s;
  s.in = read_cluster(Clock::now() + kReadTimeout);
  s.status = read_status(s.in, std::time(nullptr));
  return s;
}

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

int refuse(const std::string& why) {
  std::cerr << "vmha: refused: " << why << "\n";
  return 1;
}

// Pacemaker's tools change the CIB; false (one line on stderr) when one failed.
bool change(const std::vector<std::string>& argv) {
  ToolResult r = run_tool(argv, Clock::now() + kReadTimeout);
  if (r.started && !r.timed_out && r.exit_status == 0) return true;
  std::cerr << "vmha: " << r.describe(argv.front()) << "\n";
  return false;
}

std::vector<std::string> standby(const std::string& host, bool on) {
  if (on) return {"crm_attribute", "--type", "nodes", "--node", host, "--name", "standby", "--update", "on"};
  return {"crm_attribute", "--type", "nodes", "--node", host, "--name", "standby", "--delete"};
}

// --parallel N is Pacemaker's migration-limit for the drain: the controller starts at most N
// migrate_to/migrate_from per node at once, and every migration of a drain starts on the drained
// host. It is a cluster option, so the drain restores the value it found when it ends.
struct MigrationLimit {
  bool active = false;
  std::optional<std::string> previous;
  bool set(int n) {
    ToolResult q =
        run_tool({"crm_attribute", "--type", "crm_config", "--name", "migration-limit", "--query", "--quiet"},
                 Clock::now() + kReadTimeout);
    if (q.started && !q.timed_out && q.exit_status == 0 && !q.out.empty()) previous = q.out.substr(0, q.out.find('\n'));
    if (!change({"crm_attribute", "--type", "crm_config", "--name", "migration-limit", "--update", std::to_string(n)}))
      return false;
    active = true;
    return true;
  }
  void restore() {
    if (!active) return;
    active = false;
    if (previous)
      change({"crm_attribute", "--type", "crm_config", "--name", "migration-limit", "--update", *previous});
    else
      change({"crm_attribute", "--type", "crm_config", "--name", "migration-limit", "--delete"});
  }
  ~MigrationLimit() { restore(); }
};

// Follows the cluster until the tracker is done, the deadline passes or the operator interrupts.
// Progress lines only on a terminal; the result is printed by the caller either way.
enum class Outcome { done, timed_out, interrupted };
Outcome follow(MoveTracker& tracker, Clock::time_point t0, Clock::time_point deadline, Snapshot& last) {
  const bool tty = isatty(STDOUT_FILENO);
  for (;;) {
    last = snapshot();
    for (const auto& line : tracker.update(last.status, since(t0)))
      if (tty) std::printf("  [%6.1f s] %s\n", since(t0), line.c_str());
    std::fflush(stdout);
    if (tracker.done(last.status)) return Outcome::done;
    if (g_interrupted) return Outcome::interrupted;
    if (Clock::now() >= deadline) return Outcome::timed_out;
    std::this_thread::sleep_for(kPoll);
  }
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// One line per moved guest: where it went, how, after how long.
void print_arrivals(const MoveTracker& t, const Snapshot& last, std::time_t since_epoch) {
  for (const auto& m : t.plan().moves) {
    auto a = t.arrivals().find(m.guest);
    if (a == t.arrivals().end()) {
      const Guest* g = last.status.find_guest(m.guest);
      if (g && !g->running())
        std::printf("  %s: %s (was on %s)\n", m.guest.c_str(), to_string(g->state), m.from.c_str());
      continue;
    }
    bool live = migrated_live(last.in.cib_xml, m.guest, a->second.host, since_epoch);
    std::printf("  %s: %s -> %s, %s, after %.1f s\n", m.guest.c_str(), m.from.empty() ? "stopped" : m.from.c_str(),
                a->second.host.c_str(), live ? "live" : "stop and start", a->second.seconds);
  }
}

int drain(const VmhaArgs& a) {
  Snapshot now = snapshot();
  if (auto why = refuse_host_verb(now.status, a.host, HostVerb::drain)) return refuse(*why);
  Simulation sim = simulate_change(now.in.cib_xml, {standby(a.host, true)}, Clock::now() + kReadTimeout);
  HostPlan plan = plan_host(now.status, read_status(sim.after, std::time(nullptr)), sim.graph_xml, a.host);
  if (auto why = refuse_drain(plan, a.allow_stop)) return refuse(*why);

  std::printf("Draining %s: %zu guest%s to move (as Pacemaker's scheduler plans it)%s\n%s", a.host.c_str(),
              plan.moves.size(), plan.moves.size() == 1 ? "" : "s",
              a.parallel ? (", at most " + std::to_string(a.parallel) +
                            (a.parallel == 1 ? " migration" : " migrations") + " at a time")
                               .c_str()
                         : "",
              render_plan(plan).c_str());
  std::fflush(stdout);
  signal(SIGINT, [](int) { g_interrupted = 1; });
  signal(SIGTERM, [](int) { g_interrupted = 1; });
  MigrationLimit limit;
  if (a.parallel && !limit.set(a.parallel)) return 1;
  const std::time_t since_epoch = std::time(nullptr) - 1;
  const auto t0 = Clock::now();
  if (!change(standby(a.host, true))) return 1;
  MoveTracker tracker(plan, HostVerb::drain);
  Snapshot last;
  Outcome o = follow(tracker, t0, t0 + std::chrono::seconds(a.timeout ? a.timeout : kDefaultTimeout), last);
  limit.restore();
  print_arrivals(tracker, last, since_epoch);
  if (o == Outcome::done) {
    std::printf("%s is empty after %.1f s; it stays in standby until `vmha host resume %s`\n", a.host.c_str(),
                since(t0), a.host.c_str());
    return 0;
  }
  std::cerr << "vmha: " << a.host
            << (o == Outcome::interrupted ? " is not empty yet (interrupted)" : " is not empty in time") << ": "
            << joined(tracker.pending(last.status)) << "; it stays in standby and Pacemaker carries on\n";
  return 1;
}

int resume(const VmhaArgs& a) {
  Snapshot now = snapshot();
  if (auto why = refuse_host_verb(now.status, a.host, HostVerb::resume)) return refuse(*why);
  Simulation sim = simulate_change(now.in.cib_xml, {standby(a.host, false)}, Clock::now() + kReadTimeout);
  HostPlan plan = plan_host(now.status, read_status(sim.after, std::time(nullptr)), sim.graph_xml, a.host);
  if (plan.moves.empty())
    std::printf("Resuming %s: no guest moves (as Pacemaker's scheduler plans it)\n", a.host.c_str());
  else
    std::printf("Resuming %s: %zu guest%s to move (as Pacemaker's scheduler plans it)\n%s", a.host.c_str(),
                plan.moves.size(), plan.moves.size() == 1 ? "" : "s", render_plan(plan).c_str());
  std::fflush(stdout);
  signal(SIGINT, [](int) { g_interrupted = 1; });
  signal(SIGTERM, [](int) { g_interrupted = 1; });
  const std::time_t since_epoch = std::time(nullptr) - 1;
  const auto t0 = Clock::now();
  if (!change(standby(a.host, false))) return 1;
  MoveTracker tracker(plan, HostVerb::resume);
  Snapshot last;
  Outcome o = follow(tracker, t0, t0 + std::chrono::seconds(a.timeout ? a.timeout : kDefaultTimeout), last);
  print_arrivals(tracker, last, since_epoch);
  if (o == Outcome::done) {
    std::printf("%s takes guests again after %.1f s\n", a.host.c_str(), since(t0));
    return 0;
  }
  std::cerr << "vmha: " << a.host << " takes guests again, but not every planned move is done"
            << (o == Outcome::interrupted ? " (interrupted)" : " in time") << ": "
            << joined(tracker.pending(last.status)) << "\n";
  return 1;
}

}  // namespace

int host_main(const VmhaArgs& a) {
  try {
    if (a.command == "host drain") return drain(a);
    if (a.command == "host resume") return resume(a);
    std::cout << render_host_list(snapshot().status);
    return 0;
  } catch (const StatusError& e) {
    std::cerr << "vmha: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace vmha::admin
