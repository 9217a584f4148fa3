#include "daemon.hpp"

#include <fcntl.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <future>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "event_policy.hpp"
#include "guest_record.hpp"
#include "guest_state.hpp"
#include "vmha/log.hpp"
#include "pacemaker.hpp"
#include "vmha/version.hpp"

namespace vmha::guestd {

using agents::GuestRecord;

namespace {

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop = true; }

void ignore_libvirt_errors(void*, virErrorPtr) {}

std::string last_libvirt_error() {
  virErrorPtr e = virGetLastError();
  return e && e->message ? e->message : "unknown libvirt error";
}

std::string local_time(std::time_t t) {
  char buf[32];
  std::tm tm;
  localtime_r(&t, &tm);
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

// A disk answers when one read of its first block returns within a second. The read runs on a
// thread of its own: storage that hangs must never stall the event loop.
bool disk_answers(const std::string& path) {
  auto result = std::make_shared<std::promise<bool>>();
  auto answer = result->get_future();
  std::thread([path, result] {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    char block[4096];
    bool ok = fd >= 0 && pread(fd, block, sizeof block, 0) >= 0;
    if (fd >= 0) close(fd);
    result->set_value(ok);
  }).detach();
  return answer.wait_for(std::chrono::seconds(1)) == std::future_status::ready && answer.get();
}

class Daemon {
 public:
  explicit Daemon(DaemonOptions o) : o_(std::move(o)) {}

  int run();

  // libvirt's callbacks (C linkage through these statics; opaque is the Daemon).
  static int on_lifecycle(virConnectPtr, virDomainPtr dom, int event, int detail, void* self) {
    static_cast<Daemon*>(self)->handle(virDomainGetName(dom), {Source::Lifecycle, event, detail}, "");
    return 0;
  }
  static int on_watchdog(virConnectPtr, virDomainPtr dom, int action, void* self) {
    static_cast<Daemon*>(self)->handle(virDomainGetName(dom), {Source::Watchdog, action, 0}, "");
    return 0;
  }
  static int on_io_error(virConnectPtr, virDomainPtr dom, const char* path, const char* alias, int action,
                         const char* reason, void* self) {
    log::warning(virDomainGetName(dom), ": I/O error on ", path ? path : "?", " (", alias ? alias : "?",
                 reason && *reason ? std::string(", ") + reason : std::string(), ")");
    static_cast<Daemon*>(self)->handle(virDomainGetName(dom), {Source::IoError, action, 0}, path ? path : "");
    return 0;
  }
  static int on_agent(virConnectPtr, virDomainPtr dom, int state, int reason, void*) {
    log::info(virDomainGetName(dom), ": QEMU guest agent ",
              state == VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_STATE_CONNECTED ? "connected" : "disconnected",
              " (reason ", reason, ")");
    return 0;
  }
  static void on_close(virConnectPtr, int reason, void* self) {
    log::warning("lost the connection to libvirtd (reason ", reason, "); reconnecting");
    static_cast<Daemon*>(self)->lost_ = true;
  }
  static void on_tick(int, void* self) { static_cast<Daemon*>(self)->tick(); }

 private:
  struct Watched {
    std::string condition = "running";  // what the daemon last saw or decided
    std::string disk_path;              // the disk of the last storage error, for resume
    bool resume_when_healed = false;
    std::time_t last_resume_try = 0;
  };

  bool connect();
  void disconnect();
  void resync();
  void handle(const std::string& guest, const GuestEvent& e, const std::string& path);
  void report(const GuestRecord& r, const std::string& why);
  void tick();
  void try_resumes();
  void write_status();
  void load_reported();
  void save_reported();
  std::string node();

  DaemonOptions o_;
  virConnectPtr conn_ = nullptr;
  std::vector<int> callbacks_;
  bool lost_ = false;
  std::time_t connected_since_ = 0;
  std::string node_;
  std::time_t node_asked_ = 0;
  unsigned ticks_ = 0;
  std::map<std::string, Watched> watched_;
  // guest → the `started` of the record last reported: one failure is reported once, across
  // reconnects and daemon restarts; the next start writes a new `started`.
  std::map<std::string, std::time_t> reported_;
};

std::string Daemon::node() {
  if (node_.empty()) {
    if (!o_.node.empty())
      node_ = o_.node;
    else if (auto n = pacemaker_node_name())
      node_ = *n;
  }
  return node_;
}

bool Daemon::connect() {
  conn_ = virConnectOpen(o_.uri.c_str());
  if (!conn_) return false;
  if (virConnectSetKeepAlive(conn_, o_.keepalive_interval, o_.keepalive_count) < 0)
    log::warning("cannot set keepalive on ", o_.uri, ": ", last_libvirt_error());
  virConnectRegisterCloseCallback(conn_, on_close, this, nullptr);
  struct {
    int id;
    virConnectDomainEventGenericCallback cb;
  } subscriptions[] = {
      {VIR_DOMAIN_EVENT_ID_LIFECYCLE, VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle)},
      {VIR_DOMAIN_EVENT_ID_WATCHDOG, VIR_DOMAIN_EVENT_CALLBACK(on_watchdog)},
      {VIR_DOMAIN_EVENT_ID_IO_ERROR_REASON, VIR_DOMAIN_EVENT_CALLBACK(on_io_error)},
      {VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE, VIR_DOMAIN_EVENT_CALLBACK(on_agent)},
  };
  for (const auto& s : subscriptions) {
    int id = virConnectDomainEventRegisterAny(conn_, nullptr, s.id, s.cb, this, nullptr);
    if (id < 0) {
      log::error("cannot subscribe to libvirt event ", s.id, ": ", last_libvirt_error());
      disconnect();
      return false;
    }
    callbacks_.push_back(id);
  }
  lost_ = false;
  connected_since_ = std::time(nullptr);
  log::info("connected to ", o_.uri, " (keepalive ", o_.keepalive_interval, " s x ", o_.keepalive_count, ")");
  return true;
}

void Daemon::disconnect() {
  if (!conn_) return;
  for (int id : callbacks_) virConnectDomainEventDeregisterAny(conn_, id);
  callbacks_.clear();
  virConnectUnregisterCloseCallback(conn_, on_close);
  virConnectClose(conn_);
  conn_ = nullptr;
  connected_since_ = 0;
}

// After every (re)connect: whatever happened while no one listened is found in the guests' states.
void Daemon::resync() {
  std::vector<std::string> problems;
  auto records = agents::read_all_records(o_.records, &problems);
  for (const auto& p : problems) log::warning("ignoring the guest record ", p);
  for (const auto& r : records) {
    virDomainPtr dom = virDomainLookupByName(conn_, r.guest.c_str());
    if (!dom) {
      virErrorPtr e = virGetLastError();
      if (e && e->code == VIR_ERR_NO_DOMAIN)
        handle(r.guest, {Source::Absent, 0, 0}, "");
      else
        log::warning("cannot look up ", r.guest, ": ", last_libvirt_error());
      continue;
    }
    int state = 0, reason = 0;
    if (virDomainGetState(dom, &state, &reason, 0) == 0)
      handle(r.guest, {Source::Resync, state, reason}, "");
    else
      log::warning("cannot read the state of ", r.guest, ": ", last_libvirt_error());
    virDomainFree(dom);
  }
  // Records gone (stopped by the agent) are no longer watched.
  for (auto it = watched_.begin(); it != watched_.end();) {
    bool kept = false;
    for (const auto& r : records) kept = kept || r.guest == it->first;
    it = kept ? std::next(it) : watched_.erase(it);
  }
  write_status();
}

void Daemon::handle(const std::string& guest, const GuestEvent& e, const std::string& path) {
  std::string why;
  auto record = agents::read_record(o_.records, guest, &why);
  if (!record) {
    if (!why.empty())
      log::warning("ignoring the guest record of ", guest, ": ", why);
    else
      log::debug(guest, " is not a cluster guest here; event ignored");
    return;
  }
  std::time_t now = std::time(nullptr);
  Decision d = decide(e, record->intent_at(now), record->storage_error_policy);
  Watched& w = watched_[guest];
  log::info(guest, " (", record->resource, "): ", d.why, " -> ", verdict_name(d.verdict));
  switch (d.verdict) {
    case Verdict::Ignore:
      if (e.source == Source::Lifecycle && e.code == VIR_DOMAIN_EVENT_RESUMED) w.resume_when_healed = false;
      if (e.source != Source::Watchdog) w.condition = d.why;
      break;
    case Verdict::Report:
      w.condition = d.why;
      report(*record, d.why);
      break;
    case Verdict::LeavePaused:
      w.condition = d.why;
      break;
    case Verdict::ResumeWhenHealed:
      w.condition = d.why;
      w.resume_when_healed = true;
      if (!path.empty()) w.disk_path = path;
      break;
  }
  write_status();
}

void Daemon::report(const GuestRecord& r, const std::string& why) {
  auto done = reported_.find(r.guest);
  if (done != reported_.end() && done->second == r.started) {
    log::info(r.guest, ": already reported to Pacemaker");
    return;
  }
  std::string here = node();
  if (here.empty()) {
    log::error(r.guest, " ", why,
               ", but Pacemaker's name of this node is unknown (crm_node -n failed); "
               "its monitor will find it");
    return;
  }
  ResourceView v = pacemaker_view(r.resource, here, o_.run_dir + "/crm_mon.xml");
  if (!v.problem.empty()) {
    log::error(r.guest, " ", why, ", but Pacemaker's view could not be read (", v.problem,
               "); its monitor will find it");
    return;
  }
  if (!may_report(v)) {
    log::info(r.guest, ": not reporting to Pacemaker: ", r.resource,
              !v.found     ? " is not a resource"
              : !v.managed ? " is not managed"
                           : " is not active on this node");
    return;
  }
  std::string failed = report_failure(r.resource, here);
  if (!failed.empty()) {
    log::error(r.guest, " ", why, ", but ", failed);
    return;
  }
  log::warning(r.guest, " ", why, ": reported the failure of ", r.resource, " on ", here,
               " to Pacemaker (crm_resource --fail)");
  reported_[r.guest] = r.started;
  save_reported();
}

void Daemon::try_resumes() {
  std::time_t now = std::time(nullptr);
  for (auto& [guest, w] : watched_) {
    if (!w.resume_when_healed || now - w.last_resume_try < 2) continue;
    w.last_resume_try = now;
    if (!w.disk_path.empty() && !disk_answers(w.disk_path)) continue;
    virDomainPtr dom = virDomainLookupByName(conn_, guest.c_str());
    if (!dom) continue;
    int state = 0, reason = 0;
    if (virDomainGetState(dom, &state, &reason, 0) == 0 &&
        !(state == VIR_DOMAIN_PAUSED && reason == VIR_DOMAIN_PAUSED_IOERROR)) {
      w.resume_when_healed = false;  // someone else resumed or stopped it
    } else if (virDomainResume(dom) == 0) {
      log::info(guest, ": its disks answer again; resumed it (storage_error_policy=resume)");
      w.resume_when_healed = false;
      w.condition = "resumed after a storage error";
      write_status();
    } else {
      log::info(guest, ": resume failed: ", last_libvirt_error());
    }
    virDomainFree(dom);
  }
}

void Daemon::tick() {
  if (g_stop) return;
  if (conn_ && (lost_ || virConnectIsAlive(conn_) != 1)) disconnect();
  if (!conn_) {
    if (connect())
      resync();
    else
      write_status();
    return;
  }
  try_resumes();
  // The records change under the daemon (the agents write them): --status stays at most 5 s behind.
  if (++ticks_ % 5 == 0) write_status();
  // Asked ahead of the first failure, so that a report does not wait for crm_node (every 10 s
  // until Pacemaker answers).
  if (node_.empty() && std::time(nullptr) - node_asked_ >= 10) {
    node_asked_ = std::time(nullptr);
    node();
  }
}

void Daemon::write_status() {
  std::ostringstream s;
  s << "vmha-guestd " << vmha::version << " pid " << getpid() << "\n";
  s << "libvirt: " << o_.uri << (conn_ ? " connected since " + local_time(connected_since_) : " not connected") << "\n";
  s << "pacemaker node: " << (node_.empty() ? "(not known yet)" : node_) << "\n";
  s << "guest records: " << o_.records << "\n";
  std::vector<std::string> problems;
  std::time_t now = std::time(nullptr);
  for (const auto& r : agents::read_all_records(o_.records, &problems)) {
    auto w = watched_.find(r.guest);
    s << "guest " << r.guest << " resource " << r.resource << " storage_error_policy "
      << agents::storage_policy_name(r.storage_error_policy) << " intent " << agents::intent_name(r.intent_at(now))
      << ": " << (w == watched_.end() ? "running" : w->second.condition) << "\n";
  }
  std::string path = o_.run_dir + "/status", tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << s.str();
  }
  std::rename(tmp.c_str(), path.c_str());
}

