#include "daemon.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/random.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdarg>
#include <ctime>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#include <vmha/atomic_file.hpp>
#include <vmha/log.hpp>

#include "core/config.hpp"
#include "core/printable.hpp"
#include "core/cycle.hpp"
#include "core/status.hpp"
#include "core/sync_hold.hpp"
#include "corosync/cmap_source.hpp"
#include "corosync/votequorum_device.hpp"
#include "io/find_label.hpp"
#include "io/heuristic_runner.hpp"
#include "io/qdisk_device.hpp"
#include "io/sd_notify.hpp"

namespace vmha::quorum {
namespace {

using Clock = std::chrono::steady_clock;

std::atomic<bool> g_stop{false};
std::atomic<bool> g_reload{false};

using vmha::log::Level;

std::uint64_t fresh_incarnation() {
  std::uint64_t v = 0;
  if (getrandom(&v, sizeof v, 0) != sizeof v || v == 0)
    v = static_cast<std::uint64_t>(Clock::now().time_since_epoch().count()) | 1;
  return v;
}

bool write_file_atomically(const std::string& path, const std::string& text) {
  return vmha::write_file_atomically(path, text, 0644).empty();
}

// Runs the heuristics on their own thread so a slow program never delays a disk cycle.
class HeuristicsWorker {
 public:
  HeuristicsWorker(const QdiskConfig& c, const ScoreBoard* previous = nullptr)
      : board_(c.heuristics, c.min_score),
        mode_(c.heuristics_mode),
        interval_(c.heuristics_interval_ms),
        timeout_(c.heuristics_timeout_ms) {
    if (previous) board_.carry_over(*previous);
    if (!board_.specs().empty()) thread_ = std::thread([this] { loop(); });
  }
  ~HeuristicsWorker() {
    {
      std::lock_guard lock(mu_);
      quit_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  void trigger() {  // membership changed: mode sync runs now, mode on runs early
    std::lock_guard lock(mu_);
    triggered_ = true;
    cv_.notify_all();
  }
  ScoreBoard board() {
    std::lock_guard lock(mu_);
    return board_;
  }
  struct Snapshot {
    std::uint32_t score, score_max, min_score;
    bool ok;
    std::vector<std::string> lines;
  };
  Snapshot snapshot() {
    std::lock_guard lock(mu_);
    Snapshot s{board_.score(), board_.score_max(), board_.min_score(), board_.sufficient(), {}};
    for (std::size_t i = 0; i < board_.specs().size(); ++i)
      s.lines.push_back(board_.specs()[i].name + ": " + (board_.up(i) ? "up" : "down") + " (score " +
                        std::to_string(board_.specs()[i].score) + ")");
    return s;
  }

 private:
  void loop() {
    bool first = true;
    for (;;) {
      {
        std::unique_lock lock(mu_);
        if (!first) {
          if (mode_ == HeuristicsMode::On)
            cv_.wait_for(lock, interval_, [&] { return quit_ || triggered_; });
          else
            cv_.wait(lock, [&] { return quit_ || triggered_; });
        }
        if (quit_) return;
        triggered_ = false;
      }
      first = false;
      auto results = run_heuristics(board_.specs(), timeout_);
      std::lock_guard lock(mu_);
      for (std::size_t i = 0; i < results.size(); ++i) {
        std::string event = board_.record(i, results[i]);
        if (!event.empty()) vmha::log::write(Level::Notice, event);
      }
    }
  }

  ScoreBoard board_;
  HeuristicsMode mode_;
  std::chrono::milliseconds interval_, timeout_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool quit_ = false, triggered_ = false;
  std::thread thread_;
};

struct Setup {
  CorosyncFacts facts;
  QdiskConfig config;
  std::string path;
  DiskHeader header;
  std::unique_ptr<QdiskDevice> device;
};

// Everything that can be wrong before the first cycle, each a one-line error.
bool prepare(Setup& s, std::string& error) {
  if (!read_corosync_facts(s.facts, error)) return false;
  auto parsed = parse_config(s.facts.device_keys);
  for (const auto& w : parsed.warnings) vmha::log::write(Level::Warning, w);
  if (!parsed.error.empty()) {
    error = parsed.error;
    return false;
  }
  s.config = parsed.config;
  s.path = s.config.device;
  if (s.path.empty()) {
    s.path = find_by_label(s.config.label, {}, error);
    if (s.path.empty()) return false;
  }
  s.device = open_qdisk(s.path, s.config.label, s.facts.cluster_name, s.header, error,
                        std::chrono::seconds(s.config.io_timeout));
  if (!s.device) return false;
  if (s.facts.local_node < 1 || s.facts.local_node > s.header.slot_count) {
    error = s.path + ": node id " + std::to_string(s.facts.local_node) + " has no slot (the disk has slots 1.." +
            std::to_string(s.header.slot_count) + "; mkqdisk -s sets more)";
    return false;
  }
  if (std::string why = check_heuristic_programs(s.config.heuristics); !why.empty()) {
    error = why;
    return false;
  }
  return true;
}

void on_signal(int sig) {
  if (sig == SIGHUP)
    g_reload = true;
  else
    g_stop = true;
}

class Daemon {
 public:
  Daemon(Setup setup, const DaemonOptions& o) : s_(std::move(setup)), options_(o) {}

  int run() {
    std::string error;
    if (!vq_.connect(error) || !vq_.register_device(error) || !watcher_.start(error)) {
      vmha::log::write(Level::Error, error);
      return 1;
    }
    apply_master_wins();
    heuristics_ = std::make_unique<HeuristicsWorker>(s_.config);
    cycle_ = std::make_unique<QdiskCycle>(s_.facts.local_node, fresh_incarnation(), cycle_config());
    hold_.reconfigure(sync_hold_limits());
    vq_.on_membership = [this] {
      // corosync's sync waits for a poll carrying the new ring id: answer at once, unless this
      // partition lost the disk master and only the disk can say whether it died (see sync_hold.hpp).
      std::string why;
      const bool was_holding = hold_.holding();
      if (hold_.on_membership(s_.facts.local_node, last_master_, vq_.members_mask(), why)) {
        if (!was_holding) vmha::log::write(Level::Notice, why);
      } else {
        if (was_holding) vmha::log::write(Level::Notice, "answering corosync: " + why);
        poll_error_ = vq_.poll(cast_);
      }
      if (heuristics_) heuristics_->trigger();
    };
    vmha::log::write(Level::Notice, "node " + std::to_string(s_.facts.local_node) + " on " + s_.path + " (label '" +
                                        escaped(s_.header.label) + "'), interval " +
                                        std::to_string(s_.config.interval) + " s, tko " +
                                        std::to_string(s_.config.tko) + (master_wins_ ? ", master_wins" : ""));

    auto next = Clock::now();
    while (!g_stop) {
      if (g_reload.exchange(false)) reload();
      const auto now = Clock::now();
      if (now >= next) {
        run_cycle();
        // Ready for systemd (Type=notify) once the device is registered and the first cycle has
        // written this host's slot and polled: `systemctl start qdiskd` (and pacemaker.service,
        // ordered after it) then starts with the device known to corosync. Not "once voting":
        // a host whose heuristics fail must still let Pacemaker start.
        if (cycles_ == 1 &&
            !notify_systemd("READY=1\nSTATUS=registered as " + std::string(kDeviceName) + ", first cycle done"))
          vmha::log::write(Level::Warning, "cannot tell systemd that qdiskd is ready ($NOTIFY_SOCKET)");
        next += std::chrono::seconds(s_.config.interval);
        if (next <= Clock::now()) next = Clock::now() + std::chrono::seconds(s_.config.interval);  // overran: skip
        continue;
      }
      pollfd pfd[2] = {{vq_.fd(), POLLIN, 0}, {watcher_.fd(), POLLIN, 0}};
      const int wait_ms =
          static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count()) + 1;
      if (::poll(pfd, 2, wait_ms) > 0) {
        if ((pfd[0].revents && !vq_.dispatch()) || (pfd[1].revents && !watcher_.dispatch())) {
          vmha::log::write(Level::Error, "lost the connection to corosync");
          return 1;
        }
        if (watcher_.take_change()) g_reload = true;
      }
    }
    shutdown();
    return 0;
  }

 private:
  SyncHoldLimits sync_hold_limits() const {
    const std::uint32_t budget_s =
        s_.config.device_sync_timeout_ms > 2000 ? (s_.config.device_sync_timeout_ms - 2000) / 1000 : 0;
    const std::uint32_t budget_cycles = std::max<std::uint32_t>(1, budget_s / s_.config.interval);
    return SyncHoldLimits{s_.config.tko, std::min(handover_cycles(cycle_config()), budget_cycles)};
  }

  CycleConfig cycle_config() const {
    CycleConfig c = s_.config.cycle();
    c.master_wins = s_.config.master_wins_effective(s_.facts.nodelist_size);
    return c;
  }

  void apply_master_wins() {
    master_wins_ = s_.config.master_wins_effective(s_.facts.nodelist_size);
    std::string error;
    if (!vq_.set_master_wins(master_wins_, error)) vmha::log::write(Level::Warning, error);
  }

  void run_cycle() {
    const auto t0 = Clock::now();
    ++cycles_;
    std::string error;
    CycleInput in;
    in.io_ok = s_.device->read_slots(s_.header, in.slots, error);
    if (!in.io_ok) {
      vmha::log::write(Level::Warning, error);
      in.slots.assign(s_.header.slot_count + 1, std::nullopt);
    }
    auto score = heuristics_->snapshot();
    in.score_ok = score.ok;
    in.score = score.score;
    in.score_max = score.score_max;
    if (vq_.members_mask() != 0) in.members = vq_.members_mask();
    in.wall_now = static_cast<std::uint64_t>(std::time(nullptr));
    CycleOutput out = cycle_->step(in);
    for (const auto& e : out.events) vmha::log::write(Level::Notice, e);

    bool write_ok = true;
    if (out.evicted) {
      cast_ = false;
      if (hold_.holding()) vmha::log::write(Level::Notice, "answering corosync (not casting): this host was evicted");
      hold_.release();
      poll_error_ = vq_.poll(false);
      if (s_.config.reboot) reboot_now("evicted from the quorum disk");
      vmha::log::write(Level::Warning, "evicted: rejoining the disk under a new incarnation");
      cycle_->rejoin(fresh_incarnation());
    } else {
      write_ok = s_.device->write_slot(s_.header, s_.facts.local_node, out.own, error);
      if (!write_ok) vmha::log::write(Level::Warning, error);
      for (const auto& notice : out.notices) {
        vmha::log::write(Level::Notice, "writing an eviction notice for node " + std::to_string(notice.owner));
        if (!s_.device->write_slot(s_.header, notice.owner, notice, error)) vmha::log::write(Level::Warning, error);
      }
      const bool was_cast = cast_;
      cast_ = out.cast_vote && write_ok;
      if (was_cast && !score.ok && s_.config.reboot) reboot_now("score dropped below min_score");
      if (was_cast != cast_) vmha::log::write(Level::Notice, cast_ ? "casting the vote" : "withdrawing the vote");
      std::string why;
      const SyncHold::AfterCycle seen{out.master, cycle_->peer_status(hold_.held_master()),
                                      cycle_->state() == SlotState::Run || cycle_->state() == SlotState::Master};
      if (hold_.release_after_cycle(s_.facts.local_node, seen, why))
        vmha::log::write(Level::Notice,
                         std::string("answering corosync (") + (cast_ ? "casting" : "not casting") + "): " + why);
      if (!hold_.holding()) poll_error_ = vq_.poll(cast_);  // a held answer is the new ring's first poll
      if (!poll_error_.empty()) vmha::log::write(Level::Debug, poll_error_);
    }
    if (out.master != 0) last_master_ = out.master;
    last_cycle_us_ = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count();

    StatusReport r;
    r.node = s_.facts.local_node;
    r.device = s_.path;
    r.label = escaped(s_.header.label);
    r.state = to_string(cycle_->state());
    r.score = score.score;
    r.score_max = score.score_max;
    r.min_score = score.min_score;
    r.master = out.master;
    r.master_wins = master_wins_;
    r.cast_vote = cast_;
    r.votes = s_.config.votes;
    r.online_mask = out.online_mask;
    r.ring_node = vq_.ring_id().nodeid;
    r.ring_seq = vq_.ring_id().seq;
    r.cycles = cycles_;
    r.last_poll_error = poll_error_;
    r.sync_held_for = hold_.held_master();
    r.sync_held_cycles = hold_.cycles_held();
    r.heuristics = score.lines;
    for (std::uint32_t n = 1; n < in.slots.size(); ++n) {
      const bool self = n == s_.facts.local_node;
      const Slot* slot = self ? &out.own : (in.slots[n] ? &*in.slots[n] : nullptr);
      if (slot == nullptr) continue;                // blank, torn or unreadable: no news of that host
      if (!self && slot->heartbeat == 0) continue;  // never written: no host has this slot (mkqdisk's blank)
      r.hosts.push_back(
          {n, to_string(slot->state), slot->score, slot->score_max, self ? "self" : to_string(cycle_->peer_status(n))});
    }
    write_file_atomically(options_.run_dir + "/status",
                          format_status(r) + "Cycle time: " + std::to_string(last_cycle_us_) + " us\n");
  }

  void reload() {
    Setup fresh;
    std::string error;
    if (!read_corosync_facts(fresh.facts, error)) {
      vmha::log::write(Level::Error, "reload: " + error + "; keeping the running configuration");
      return;
    }
    auto parsed = parse_config(fresh.facts.device_keys);
    for (const auto& w : parsed.warnings) vmha::log::write(Level::Warning, "reload: " + w);
    if (parsed.error.empty()) parsed.error = check_heuristic_programs(parsed.config.heuristics);
    if (!parsed.error.empty()) {
      vmha::log::write(Level::Error, "reload: " + parsed.error + "; keeping the running configuration");
      return;
    }
    if (parsed.config.device != s_.config.device || parsed.config.label != s_.config.label)
      vmha::log::write(Level::Warning, "reload: a new disk.device or disk.label takes effect only after a restart");
    parsed.config.device = s_.config.device;
    parsed.config.label = s_.config.label;
    s_.facts = fresh.facts;
    s_.config = parsed.config;
    s_.device->set_io_timeout(std::chrono::seconds(s_.config.io_timeout));
    const ScoreBoard previous = heuristics_->board();
    heuristics_.reset();
    heuristics_ = std::make_unique<HeuristicsWorker>(s_.config, &previous);
    cycle_->reconfigure(cycle_config());
    hold_.reconfigure(sync_hold_limits());
    apply_master_wins();
    vmha::log::write(Level::Notice, "reloaded: interval " + std::to_string(s_.config.interval) + " s, tko " +
                                        std::to_string(s_.config.tko) + ", " +
                                        std::to_string(s_.config.heuristics.size()) + " heuristics, min_score " +
                                        std::to_string(s_.config.min_score));
  }

  void shutdown() {
    notify_systemd("STOPPING=1");
    std::string error;
    s_.device->write_slot(s_.header, s_.facts.local_node,
                          cycle_->leaving_slot(static_cast<std::uint64_t>(std::time(nullptr))), error);
    vq_.poll(false);
    vq_.unregister();
    heuristics_.reset();
    vmha::log::write(Level::Notice, "left the quorum disk and unregistered the quorum device");
  }

  [[noreturn]] void reboot_now(const std::string& why) {
    vmha::log::write(Level::Critical, why + ": rebooting (quorum.device.disk.reboot is set)");
    sync();
    ::reboot(RB_AUTOBOOT);
    _exit(1);
  }

  Setup s_;
  DaemonOptions options_;
  VotequorumDevice vq_;
  CmapWatcher watcher_;
  std::unique_ptr<HeuristicsWorker> heuristics_;
  std::unique_ptr<QdiskCycle> cycle_;
  SyncHold hold_{SyncHoldLimits{}};
  // The disk master as cycles last saw one. Kept after the disk declares it dead: corosync's
  // token timeout may well be longer than tko cycles, so the ring that loses a dead master often
  // arrives while this host is already bidding to replace it.
  std::uint32_t last_master_ = 0;
  bool cast_ = false;
  bool master_wins_ = false;
  std::string poll_error_;
  std::uint64_t cycles_ = 0;
  long long last_cycle_us_ = 0;
};

}  // namespace

int run_daemon(const DaemonOptions& o) {
  // Lines on stderr as well (the unit runs qdiskd -f; the journal keeps them), stamped as before.
  vmha::log::configure({"qdiskd", vmha::log::Style::Stamped, true, true, o.debug});
  Setup setup;
  std::string error;
  if (!prepare(setup, error)) {
    vmha::log::write(Level::Error, error);
    return 1;
  }
  if (o.check_only) {
    std::cout << "qdiskd: configuration ok: node " << setup.facts.local_node << " on " << setup.path << " (label '"
              << escaped(setup.header.label) << "'), " << setup.config.heuristics.size() << " heuristics\n";
    return 0;
  }
  mkdir(o.run_dir.c_str(), 0755);
  const std::string pid_path = o.run_dir + "/pid";
  if (std::ifstream in(pid_path); in) {
    pid_t other = 0;
    if (in >> other && other > 0 && kill(other, 0) == 0) {
      vmha::log::write(Level::Error, "already running as pid " + std::to_string(other) + " (" + pid_path + ")");
      return 1;
    }
  }
  if (!o.foreground) {
    setup.device.reset();  // its I/O thread does not survive fork; reopen in the child
    if (daemon(0, 0) != 0) {
      vmha::log::write(Level::Error, "daemon(): cannot detach");
      return 1;
    }
    if (!prepare(setup, error)) {
      vmha::log::write(Level::Error, error);
      return 1;
    }
  }
  write_file_atomically(pid_path, std::to_string(getpid()) + "\n");
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGHUP, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);
  int rc = Daemon(std::move(setup), o).run();
  unlink(pid_path.c_str());
  unlink((o.run_dir + "/status").c_str());
  return rc;
}

int print_status(const DaemonOptions& o) {
  std::optional<RunningStatus> running = read_running_status(o.run_dir);
  if (!running) {
    std::cout << "qdiskd is not running\n";
    return 3;
  }
  std::cout << "qdiskd is running (pid " << running->pid << ")\n";
  std::cout << running->status.value_or("(no cycle completed yet)\n");
  return 0;
}

}  // namespace vmha::quorum
