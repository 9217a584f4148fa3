// The one adapter between the agents and libvirt's C API. Everything here may block on
// libvirtd; callers bound it with a Deadline and the process Watchdog.
#pragma once
#include <libvirt/libvirt.h>

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain_reader.hpp"

namespace vmha::agents {

class LibvirtFailure : public std::runtime_error {
 public:
  LibvirtFailure(std::string what, int code, bool unreachable)
      : std::runtime_error(std::move(what)), code(code), unreachable(unreachable) {}
  int code;          // virErrorNumber
  bool unreachable;  // the daemon could not be reached at all (not running, socket missing)
};

struct JobProgress {
  int type;  // virDomainJobType; VIR_DOMAIN_JOB_NONE when no job runs
  unsigned long long data_total = 0;
  unsigned long long data_processed = 0;
  unsigned long long data_remaining = 0;
  unsigned long long downtime_ms = 0;  // after completion, when reported
  int operation = 0;                   // virDomainJobOperation
};

// What virDomainMigrate3 / virDomainMigrateToURI3 need.
struct MigrationRequest {
  std::string destination_uri;  // libvirt URI of the target host
  std::string data_uri;         // hypervisor's own migration URI; empty = libvirt's choice
  unsigned long flags = 0;      // VIR_MIGRATE_*
  unsigned long long bandwidth_mib_s = 0;
  int parallel_connections = 0;
  int auto_converge_initial = -1;
  int auto_converge_increment = -1;
};

class LibvirtSession : public DomainReader {
 public:
  // uri "" = libvirt's default (LIBVIRT_DEFAULT_URI, then the configured/probed default).
  static LibvirtSession connect(const std::string& uri);
  LibvirtSession(LibvirtSession&& other) noexcept;
  LibvirtSession& operator=(LibvirtSession&&) = delete;
  ~LibvirtSession();

  std::string uri() const;
  std::string hypervisor_driver() const;  // "QEMU", "Xen", "LXC", "TEST"

  std::optional<DomainStatus> status(const std::string& name) override;
  bool exists(const std::string& name) { return status(name).has_value(); }
  bool is_persistent(const std::string& name);
  bool autostarts(const std::string& name);
  void set_autostart(const std::string& name, bool on);
  DomainResources resources(const std::string& name) override;
  std::string describe(const std::string& name, unsigned int flags);

  void create_transient(const std::string& xml);
  void define(const std::string& xml);
  void undefine(const std::string& name);
  void start_defined(const std::string& name);
  void shutdown(const std::string& name, unsigned int mode_flags);
  // Hard power-off. false: it was not running (already gone), which is what destroy wants.
  bool destroy(const std::string& name);
  void save(const std::string& name, const std::string& path);
  void restore(const std::string& path);
  // nullopt when the agent answered guest-ping; the reason otherwise.
  std::optional<std::string> guest_agent_silent(const std::string& name, int timeout_s);
  void ensure_network_active(const std::string& network);
  void ensure_pool_active(const std::string& pool);

  // Blocks until the migration finished or failed; safe to call job()/abort_job() meanwhile
  // from another thread (libvirt connections are thread-safe).
  void migrate(const std::string& name, LibvirtSession* destination, const MigrationRequest& request);
  JobProgress job(const std::string& name);
  void abort_job(const std::string& name);
  void set_max_downtime(const std::string& name, unsigned long long ms);
  void start_postcopy(const std::string& name);

 private:
  explicit LibvirtSession(virConnectPtr conn) : conn_(conn) {}
  virDomainPtr domain(const std::string& name);  // throws LibvirtFailure(VIR_ERR_NO_DOMAIN)
  [[noreturn]] void fail(const std::string& what);

  virConnectPtr conn_ = nullptr;
  std::mutex domains_mutex_;  // migration polls job() from a second thread
  std::map<std::string, virDomainPtr> domains_;
};

}  // namespace vmha::agents
