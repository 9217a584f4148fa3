// vmha, and clustat when called by that name: read the cluster, render the model, exit as each
// face promises. Everything decided lives in the pure parts (status_model, clustat_face).
#include <malloc.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <vmha/version.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "clustat_face.hpp"
#include "clusvcadm_face.hpp"
#include "guest_plan.hpp"
#include "cluster_reader.hpp"
#include "host_cmd.hpp"
#include "migrate_plan.hpp"
#include "tool_runner.hpp"
#include "status_model.hpp"
#include "status_render.hpp"
#include "vmha_cli.hpp"

using namespace vmha::admin;

namespace {

constexpr auto kReadTimeout = std::chrono::seconds(30);
// How long vmha waits for the cluster to carry out a change: a live migration plus the stop
// timeout of a guest that must be forced, with room to spare.
constexpr int kSettleSeconds = 300;
volatile sig_atomic_t g_stop = 0;

ClusterStatus read_now() {
  StatusInputs in = read_cluster(std::chrono::steady_clock::now() + kReadTimeout, CibPart::configuration);
  return read_status(in, std::time(nullptr));
}

int terminal_columns() {
  winsize ws{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

int clustat_main(const std::string& argv0, const std::vector<std::string>& args) {
  ClustatArgs a = parse_clustat_args(argv0, args);
  if (a.stop) {
    std::cout << a.output;
    return a.exit_code;
  }
  signal(SIGINT, [](int) { g_stop = 1; });
  signal(SIGTERM, [](int) { g_stop = 1; });
  for (;;) {
    ClustatResult r;
    try {
      r = render_clustat(read_now(), a.options, std::time(nullptr), terminal_columns());
    } catch (const StatusError& e) {
      // rgmanager's clustat said "Could not connect to CMAN" and exited 1.
      std::cerr << "Could not connect to the cluster: " << e.what() << "\n";
      return 1;
    }
    if (a.options.interval) std::cout << "\033[H\033[2J";
    std::cout << r.output << std::flush;
    if (!a.options.interval || a.options.quorum_only || a.options.node_id) return r.exit_code;
    for (int i = 0; i < a.options.interval * 10 && !g_stop; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (g_stop) return r.exit_code;
  }
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Runs crm_resource; false (with one line on stderr) when it failed.
bool crm_resource(const std::vector<std::string>& args, int seconds) {
  std::vector<std::string> argv{"crm_resource"};
  argv.insert(argv.end(), args.begin(), args.end());
  ToolResult r = run_tool(argv, std::chrono::steady_clock::now() + std::chrono::seconds(seconds));
  if (r.started && !r.timed_out && r.exit_status == 0) return true;
  std::cerr << "vmha: " << r.describe("crm_resource") << "\n";
  return false;
}

bool wait_settled() {
  return crm_resource({"--wait", "--timeout=" + std::to_string(kSettleSeconds) + "s"}, kSettleSeconds + 10);
}

// While `settle` runs: on a terminal, a live migration's progress as the source's agent publishes it.
bool settle_showing_progress(const std::string& guest) {
  if (!isatty(STDOUT_FILENO)) return wait_settled();
  std::atomic<bool> done{false};
  bool ok = false;
  std::thread waiter([&] {
    ok = wait_settled();
    done = true;
  });
  bool shown = false;
  while (!done) {
    for (int i = 0; i < 10 && !done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (done) break;
    try {
      ClusterStatus s = read_now();
      if (const Guest* g = s.find_guest(guest); g && g->progress) {
        std::printf("\r  %s: %3d%%, %lld MiB remaining, %lld MiB/s   ", guest.c_str(), g->progress->percent,
                    g->progress->remaining_mib, g->progress->rate_mib_s);
        std::fflush(stdout);
        shown = true;
      }
    } catch (const StatusError&) {
    }
  }
  waiter.join();
  if (shown) std::printf("\n");
  return ok;
}

struct ActionResult {
  GuestPlan plan;
  bool changed = false;  // some step ran
  bool ok = false;
  std::string missing;  // what the cluster shows instead, when not ok
  ClusterStatus after;
  double seconds = 0;
};

// The adapter of plan_guest: read, plan, run the steps (settling between them), settle, check.
ActionResult run_guest_action(const GuestRequest& req, bool no_wait) {
  ActionResult r;
  ClusterStatus s = read_now();
  r.plan = plan_guest(s, req);
  if (r.plan.refusal != Refusal::none) return r;
  auto t0 = std::chrono::steady_clock::now();
  for (size_t i = 0; i < r.plan.steps.size(); ++i) {
    const Step& st = r.plan.steps[i];
    if (!crm_resource(st.crm_resource, 30)) return r;
    r.changed = true;
    bool last = i + 1 == r.plan.steps.size();
    if (st.settle_after && !(last && no_wait)) {
      bool settled = req.action == GuestAction::migrate ? settle_showing_progress(req.guest) : wait_settled();
      if (!settled) {
        r.after = read_now();
        r.missing = outcome_missing(r.after, req);
        if (r.missing.empty()) r.missing = "the cluster did not settle";
        r.seconds = seconds_since(t0);
        return r;
      }
    }
  }
  r.after = read_now();
  r.seconds = seconds_since(t0);
  r.missing = no_wait ? "" : outcome_missing(r.after, req);
  r.ok = r.missing.empty();
  return r;
}

std::string pin_words(const Guest* g, const std::string& host, const std::string& guest) {
  if (g)
    for (const auto& p : g->pins)
      if (p.prefer && p.host == host && !p.expires.empty())
        return "pinned to " + host + " until " + p.expires + ", then its failover domain decides again";
  return "pinned to " + host + " until `vmha unpin " + guest + "`";
}

// What vmha says once the cluster has done it.
std::string done_text(const GuestRequest& q, const ActionResult& r) {
  const Guest* g = r.after.find_guest(q.guest);
  char took[32];
  std::snprintf(took, sizeof took, "%.1f s", r.seconds);
  std::string where =
      g && g->running() ? "it runs on " + g->host() : std::string("it is ") + (g ? to_string(g->state) : "gone");
  const std::string& G = q.guest;
  switch (q.action) {
    case GuestAction::migrate:
      return G + " moved from " + r.plan.from + " to " + q.host + " in " + took + "; " + pin_words(g, q.host, G);
    case GuestAction::relocate:
      return G + " relocated from " + r.plan.from + " to " + q.host + " (stopped, started there) in " + took + "; " +
             pin_words(g, q.host, G);
    case GuestAction::enable:
      return G + " enabled in " + took + "; " + where + (q.host.empty() ? "" : "; " + pin_words(g, q.host, G));
    case GuestAction::disable:
      return G + " disabled in " + took + (r.plan.from.empty() ? "" : " (it ran on " + r.plan.from + ")") +
             "; it stays stopped until `vmha enable " + G + "`";
    case GuestAction::restart:
      return G + " restarted in " + took + "; " + where;
    case GuestAction::freeze:
      return G + " frozen in " + took +
             ": Pacemaker neither monitors, stops, starts nor recovers it until `vmha unfreeze " + G + "`";
    case GuestAction::unfreeze:
      return G + " unfrozen in " + took + "; " + where;
    case GuestAction::unpin:
      return G + " unpinned in " + took + "; " + where;
  }
  return "";
}

int guest_command(const VmhaArgs& a) {
  GuestRequest q;
  const std::string& c = a.command;
  q.action = c == "enable"     ? GuestAction::enable
             : c == "disable"  ? GuestAction::disable
             : c == "restart"  ? GuestAction::restart
             : c == "relocate" ? GuestAction::relocate
             : c == "migrate"  ? GuestAction::migrate
             : c == "freeze"   ? GuestAction::freeze
             : c == "unfreeze" ? GuestAction::unfreeze
                               : GuestAction::unpin;
  q.guest = a.guest;
  q.host = q.action == GuestAction::enable ? a.on : a.to;
  q.lifetime = a.lifetime;
  if (isatty(STDOUT_FILENO) && !a.no_wait)
    std::cout << to_string(q.action) << " " << q.guest << (q.host.empty() ? "" : " → " + q.host) << "...\n"
              << std::flush;
  ActionResult r = run_guest_action(q, a.no_wait);
  if (r.plan.refusal == Refusal::nothing_to_do) {
    std::cout << r.plan.reason << "; nothing to do\n";
    return 0;
  }
  if (r.plan.refusal != Refusal::none) {
    std::cerr << "vmha: refused: " << r.plan.reason << "\n";
    return 1;
  }
  if (!r.changed) return 1;  // crm_resource said why
  if (a.no_wait) {
    std::cout << q.guest << ": " << to_string(q.action)
              << " requested (--no-wait: `vmha status` shows when it is done)\n";
    return 0;
  }
  if (r.ok) {
    std::cout << done_text(q, r) << "\n";
    return 0;
  }
  std::cerr << "vmha: " << q.guest << ": " << to_string(q.action) << " not done: " << r.missing;
  if (q.action == GuestAction::migrate || q.action == GuestAction::relocate ||
      (q.action == GuestAction::enable && !q.host.empty()))
    std::cerr << "; the pin to " << q.host << " stays (vmha unpin " << q.guest << " removes it)";
  std::cerr << "\n";
  return 1;
}

int clusvcadm_main(const std::string& argv0, const std::vector<std::string>& args) {
  ClusvcadmArgs a = parse_clusvcadm_args(argv0, args);
  if (a.stop) {
    (a.exit_code && !a.output.empty() && a.output.rfind("usage:", 0) != 0 ? std::cerr : std::cout) << a.output;
    return a.exit_code;
  }
  if (a.quiet) std::freopen("/dev/null", "w", stdout);
  try {
    ClusterStatus s = read_now();
    if (std::string problem = clusvcadm_member_problem(s, a); !problem.empty()) {
      std::cerr << problem;
      return 1;
    }
    std::cout << clusvcadm_prefix(a) << std::flush;
    ActionResult r = run_guest_action(a.request, false);
    int code = r.plan.refusal != Refusal::none ? rg_code(r.plan.refusal, a.request.action) : r.ok ? 0 : -1;
    std::cout << rg_strerror(code) << "\n";
    if (r.plan.refusal != Refusal::none)
      std::cerr << r.plan.reason << "\n";
    else if (!r.ok && !r.missing.empty())
      std::cerr << a.request.guest << ": " << r.missing << "\n";
    if (code == 0 && r.plan.refusal == Refusal::none) std::cout << clusvcadm_now_running(a, r.after);
    return rg_exit(code);
  } catch (const StatusError& e) {
    std::cerr << "Could not connect to resource group manager: " << e.what() << "\n";
    return 1;
  }
}

int status_command(const VmhaArgs& a) {
  if (!a.watch) {
    ClusterStatus s = read_now();
    std::cout << (a.json ? render_status_json(s) : render_status_text(s));
    return s.health();
  }
  signal(SIGINT, [](int) { g_stop = 1; });
  signal(SIGTERM, [](int) { g_stop = 1; });
  int rc = 0;
  // Redraw in place: home, the new screen with each line's rest erased, then the rest of the old one.
  while (!g_stop) {
    std::string screen;
    try {
      ClusterStatus s = read_now();
      rc = s.health();
      char stamp[64];
      std::time_t now = std::time(nullptr);
      std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", std::localtime(&now));
      screen = render_status_text(s) + "\n(every " + std::to_string(a.watch) + " s, " + stamp + "; Ctrl-C to stop)\n";
    } catch (const StatusError& e) {
      rc = 2;
      screen = std::string("vmha: ") + e.what() + "\n";
    }
    std::string out = "\033[H";
    for (size_t pos = 0; pos < screen.size();) {
      size_t nl = screen.find('\n', pos);
      out += screen.substr(pos, nl - pos) + "\033[K\n";
      pos = nl == std::string::npos ? screen.size() : nl + 1;
    }
    std::cout << out << "\033[J" << std::flush;
    for (int i = 0; i < a.watch * 10 && !g_stop; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return rc;
}

int vmha_main(const std::vector<std::string>& args) {
  VmhaArgs a = parse_vmha_args(args);
  if (!a.error.empty()) {
    std::cerr << "vmha: " << a.error << "\n";
    return 2;
  }
  if (a.help) {
    std::cout << vmha_help();
    return 0;
  }
  if (a.version) {
    std::cout << "vmha " << vmha::version << "\n";
    return 0;
  }
  try {
    if (a.command == "status") return status_command(a);
    if (a.command.rfind("host ", 0) == 0) return host_main(a);
    return guest_command(a);
  } catch (const StatusError& e) {
    std::cerr << "vmha: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // One malloc arena for every thread. The Pacemaker thread does nearly all of vmha's allocating
  // (libxml2 trees of the CIB and the status, libpacemaker's working set) while the main thread
  // waits for it; in an arena of its own, glibc grows the heap page by page with an mprotect()
  // each (about 900 for one `vmha status`, 1.5 ms of CPU), where the main arena grows by brk()
  // with 128 KiB to spare.
  mallopt(M_ARENA_MAX, 1);
  std::string argv0 = argc > 0 ? argv[0] : "vmha";
  std::string name = argv0.substr(argv0.rfind('/') == std::string::npos ? 0 : argv0.rfind('/') + 1);
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  if (name == "clustat") return clustat_main(argv0, args);
  if (name == "clusvcadm") return clusvcadm_main(argv0, args);
  return vmha_main(args);
}
