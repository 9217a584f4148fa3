// fence_virtd: serves the fence_xvm protocol for guests of this host. Takes Debian fence_virtd's
// command line (-F foreground, -f config, -p pidfile, -d level) so it can replace it in place.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

#include "auth_exchange.hpp"
#include "access_groups.hpp"
#include "backend.hpp"
#include "cpg_backend.hpp"
#include "server.hpp"

using namespace vmha::virtd;

namespace {

volatile bool g_stop = false;
void on_signal(int) { g_stop = true; }

int fail(const std::string& msg) {
  std::fprintf(stderr, "fence_virtd: %s\n", msg.c_str());
  syslog(LOG_ERR, "%s", msg.c_str());
  return 1;
}

bool write_pidfile(const std::string& path) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp);
    if (!(f << getpid() << "\n")) return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  bool foreground = false;
  std::string conf_file = "/etc/fence_virt.conf";
  std::string pidfile = "/var/run/fence_virtd.pid";
  int c;
  while ((c = getopt(argc, argv, "Ff:p:d:wch")) != -1) {
    switch (c) {
      case 'F': foreground = true; break;
      case 'f': conf_file = optarg; break;
      case 'p': pidfile = optarg; break;
      case 'd': break;  // messages go to syslog (and stderr with -F) at every level
      case 'w': break;  // backends connect on first use: nothing to wait for
      case 'c': return fail("interactive configuration (-c) is not supported; edit " + conf_file);
      default:
        std::fprintf(stderr, "usage: fence_virtd [-F] [-f config] [-p pidfile] [-d level]\n");
        return c == 'h' ? 0 : 1;
    }
  }
  openlog("fence_virtd", LOG_PID, LOG_DAEMON);
  set_log_stderr(foreground);

  std::ifstream in(conf_file);
  if (!in) return fail("cannot read " + conf_file);
  std::stringstream text;
  text << in.rdbuf();
  ConfigParse parsed = parse_config_text(text.str(), conf_file);
  if (!parsed.error.empty()) return fail(parsed.error);
  DaemonConfigResult dc = daemon_config(parsed.tree, conf_file);
  if (!dc.error.empty()) return fail(dc.error);
  const DaemonConfig& cfg = dc.config;
  AccessGroupsResult groups = access_groups(parsed.tree, conf_file);
  if (!groups.error.empty()) return fail(groups.error);

  std::string key;
  if (cfg.hash != vmha::xvm::HashType::None || cfg.auth != vmha::xvm::HashType::None) {
    struct stat st {};
    if (stat(cfg.key_file.c_str(), &st) < 0) return fail("cannot read key file " + cfg.key_file);
    // A shared fencing key anyone on the host can read lets anyone power guests off.
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
      char mode[8];
      std::snprintf(mode, sizeof mode, "%04o", st.st_mode & 07777);
      return fail("key file " + cfg.key_file + " is accessible by group or others (mode " + mode +
                  "); refusing it: chmod 600 " + cfg.key_file);
    }
    auto k = vmha::xvm::read_key_file(cfg.key_file);
    if (!k || k->empty()) return fail("cannot read key file " + cfg.key_file);
    key = std::move(*k);
  }

  // Detach before connecting to corosync and libvirt: their IPC connections belong to the process
  // that opened them.
  if (!foreground && daemon(0, 0) < 0) return fail("cannot detach");
  std::unique_ptr<Backend> backend;
  if (cfg.backend == "cpg") {
    auto cpg = std::make_unique<CpgBackend>(cfg.uri, "vmha_fence_virtd");
    if (std::string err = cpg->open(); !err.empty()) return fail(err);
    backend = std::move(cpg);
  } else {
    backend = std::make_unique<LibvirtBackend>(cfg.uri);
  }
  const size_t group_count = groups.groups.size();
  Server server(cfg, key, *backend, AccessPolicy(std::move(groups.groups)));
  if (std::string err = server.open(); !err.empty()) return fail(err);
  if (!write_pidfile(pidfile)) return fail("cannot write pid file " + pidfile);
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);
  log_line(LOG_NOTICE, "serving %s on %s port %u (hash %s, auth %s), backend %s %s", cfg.listener.c_str(),
           cfg.address.c_str(), cfg.port, vmha::xvm::hash_name(cfg.hash), vmha::xvm::hash_name(cfg.auth),
           cfg.backend.c_str(), cfg.uri.c_str());
  if (group_count > 0)
    log_line(LOG_NOTICE, "access limited by %zu group(s): a source acts only on the guests its groups list",
             group_count);
  server.run(g_stop);
  unlink(pidfile.c_str());
  return 0;
}