void Daemon::load_reported() {
  std::ifstream in(o_.run_dir + "/reported");
  std::string guest;
  long long started;
  while (in >> guest >> started) reported_[guest] = static_cast<std::time_t>(started);
}

void Daemon::save_reported() {
  std::string path = o_.run_dir + "/reported", tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    for (const auto& [guest, started] : reported_) out << guest << " " << started << "\n";
  }
  std::rename(tmp.c_str(), path.c_str());
}

int Daemon::run() {
  auto slash = o_.run_dir.rfind('/');
  if (slash != std::string::npos && slash > 0) mkdir(o_.run_dir.substr(0, slash).c_str(), 0755);
  mkdir(o_.run_dir.c_str(), 0755);
  std::string pid_path = o_.run_dir + "/pid";
  int pid_fd = open(pid_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (pid_fd < 0 || flock(pid_fd, LOCK_EX | LOCK_NB) != 0) {
    std::cerr << "vmha-guestd: another vmha-guestd runs with " << o_.run_dir << " (" << pid_path << " is locked)\n";
    return 1;
  }
  std::string pid = std::to_string(getpid()) + "\n";
  if (ftruncate(pid_fd, 0) != 0 || write(pid_fd, pid.data(), pid.size()) < 0) log::warning("cannot write ", pid_path);

  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);

  virSetErrorFunc(nullptr, ignore_libvirt_errors);
  // The event loop before the connection: keepalive and events both need it (research/safety.md §2).
  if (virEventRegisterDefaultImpl() < 0) {
    std::cerr << "vmha-guestd: cannot set up libvirt's event loop: " << last_libvirt_error() << "\n";
    return 1;
  }
  load_reported();
  log::info("vmha-guestd ", vmha::version, " watching ", o_.uri, " for the guests recorded in ", o_.records);
  if (connect())
    resync();
  else
    log::warning("cannot connect to ", o_.uri, " (", last_libvirt_error(), "); retrying every second");
  write_status();
  int timer = virEventAddTimeout(1000, on_tick, this, nullptr);
  while (!g_stop) {
    if (virEventRunDefaultImpl() < 0) log::warning("libvirt event loop: ", last_libvirt_error());
  }
  virEventRemoveTimeout(timer);
  disconnect();
  std::remove((o_.run_dir + "/status").c_str());
  log::info("vmha-guestd stopped");
  return 0;
}

}  // namespace

int run_daemon(const DaemonOptions& options) {
  Daemon d(options);
  return d.run();
}

int print_status(const DaemonOptions& o) {
  // The daemon holds a lock on its pid file while it runs: a stale pid file proves nothing.
  std::string pid_path = o.run_dir + "/pid";
  int fd = open(pid_path.c_str(), O_RDONLY | O_CLOEXEC);
  bool running = fd >= 0 && flock(fd, LOCK_SH | LOCK_NB) != 0;
  if (fd >= 0) close(fd);
  std::ifstream status(o.run_dir + "/status");
  if (!running || !status) {
    std::cout << "vmha-guestd is not running (" << o.run_dir << ")\n";
    return 3;
  }
  std::cout << status.rdbuf();
  return 0;
}

}  // namespace vmha::guestd
