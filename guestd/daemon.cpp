#include "daemon.hpp"

#include <fcntl.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/inotify.h>
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
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "cib_watch.hpp"
#include "event_policy.hpp"
#include "guest_record.hpp"
#include "guest_state.hpp"
#include "heartbeat_worker.hpp"
#include "hung_policy.hpp"
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
  explicit Daemon(DaemonOptions o) : o_(std::move(o)), worker_(o_.uri, o_.records) {}

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
  static int on_agent(virConnectPtr, virDomainPtr dom, int state, int reason, void* self) {
    bool connected = state == VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_STATE_CONNECTED;
    log::info(virDomainGetName(dom), ": QEMU guest agent ", connected ? "connected" : "disconnected", " (reason ",
              reason, ")");
    // The agent closed its channel (the guest rebooted, the agent stopped): not a hang. Its
    // heartbeat starts over with its next answer.
    if (!connected) {
      auto* d = static_cast<Daemon*>(self);
      d->agents_[virDomainGetName(dom)].forget();
      d->write_status();
    }
    return 0;
  }
  static void on_close(virConnectPtr, int reason, void* self) {
    log::warning("lost the connection to libvirtd (reason ", reason, "); reconnecting");
    static_cast<Daemon*>(self)->lost_ = true;
  }
  static void on_tick(int, void* self) { static_cast<Daemon*>(self)->tick(); }
  static void on_records_changed(int, int fd, int, void* self) { static_cast<Daemon*>(self)->records_changed(fd); }

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
  void hung(const GuestRecord& r, const std::string& why);
  void take_worker_results();
  void load_resets();
  void save_resets();
  void tick();
  void try_resumes();
  void write_status();
  void records_changed(int fd);
  void watch_records();
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
  // The status is rewritten when something changes, never on a timer: on a decision, a (re)connect,
  // a change in the records directory (inotify), and when a time-bound fact in it expires (an
  // intent's deadline, a reset leaving the window): status_due_.
  int inotify_fd_ = -1;
  int inotify_handle_ = -1;
  std::time_t status_due_ = 0;  // 0: nothing in the status expires
  std::string last_status_;
  std::map<std::string, Watched> watched_;
  // guest → the `started` of the record last reported: one failure is reported once, across
  // reconnects and daemon restarts; the next start writes a new `started`.
  std::map<std::string, std::time_t> reported_;
  // guest → when the daemon reset it (hung): the reset limit's memory, kept across daemon restarts.
  std::map<std::string, std::vector<std::time_t>> resets_;
  std::map<std::string, AgentHeartbeat> agents_;  // the guest-agent heartbeat of each guest
  HeartbeatWorker worker_;

  // Pacemaker's view, kept current in the background (cib_watch.hpp): a report then costs one
  // process (crm_resource), not two.
  void keep_view_current();
  CibWatch cib_;
  std::time_t cib_tried_ = 0;
  unsigned long gen_seen_ = 0;  // the generation at the last tick: a refresh waits for a quiet second
  std::mutex view_mu_;
  std::string view_xml_;               // under view_mu_
  unsigned long view_generation_ = 0;  // under view_mu_: the generation at which it was begun
  bool view_valid_ = false;            // under view_mu_
  std::atomic<bool> refreshing_{false};
  std::thread refresher_;
  std::string view_state_ = "no connection to the CIB";  // for --status
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
  Decision d = decide(e, record->intent_at(now), record->storage_error_policy, record->heartbeat);
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
    case Verdict::Hung:
      hung(*record, d.why);
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
  // The view kept current, if nothing changed since it was begun; else crm_mon now, as ever.
  ResourceView v;
  bool kept = false;
  if (cib_.connected()) {
    std::lock_guard<std::mutex> lock(view_mu_);
    if (view_valid_ && view_generation_ == cib_.generation()) {
      v = read_resource_view(view_xml_, r.resource, here);
      kept = true;
    }
  }
  if (!kept) v = pacemaker_view(r.resource, here, o_.run_dir + "/crm_mon.xml");
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
               " to Pacemaker (crm_resource --fail; ", kept ? "its view kept current" : "its view from crm_mon now",
               ")");
  reported_[r.guest] = r.started;
  save_reported();
}

