// vmha, and clustat when called by that name: read the cluster, render the model, exit as each
// face promises. Everything decided lives in the pure parts (status_model, clustat_face).
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <vmha/version.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "clustat_face.hpp"
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
    StatusInputs in = read_cluster(std::chrono::steady_clock::now() + kReadTimeout);
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
        for (int i = 0; i < a.options.interval * 10 && !g_stop; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
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

int migrate(const VmhaArgs& a) {
    ClusterStatus s = read_now();
    if (auto why = refuse_migration(s, a.guest, a.to)) {
        std::cerr << "vmha: refused: " << *why << "\n";
        return 1;
    }
    const std::string from = s.find_guest(a.guest)->host();
    auto t0 = std::chrono::steady_clock::now();
    if (!crm_resource({"--move", "-r", a.guest, "-N", a.to}, 30)) return 1;
    if (isatty(STDOUT_FILENO)) std::cout << "Migrating " << a.guest << " from " << from << " to " << a.to << "..." << std::flush;
    bool settled = wait_settled();
    if (isatty(STDOUT_FILENO)) std::cout << "\n";
    ClusterStatus after = read_now();
    const Guest* g = after.find_guest(a.guest);
    if (settled && g && g->running() && g->host() == a.to && g->hosts.size() == 1) {
        std::printf("%s moved from %s to %s in %.1f s; pinned to %s until `vmha unpin %s`\n", a.guest.c_str(),
                    from.c_str(), a.to.c_str(), seconds_since(t0), a.to.c_str(), a.guest.c_str());
        return 0;
    }
    std::cerr << "vmha: " << a.guest << " did not arrive on " << a.to << ": it is "
              << (g ? to_string(g->state) : "gone") << (g && !g->host().empty() ? " on " + g->host() : std::string())
              << "; the pin to " << a.to << " stays (vmha unpin " << a.guest << " removes it)\n";
    return 1;
}

int unpin(const VmhaArgs& a) {
    ClusterStatus s = read_now();
    const Guest* g = s.find_guest(a.guest);
    if (!g) {
        std::cerr << "vmha: refused: no guest '" << a.guest << "' (a VirtualDomain resource) in this cluster\n";
        return 1;
    }
    if (g->pins.empty()) {
        std::cerr << "vmha: refused: " << a.guest << " has no pins\n";
        return 1;
    }
    auto t0 = std::chrono::steady_clock::now();
    if (!crm_resource({"--clear", "-r", a.guest}, 30)) return 1;
    bool settled = wait_settled();
    ClusterStatus after = read_now();
    g = after.find_guest(a.guest);
    std::string where = g && g->running() ? "runs on " + g->host() : std::string("is ") + (g ? to_string(g->state) : "gone");
    std::printf("%s unpinned in %.1f s; it %s\n", a.guest.c_str(), seconds_since(t0), where.c_str());
    return settled ? 0 : 1;
}

int vmha_main(const std::vector<std::string>& args) {
    VmhaArgs a = parse_vmha_args(args);
    if (!a.error.empty()) {
        std::cerr << "vmha: " << a.error << "\n";
        return 2;
    }
    if (a.help) { std::cout << vmha_help(); return 0; }
    if (a.version) { std::cout << "vmha " << vmha::version << "\n"; return 0; }
    try {
        if (a.command == "migrate") return migrate(a);
        if (a.command == "unpin") return unpin(a);
        if (a.command.rfind("host ", 0) == 0) return host_main(a);
        ClusterStatus s = read_now();
        std::cout << (a.json ? render_status_json(s) : render_status_text(s));
        return s.health();
    } catch (const StatusError& e) {
        std::cerr << "vmha: " << e.what() << "\n";
        return 2;
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::string argv0 = argc > 0 ? argv[0] : "vmha";
    std::string name = argv0.substr(argv0.rfind('/') == std::string::npos ? 0 : argv0.rfind('/') + 1);
    std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
    if (name == "clustat") return clustat_main(argv0, args);
    return vmha_main(args);
}
