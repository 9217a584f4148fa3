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
#include "status_model.hpp"
#include "status_render.hpp"
#include "vmha_cli.hpp"

using namespace vmha::admin;

namespace {

constexpr auto kReadTimeout = std::chrono::seconds(30);
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

int vmha_main(const std::vector<std::string>& args) {
    VmhaArgs a = parse_vmha_args(args);
    if (!a.error.empty()) {
        std::cerr << "vmha: " << a.error << "\n";
        return 2;
    }
    if (a.help) { std::cout << vmha_help(); return 0; }
    if (a.version) { std::cout << "vmha " << vmha::version << "\n"; return 0; }
    try {
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