// A hung guest is reset on the worker thread (QEMU's monitor may be slow to answer), counted at
// once: a reset that never returns still counts against the limit.
void Daemon::hung(const GuestRecord& r, const std::string& why) {
  std::time_t now = std::time(nullptr);
  ResetLimit limit{r.heartbeat_max_resets, r.heartbeat_reset_window};
  auto& times = resets_[r.guest];
  times = resets_in_window(times, now, limit);
  HungDecision h = decide_hung(times, now, limit);
  Watched& w = watched_[r.guest];
  std::string condition = why + "; " + h.why;
  if (!h.reset) {
    if (w.condition != condition) log::warning(r.guest, " (", r.resource, ") ", condition);
    w.condition = condition;
    return;
  }
  log::warning(r.guest, " (", r.resource, ") ", condition);
  w.condition = condition;
  times.push_back(now);
  save_resets();
  agents_[r.guest].forget();  // its agent must answer again before its silence counts
  worker_.request_reset(r.guest);
}

void Daemon::take_worker_results() {
  bool heard_changed = false;
  for (const auto& res : worker_.take_results()) {
    AgentHeartbeat& hb = agents_[res.guest];
    const bool heard_before = hb.answered_before();
    switch (res.kind) {
      case WorkerResult::Answered:
        hb.ping_result(true, res.at, 0);
        break;
      case WorkerResult::NotRunning:
        hb.forget();  // paused or stopped: its heartbeat starts over when it runs again
        break;
      case WorkerResult::Silent: {
        auto record = agents::read_record(o_.records, res.guest, nullptr);
        if (!record) break;
        log::debug(res.guest, ": guest-ping not answered: ", res.error);
        if (hb.ping_result(false, res.at, record->heartbeat_timeout))
          handle(res.guest, {Source::AgentSilent, 0, 0}, "");
        break;
      }
      case WorkerResult::ResetDone:
        log::info(res.guest, ": reset (hung)");
        hb.forget();
        break;
      case WorkerResult::ResetFailed:
        log::error(res.guest, ": the reset of a hung guest failed: ", res.error);
        break;
    }
    if (hb.answered_before() != heard_before) heard_changed = true;
  }
  if (heard_changed) write_status();  // --status says whether each agent's silence counts
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

// A refresh begins after a quiet second (no change between two ticks), one at a time, on a thread
// of its own; the view it brings is current only if no change came while it ran.
void Daemon::keep_view_current() {
  std::string state;
  {
    std::lock_guard<std::mutex> lock(view_mu_);
    state = !cib_.connected()                                      ? "no connection to the CIB"
            : view_valid_ && view_generation_ == cib_.generation() ? "current"
                                                                   : "changed, being read again";
  }
  if (state != view_state_) {
    view_state_ = state;
    log::debug("Pacemaker's view: ", state);
    write_status();
  }
  std::time_t now = std::time(nullptr);
  if (!cib_.connected()) {
    if (now - cib_tried_ < 5) return;
    cib_tried_ = now;
    if (!cib_.connect()) return;
    log::info("watching Pacemaker's CIB for changes");
  }
  unsigned long gen = cib_.generation();
  if (gen != gen_seen_) {
    gen_seen_ = gen;
    return;
  }
  if (refreshing_) return;
  {
    std::lock_guard<std::mutex> lock(view_mu_);
    if (view_valid_ && view_generation_ == gen) return;
  }
  if (refresher_.joinable()) refresher_.join();
  refreshing_ = true;
  refresher_ = std::thread([this, gen] {
    std::string problem;
    std::string xml = crm_mon_xml(o_.run_dir + "/crm_mon.view.xml", &problem);
    {
      std::lock_guard<std::mutex> lock(view_mu_);
      view_valid_ = !xml.empty();
      view_xml_ = std::move(xml);
      view_generation_ = gen;
    }
    refreshing_ = false;
  });
}

void Daemon::tick() {
  if (g_stop) return;
  keep_view_current();
  if (conn_ && (lost_ || virConnectIsAlive(conn_) != 1)) disconnect();
  if (!conn_) {
    if (connect())
      resync();
    else
      write_status();
    return;
  }
  try_resumes();
  take_worker_results();
  if (status_due_ && std::time(nullptr) >= status_due_) write_status();
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
  s << "pacemaker view: " << view_state_ << "\n";
  s << "guest records: " << o_.records << "\n";
  std::vector<std::string> problems;
  std::time_t now = std::time(nullptr);
  std::vector<std::string> pinged;
  status_due_ = 0;
  auto due = [&](std::time_t t) {
    if (t > now && (!status_due_ || t < status_due_)) status_due_ = t;
  };
  for (const auto& r : agents::read_all_records(o_.records, &problems)) {
    if (agents::watches_guest_agent(r.heartbeat)) pinged.push_back(r.guest);
    if (r.intent != agents::Intent::None) due(r.intent_until + 1);
    if (auto t = resets_.find(r.guest); t != resets_.end())
      for (std::time_t at : t->second) due(at + r.heartbeat_reset_window);
    auto w = watched_.find(r.guest);
    s << "guest " << r.guest << " resource " << r.resource << " storage_error_policy "
      << agents::storage_policy_name(r.storage_error_policy) << " intent " << agents::intent_name(r.intent_at(now))
      << " heartbeat " << agents::heartbeat_name(r.heartbeat);
    if (r.heartbeat != agents::Heartbeat::None) {
      ResetLimit limit{r.heartbeat_max_resets, r.heartbeat_reset_window};
      auto times = resets_.find(r.guest);
      std::size_t n = times == resets_.end() ? 0 : resets_in_window(times->second, now, limit).size();
      s << " (resets " << n << "/" << r.heartbeat_max_resets << " in " << r.heartbeat_reset_window << " s";
      // Whether its silence counts yet: only once its agent has answered since it last started.
      if (agents::watches_guest_agent(r.heartbeat)) {
        auto hb = agents_.find(r.guest);
        s << (hb != agents_.end() && hb->second.answered_before() ? ", agent answering" : ", agent not heard yet");
      }
      s << ")";
    }
    s << ": " << (w == watched_.end() ? "running" : w->second.condition) << "\n";
  }
  worker_.set_guests(std::move(pinged));
  if (s.str() == last_status_) return;  // unchanged: not even a write
  last_status_ = s.str();
  std::string path = o_.run_dir + "/status", tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << s.str();
  }
  std::rename(tmp.c_str(), path.c_str());
}

