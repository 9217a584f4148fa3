// fence_virtd: serves the fence_xvm protocol for guests of this host. Takes Debian fence_virtd's
// command line (-F foreground, -f config, -p pidfile, -d level) so it can replace it in place.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include <vmha/atomic_file.hpp>
#include <vmha/log.hpp>
#include <vmha/options.hpp>

#include "auth_exchange.hpp"
#include "access_groups.hpp"
#include "backend.hpp"
#include "cpg_backend.hpp"
#include "server.hpp"

using namespace vmha::virtd;

namespace {

volatile bool g_stop = false;
void on_signal(int) { g_stop = true; }

// Start-up errors reach stderr even without -F: the administrator who started the daemon must see why it stopped.
int fail(const std::string& msg) {
  vmha::log::write(vmha::log::Level::Error, msg, vmha::log::Stderr::Always);
  return 1;
}

// The command line, declared once (vmha/options.hpp): getopt, --help and the man page come from it.
constexpr int kConfigure = 'c';
const vmha::cli::Command kCommand{
    "fence_virtd",
    {"[-F] [-f FILE] [-p FILE] [-d LEVEL] [-w]"},
    {
        {'F', "foreground", nullptr, "stay in the foreground and log to stderr as well as syslog"},
        {'f', "config", "FILE", "configuration file (default /etc/fence_virt.conf)"},
        {'p', "pid-file", "FILE", "pid file (default /var/run/fence_virtd.pid)"},
        {'d', "debug", "LEVEL", "accepted for fence-virt compatibility; every message is logged at every level"},
        {'w', "wait", nullptr, "accepted for fence-virt compatibility; backends connect on first use"},
        {kConfigure, "configure", nullptr, "fence-virt's interactive configuration: not supported (edit the file)"},
    },
    "",
    "Serves the fence_xvm protocol (multicast or TCP) for this host's guests.\n",
    "fence_virtd (vmha)",
    false,
};

// A config on a FIFO, a device or hung storage must not hang or exhaust the daemon: only a
// regular file, opened without blocking, at most kMaxConfigBytes. Error text or "".
std::string read_config_file(const std::string& path, std::string& text) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return "cannot read " + path + ": " + std::strerror(errno);
  struct stat st {};
  if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return path + ": not a regular file";
  }
  text.clear();
  char buf[65536];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      close(fd);
      return "cannot read " + path + ": " + std::strerror(err);
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
    if (text.size() > kMaxConfigBytes) break;  // the parser names the bound
  }
  close(fd);
  return {};
}

bool write_pidfile(const std::string& path) {
  return vmha::write_file_atomically(path, std::to_string(getpid()) + "\n", 0644).empty();
}

}  // namespace

int main(int argc, char** argv) {
  vmha::log::Config log{"fence_virtd", vmha::log::Style::Daemon, false, true, true};
  vmha::log::configure(log);
  bool foreground = false;
  std::string conf_file = "/etc/fence_virt.conf";
  std::string pidfile = "/var/run/fence_virtd.pid";
  bool configure = false;
  std::vector<std::string> rest;
  const int rc = vmha::cli::parse(
      kCommand, argc, argv,
      [&](int key, const char* arg) -> std::string {
        switch (key) {
          case 'F':
            foreground = true;
            break;
          case 'f':
            conf_file = arg;
            break;
          case 'p':
            pidfile = arg;
            break;
          case kConfigure:
            configure = true;
            break;
        }
        return "";  // -d and -w: accepted, nothing to do
      },
      rest);
  if (rc >= 0) return rc;
  if (!rest.empty()) return vmha::cli::usage_error(kCommand, "unexpected argument '" + rest[0] + "'");
  if (configure) return fail("interactive configuration (-c) is not supported; edit " + conf_file);
  log.to_stderr = foreground;
  vmha::log::configure(log);

  std::string text;
  if (std::string err = read_config_file(conf_file, text); !err.empty()) return fail(err);
  ConfigParse parsed = parse_config_text(text, conf_file);
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
  vmha::log::writef(vmha::log::Level::Notice, "serving %s on %s port %u (hash %s, auth %s), backend %s %s",
                    cfg.listener.c_str(), cfg.address.c_str(), cfg.port, vmha::xvm::hash_name(cfg.hash),
                    vmha::xvm::hash_name(cfg.auth), cfg.backend.c_str(), cfg.uri.c_str());
  if (group_count > 0)
    vmha::log::writef(vmha::log::Level::Notice,
                      "access limited by %zu group(s): a source acts only on the guests its groups list", group_count);
  server.run(g_stop);
  unlink(pidfile.c_str());
  return 0;
}
