#include "libvirt_session.hpp"

#include "libvirt_library.hpp"

#include <cstdlib>
#include <memory>

namespace vmha::agents {
namespace {

std::string last_error_message() {
  virErrorPtr e = libvirt().virGetLastError();
  return e && e->message ? e->message : "unknown libvirt error";
}

int last_error_code() {
  virErrorPtr e = libvirt().virGetLastError();
  return e ? e->code : VIR_ERR_INTERNAL_ERROR;
}

// The daemon is absent (socket missing, connection refused): distinct from "it answered no".
bool connect_error_means_unreachable() {
  virErrorPtr e = libvirt().virGetLastError();
  if (!e) return true;
  return e->code == VIR_ERR_SYSTEM_ERROR || e->code == VIR_ERR_NO_CONNECT || e->code == VIR_ERR_RPC ||
         e->code == VIR_ERR_OPERATION_FAILED;
}

struct TypedParams {
  virTypedParameterPtr params = nullptr;
  int count = 0;
  int capacity = 0;
  ~TypedParams() { libvirt().virTypedParamsFree(params, count); }
};

}  // namespace

LibvirtSession LibvirtSession::connect(const std::string& uri) {
  std::string why;
  if (!load_libvirt(&why)) throw LibvirtFailure(why, VIR_ERR_INTERNAL_ERROR, false);
  virConnectPtr conn = libvirt().virConnectOpen(uri.empty() ? nullptr : uri.c_str());
  if (!conn) {
    bool unreachable = connect_error_means_unreachable();
    throw LibvirtFailure("cannot connect to " + (uri.empty() ? std::string("the default hypervisor") : uri) + ": " +
                             last_error_message(),
                         last_error_code(), unreachable);
  }
  return LibvirtSession(conn);
}

LibvirtSession::LibvirtSession(LibvirtSession&& other) noexcept
    : conn_(other.conn_), domains_(std::move(other.domains_)) {
  other.conn_ = nullptr;
  other.domains_.clear();
}

LibvirtSession::~LibvirtSession() {
  for (auto& [name, dom] : domains_) libvirt().virDomainFree(dom);
  if (conn_) libvirt().virConnectClose(conn_);
}

void LibvirtSession::fail(const std::string& what) {
  int code = last_error_code();
  bool unreachable = code == VIR_ERR_SYSTEM_ERROR || code == VIR_ERR_RPC || code == VIR_ERR_NO_CONNECT;
  throw LibvirtFailure(what + ": " + last_error_message(), code, unreachable);
}

std::string LibvirtSession::uri() const {
  std::unique_ptr<char, decltype(&free)> u(libvirt().virConnectGetURI(conn_), &free);
  return u ? u.get() : "";
}

std::string LibvirtSession::hypervisor_driver() const {
  const char* t = libvirt().virConnectGetType(conn_);
  return t ? t : "";
}

virDomainPtr LibvirtSession::domain(const std::string& name) {
  std::lock_guard lock(domains_mutex_);
  if (auto it = domains_.find(name); it != domains_.end()) return it->second;
  virDomainPtr d = libvirt().virDomainLookupByName(conn_, name.c_str());
  if (!d) fail("cannot look up domain " + name);
  domains_.emplace(name, d);
  return d;
}

std::optional<DomainStatus> LibvirtSession::status(const std::string& name) {
  virDomainPtr d = nullptr;
  try {
    d = domain(name);
  } catch (const LibvirtFailure& f) {
    if (f.code == VIR_ERR_NO_DOMAIN) return std::nullopt;
    throw;
  }
  int state = 0, reason = 0;
  if (libvirt().virDomainGetState(d, &state, &reason, 0) < 0) {
    if (last_error_code() == VIR_ERR_NO_DOMAIN) {
      // A transient domain that vanished since the lookup (shut down, migrated away).
      std::lock_guard lock(domains_mutex_);
      libvirt().virDomainFree(d);
      domains_.erase(name);
      return std::nullopt;
    }
    fail("cannot read the state of " + name);
  }
  return DomainStatus{state, reason};
}

bool LibvirtSession::is_persistent(const std::string& name) {
  int p = libvirt().virDomainIsPersistent(domain(name));
  if (p < 0) fail("cannot tell whether " + name + " is persistent");
  return p == 1;
}

bool LibvirtSession::autostarts(const std::string& name) {
  int on = 0;
  if (libvirt().virDomainGetAutostart(domain(name), &on) < 0) fail("cannot tell whether " + name + " autostarts");
  return on != 0;
}

void LibvirtSession::set_autostart(const std::string& name, bool on) {
  if (libvirt().virDomainSetAutostart(domain(name), on ? 1 : 0) < 0)
    fail(std::string("cannot turn autostart ") + (on ? "on" : "off") + " for " + name);
}

DomainResources LibvirtSession::resources(const std::string& name) {
  virDomainInfo info;
  if (libvirt().virDomainGetInfo(domain(name), &info) < 0) fail("cannot read the resources of " + name);
  return {info.nrVirtCpu, info.maxMem};
}

std::string LibvirtSession::describe(const std::string& name, unsigned int flags) {
  std::unique_ptr<char, decltype(&free)> xml(libvirt().virDomainGetXMLDesc(domain(name), flags), &free);
  if (!xml) fail("cannot read the XML of " + name);
  return xml.get();
}

void LibvirtSession::create_transient(const std::string& xml) {
  virDomainPtr d = libvirt().virDomainCreateXML(conn_, xml.c_str(), 0);
  if (!d) fail("cannot create the domain");
  libvirt().virDomainFree(d);
}

void LibvirtSession::define(const std::string& xml) {
  virDomainPtr d = libvirt().virDomainDefineXML(conn_, xml.c_str());
  if (!d) fail("cannot define the domain");
  libvirt().virDomainFree(d);
}

void LibvirtSession::undefine(const std::string& name) {
  virDomainPtr d = domain(name);
  if (libvirt().virDomainUndefineFlags(d, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
                                              VIR_DOMAIN_UNDEFINE_NVRAM | VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA) <
          0 &&
      libvirt().virDomainUndefine(d) < 0)
    fail("cannot undefine " + name);
  std::lock_guard lock(domains_mutex_);
  libvirt().virDomainFree(d);
  domains_.erase(name);
}

void LibvirtSession::start_defined(const std::string& name) {
  if (libvirt().virDomainCreate(domain(name)) < 0) fail("cannot start " + name);
}

void LibvirtSession::shutdown(const std::string& name, unsigned int mode_flags) {
  if (libvirt().virDomainShutdownFlags(domain(name), mode_flags) < 0) fail("cannot request shutdown of " + name);
}

bool LibvirtSession::destroy(const std::string& name) {
  virDomainPtr d;
  try {
    d = domain(name);
  } catch (const LibvirtFailure& f) {
    if (f.code == VIR_ERR_NO_DOMAIN) return false;
    throw;
  }
  if (libvirt().virDomainDestroy(d) < 0) {
    int code = last_error_code();
    if (code == VIR_ERR_NO_DOMAIN || code == VIR_ERR_OPERATION_INVALID) return false;
    fail("cannot destroy " + name);
  }
  return true;
}

void LibvirtSession::save(const std::string& name, const std::string& path) {
  if (libvirt().virDomainSave(domain(name), path.c_str()) < 0) fail("cannot save " + name + " to " + path);
}

void LibvirtSession::restore(const std::string& path) {
  if (libvirt().virDomainRestore(conn_, path.c_str()) < 0) fail("cannot restore from " + path);
}

std::optional<std::string> LibvirtSession::guest_agent_silent(const std::string& name, int timeout_s) {
  char* reply = libvirt().virDomainQemuAgentCommand(domain(name), R"({"execute":"guest-ping"})", timeout_s, 0);
  if (reply) {
    free(reply);
    return std::nullopt;
  }
  return last_error_message();
}

void LibvirtSession::ensure_network_active(const std::string& network) {
  virNetworkPtr n = libvirt().virNetworkLookupByName(conn_, network.c_str());
  if (!n) fail("cannot find network " + network);
  std::unique_ptr<virNetwork, decltype(libvirt().virNetworkFree)> guard(n, libvirt().virNetworkFree);
  int active = libvirt().virNetworkIsActive(n);
  if (active < 0) fail("cannot read network " + network);
  if (!active && libvirt().virNetworkCreate(n) < 0) fail("cannot start network " + network);
}

void LibvirtSession::ensure_pool_active(const std::string& pool) {
  virStoragePoolPtr p = libvirt().virStoragePoolLookupByName(conn_, pool.c_str());
  if (!p) fail("cannot find storage pool " + pool);
  std::unique_ptr<virStoragePool, decltype(libvirt().virStoragePoolFree)> guard(p, libvirt().virStoragePoolFree);
  int active = libvirt().virStoragePoolIsActive(p);
  if (active < 0) fail("cannot read storage pool " + pool);
  if (!active && libvirt().virStoragePoolCreate(p, 0) < 0) fail("cannot start storage pool " + pool);
}

void LibvirtSession::migrate(const std::string& name, LibvirtSession* destination, const MigrationRequest& r) {
  virDomainPtr d = domain(name);
  TypedParams tp;
  if (!r.data_uri.empty())
    libvirt().virTypedParamsAddString(&tp.params, &tp.count, &tp.capacity, VIR_MIGRATE_PARAM_URI, r.data_uri.c_str());
  if (r.bandwidth_mib_s > 0)
    libvirt().virTypedParamsAddULLong(&tp.params, &tp.count, &tp.capacity, VIR_MIGRATE_PARAM_BANDWIDTH,
                                      r.bandwidth_mib_s);
  if (r.parallel_connections > 0)
    libvirt().virTypedParamsAddInt(&tp.params, &tp.count, &tp.capacity, VIR_MIGRATE_PARAM_PARALLEL_CONNECTIONS,
                                   r.parallel_connections);
  if (r.auto_converge_initial >= 0)
    libvirt().virTypedParamsAddInt(&tp.params, &tp.count, &tp.capacity, VIR_MIGRATE_PARAM_AUTO_CONVERGE_INITIAL,
                                   r.auto_converge_initial);
  if (r.auto_converge_increment >= 0)
    libvirt().virTypedParamsAddInt(&tp.params, &tp.count, &tp.capacity, VIR_MIGRATE_PARAM_AUTO_CONVERGE_INCREMENT,
                                   r.auto_converge_increment);
  // Peer-to-peer and tunnelled migrations are driven by the source daemon, which connects to
  // the destination itself; the others are driven from here through both connections.
  if (r.flags & (VIR_MIGRATE_PEER2PEER | VIR_MIGRATE_TUNNELLED)) {
    if (libvirt().virDomainMigrateToURI3(d, r.destination_uri.c_str(), tp.params, tp.count, r.flags) < 0)
      fail("migration of " + name + " to " + r.destination_uri + " failed");
    return;
  }
  virDomainPtr moved = libvirt().virDomainMigrate3(d, destination->conn_, tp.params, tp.count, r.flags);
  if (!moved) fail("migration of " + name + " to " + r.destination_uri + " failed");
  libvirt().virDomainFree(moved);
}

JobProgress LibvirtSession::job(const std::string& name) {
  JobProgress p{};
  TypedParams tp;
  int type = VIR_DOMAIN_JOB_NONE;
  if (libvirt().virDomainGetJobStats(domain(name), &type, &tp.params, &tp.count, 0) < 0)
    fail("cannot read the job of " + name);
  p.type = type;
  libvirt().virTypedParamsGetULLong(tp.params, tp.count, VIR_DOMAIN_JOB_DATA_TOTAL, &p.data_total);
  libvirt().virTypedParamsGetULLong(tp.params, tp.count, VIR_DOMAIN_JOB_DATA_PROCESSED, &p.data_processed);
  libvirt().virTypedParamsGetULLong(tp.params, tp.count, VIR_DOMAIN_JOB_DATA_REMAINING, &p.data_remaining);
  libvirt().virTypedParamsGetULLong(tp.params, tp.count, VIR_DOMAIN_JOB_DOWNTIME, &p.downtime_ms);
  libvirt().virTypedParamsGetInt(tp.params, tp.count, VIR_DOMAIN_JOB_OPERATION, &p.operation);
  return p;
}

void LibvirtSession::abort_job(const std::string& name) {
  if (libvirt().virDomainAbortJob(domain(name)) < 0) fail("cannot abort the job of " + name);
}

void LibvirtSession::set_max_downtime(const std::string& name, unsigned long long ms) {
  if (libvirt().virDomainMigrateSetMaxDowntime(domain(name), ms, 0) < 0)
    fail("cannot set the maximum downtime of " + name);
}

void LibvirtSession::start_postcopy(const std::string& name) {
  if (libvirt().virDomainMigrateStartPostCopy(domain(name), 0) < 0) fail("cannot switch " + name + " to post-copy");
}

}  // namespace vmha::agents