// The agents write a record as NAME.tmp, then rename it: a rename into, or a removal from, the
// directory is a change; the temporary file's own events are not.
void Daemon::records_changed(int fd) {
  alignas(inotify_event) char buf[4096];
  bool changed = false;
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) {
    for (char* p = buf; p < buf + n;) {
      auto* e = reinterpret_cast<inotify_event*>(p);
      std::string name = e->len ? e->name : "";
      if (name.size() < 4 || name.compare(name.size() - 4, 4, ".tmp") != 0 || (e->mask & IN_Q_OVERFLOW)) changed = true;
      p += sizeof(inotify_event) + e->len;
    }
  }
  if (changed) write_status();
}

void Daemon::watch_records() {
  // Made here if no agent made it yet, so that it can be watched from the start.
  auto slash = o_.records.rfind('/');
  if (slash != std::string::npos && slash > 0) mkdir(o_.records.substr(0, slash).c_str(), 0755);
  mkdir(o_.records.c_str(), 0755);
  inotify_fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_fd_ < 0 || inotify_add_watch(inotify_fd_, o_.records.c_str(),
                                           IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CLOSE_WRITE) < 0) {
    log::warning("cannot watch ", o_.records, " (inotify): --status shows record changes only with the next event");
    return;
  }
  inotify_handle_ = virEventAddHandle(inotify_fd_, VIR_EVENT_HANDLE_READABLE, on_records_changed, this, nullptr);
}

void Daemon::load_reported() {
  std::ifstream in(o_.run_dir + "/reported");
  std::string guest;
  long long started;
  while (in >> guest >> started) reported_[guest] = static_cast<std::time_t>(started);
}

void Daemon::load_resets() {
  std::ifstream in(o_.run_dir + "/resets");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string guest;
    long long t;
    if (!(words >> guest)) continue;
    while (words >> t) resets_[guest].push_back(static_cast<std::time_t>(t));
  }
}

void Daemon::save_resets() {
  std::string path = o_.run_dir + "/resets", tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    for (const auto& [guest, times] : resets_) {
      if (times.empty()) continue;
      out << guest;
      for (std::time_t t : times) out << " " << t;
      out << "\n";
    }
  }
  std::rename(tmp.c_str(), path.c_str());
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
  load_resets();
  watch_records();  // before the first read of the records, so that no change falls between
  log::info("vmha-guestd ", vmha::version, " watching ", o_.uri, " for the guests recorded in ", o_.records);
  if (connect())
    resync();
  else
    log::warning("cannot connect to ", o_.uri, " (", last_libvirt_error(), "); retrying every second");
  write_status();
  worker_.start();
  int timer = virEventAddTimeout(1000, on_tick, this, nullptr);
  while (!g_stop) {
    if (virEventRunDefaultImpl() < 0) log::warning("libvirt event loop: ", last_libvirt_error());
  }
  virEventRemoveTimeout(timer);
  worker_.stop();
  if (refresher_.joinable()) refresher_.join();
  cib_.disconnect();
  if (inotify_handle_ >= 0) virEventRemoveHandle(inotify_handle_);
  if (inotify_fd_ >= 0) close(inotify_fd_);
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
