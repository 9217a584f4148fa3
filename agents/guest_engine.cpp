#include "guest_engine.hpp"

#include <libvirt/virterror.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <chrono>
#include <future>
#include <thread>

#include "ocf/child_process.hpp"
#include "vmha/log.hpp"

namespace vmha::agents {

using namespace std::chrono_literals;
using Clock = Deadline::Clock;
using ms = Deadline::ms;

namespace {

// A live migration's progress for `vmha status` and `vmha migrate` on any host: a transient node
// attribute of the source, vmha-migration-RESOURCE = "PERCENT,REMAINING_MIB,RATE_MIB_S" (attrd,
// erased when the migration ends). Only under Pacemaker (OCF_RESOURCE_INSTANCE names the
// resource); bounded so that it can never hold the migration past its deadline.
class ProgressBoard {
 public:
  ProgressBoard(Deadline limit, Deadline operation) : limit_(limit), operation_(operation) {
    const char* rsc = std::getenv("OCF_RESOURCE_INSTANCE");
    if (rsc && *rsc && std::getenv("OCF_RESKEY_CRM_meta_timeout")) name_ = std::string("vmha-migration-") + rsc;
  }
  void publish(const JobProgress& job) {
    if (name_.empty() || !job.data_total) return;
    auto now = Clock::now();
    unsigned long long rate = 0;
    if (seen_ != Clock::time_point{} && job.data_processed >= processed_) {
      auto ms_passed = std::chrono::duration_cast<ms>(now - seen_).count();
      if (ms_passed > 0)
        rate = (job.data_processed - processed_) * 1000 / static_cast<unsigned long long>(ms_passed) >> 20;
    }
    seen_ = now;
    processed_ = job.data_processed;
    unsigned long long pct = std::min(job.data_processed * 100 / job.data_total, 100ULL);
    run({"attrd_updater", "-n", name_, "-U",
         std::to_string(pct) + "," + std::to_string(job.data_remaining >> 20) + "," + std::to_string(rate)});
    published_ = true;
  }
  ~ProgressBoard() {
    // After the migration: the erase may use the operation's reserve, never more.
    if (published_) {
      limit_ = operation_;
      run({"attrd_updater", "-n", name_, "-D"});
    }
  }

 private:
  void run(const std::vector<std::string>& argv) {
    auto r = ocf::run_child(argv, limit_.no_later_than(Clock::now() + 1s));
    if (!r.succeeded()) log::debug("migration progress not published: ", r.describe());
  }
  Deadline limit_;
  Deadline operation_;
  std::string name_;
  Clock::time_point seen_{};
  unsigned long long processed_ = 0;
  bool published_ = false;
};

void pause_until(ms step, const Deadline& deadline) {
  std::this_thread::sleep_for(std::min(step, deadline.remaining()));
}

bool file_exists(const std::string& path) {
  struct stat st;
  return !path.empty() && stat(path.c_str(), &st) == 0;
}

// Waits for the guest to run and to pass its readiness check.
Outcome wait_until_running(LibvirtSession& lv, const std::string& name, const ReadinessCheck& ready,
                           Deadline deadline) {
  std::string last = "not yet seen running";
  while (true) {
    Observation o = observe(lv, name);
    if (o.condition.health == GuestHealth::Running) {
      std::string why = ready ? ready(deadline) : std::string();
      if (why.empty()) return {true, ""};
      last = why;
    } else if (o.condition.health == GuestHealth::Failed) {
      return {false, name + " is " + o.condition.description};
    } else {
      last = name + " is " + o.condition.description;
    }
    if (deadline.expired()) return {false, "gave up waiting: " + last};
    pause_until(ready ? 1000ms : 200ms, deadline);
  }
}

// Waits until the guest is shut off or gone. true: it is.
bool wait_until_stopped(LibvirtSession& lv, const std::string& name, Deadline deadline, bool stop_if_paused,
                        bool* paused_seen) {
  while (true) {
    auto s = lv.status(name);
    if (!s || classify_domain_state(s->state, s->reason).health == GuestHealth::NotRunning) return true;
    if (stop_if_paused && s->state == VIR_DOMAIN_PAUSED) {
      // A paused guest cannot see the shutdown request; waiting would only burn the timeout.
      if (paused_seen) *paused_seen = true;
      return false;
    }
    if (deadline.expired()) return false;
    pause_until(250ms, deadline);
  }
}

}  // namespace

Observation observe(DomainReader& reader, const std::string& name) {
  Observation o;
  auto s = reader.status(name);
  if (!s) return o;
  o.defined = true;
  o.state = s->state;
  o.reason = s->reason;
  o.condition = classify_domain_state(s->state, s->reason);
  return o;
}

ms destroy_reserve(ms total) { return std::clamp(total / 5, ms(2000), ms(15000)); }

Outcome start_guest(LibvirtSession& lv, const StartRequest& r, Deadline deadline) {
  Observation before = observe(lv, r.name);
  if (before.condition.health == GuestHealth::Running) {
    log::info(r.name, " is already running (", before.condition.description, ")");
    return wait_until_running(lv, r.name, r.ready, deadline);
  }
  if (before.condition.health == GuestHealth::Failed) {
    log::warning(r.name, " is ", before.condition.description, "; powering it off before starting it again");
    lv.destroy(r.name);
  }
  bool start_definition = r.xml.empty();
  if (before.defined && !r.xml.empty() && (r.keep_definition || r.undefine_conflicting) && lv.exists(r.name) &&
      lv.is_persistent(r.name)) {
    if (r.keep_definition) {
      // The config file is libvirt's own copy of this very definition: starting the definition
      // is starting the file, and undefining it would delete the administrator's only copy.
      log::info("starting the persistent definition of ", r.name, " (its config file is libvirt's own ",
                "definition file, kept as it is)");
      start_definition = true;
    } else {
      // The configuration file is the truth for a cluster guest; a stale definition of the same
      // name would make the transient create fail or, worse, autostart on its own.
      log::info("undefining the inactive persistent domain ", r.name, " so that its cluster configuration rules");
      lv.undefine(r.name);
    }
  }
  if (start_definition && !r.xml.empty() && lv.autostarts(r.name)) {
    // libvirtd would start it at boot, outside the cluster, beside its instance on another node.
    log::warning(r.name, " is set to autostart; turning autostart off, as the cluster decides where it runs");
    lv.set_autostart(r.name, false);
  }
  for (const auto& n : r.networks) lv.ensure_network_active(n);
  for (const auto& p : r.pools) lv.ensure_pool_active(p);

  if (file_exists(r.restore_from)) {
    log::info("restoring ", r.name, " from its saved state ", r.restore_from);
    lv.restore(r.restore_from);
    if (unlink(r.restore_from.c_str()) != 0) log::warning("cannot remove ", r.restore_from);
  } else if (start_definition) {
    lv.start_defined(r.name);
  } else if (r.persistent) {
    lv.define(r.xml);
    lv.start_defined(r.name);
  } else {
    lv.create_transient(r.xml);
  }
  return wait_until_running(lv, r.name, r.ready, deadline);
}

Outcome stop_guest(LibvirtSession& lv, const StopRequest& r, Deadline deadline) {
  Observation o = observe(lv, r.name);
  if (o.condition.health == GuestHealth::NotRunning) {
    log::info(r.name, " is already stopped (", o.condition.description, ")");
    return {true, ""};
  }
  if (r.before) r.before();

  bool graceful = !r.force && o.condition.health == GuestHealth::Running;
  if (graceful) {
    // libvirt refuses to ask a paused guest to shut down ("domain is not running"), and a paused
    // guest could not answer anyway: it is powered off. (One whose resume a lease refused stays paused.)
    auto s = lv.status(r.name);
    if (s && s->state == VIR_DOMAIN_PAUSED) {
      log::warning(r.name, " is ", o.condition.description, " and cannot shut down; powering it off");
      graceful = false;
    }
  }
  if (graceful && !r.save_to.empty()) {
    log::info("saving the state of ", r.name, " to ", r.save_to);
    try {
      lv.save(r.name, r.save_to);
      if (wait_until_stopped(lv, r.name, deadline, false, nullptr)) return {true, ""};
    } catch (const LibvirtFailure& f) {
      log::warning(f.what(), "; shutting it down instead");
    }
  }
  if (graceful) {
    auto total = deadline.remaining();
    Deadline graceful_until = r.destroy_when_late ? deadline.leaving(destroy_reserve(total)) : deadline;
    try {
      lv.shutdown(r.name, r.shutdown_flags);
    } catch (const LibvirtFailure& f) {
      if (r.shutdown_flags == 0) throw;
      // e.g. mode "agent" with no guest agent answering: ACPI may still work.
      log::warning(f.what(), "; retrying with the hypervisor's default shutdown method");
      lv.shutdown(r.name, 0);
    }
    log::info("requested shutdown of ", r.name, "; waiting up to ", graceful_until.remaining().count() / 1000,
              " s before powering it off");
    bool paused = false;
    if (wait_until_stopped(lv, r.name, graceful_until, r.destroy_when_late, &paused)) {
      log::info(r.name, " shut down");
      return {true, ""};
    }
    if (!r.destroy_when_late) return {false, r.name + " did not shut down in time and no_kill forbids destroying it"};
    log::warning(r.name, paused ? " is paused and cannot shut down" : " did not shut down in time",
                 "; powering it off");
  }
  lv.destroy(r.name);
  if (wait_until_stopped(lv, r.name, deadline, false, nullptr)) {
    log::info(r.name, " powered off");
    return {true, ""};
  }
  return {false, r.name + " is still present after destroy"};
}

MigrationOutcome migrate_guest(const std::shared_ptr<LibvirtSession>& source, const std::string& name,
                               const MigrationPlan& plan, const std::vector<std::string>& remote_networks,
                               Deadline deadline) {
  Observation o = observe(*source, name);
  if (!o.defined) return {MigrationResult::NoSuchGuest, name + " is not defined on this host"};
  if (o.condition.health != GuestHealth::Running)
    return {MigrationResult::NotRunningHere, name + " is " + o.condition.description + ", not running here"};

  // The blocking libvirt call runs on its own thread so that this one can report progress,
  // tune the running job and abort it before the deadline.
  auto done = std::make_shared<std::promise<std::string>>();
  std::future<std::string> finished = done->get_future();
  std::thread worker([source, name, plan, remote_networks, done] {
    try {
      std::unique_ptr<LibvirtSession> destination;
      if (!(plan.request.flags & (VIR_MIGRATE_PEER2PEER | VIR_MIGRATE_TUNNELLED)) || !remote_networks.empty()) {
        destination = std::make_unique<LibvirtSession>(LibvirtSession::connect(plan.request.destination_uri));
        for (const auto& n : remote_networks) destination->ensure_network_active(n);
      }
      source->migrate(name, destination.get(), plan.request);
      done->set_value("");
    } catch (const std::exception& e) {
      done->set_value(e.what());
    }
  });
  worker.detach();

  const ms abort_reserve = std::clamp(deadline.remaining() / 6, ms(1500), ms(10000));
  const Deadline abort_at = deadline.leaving(abort_reserve);
  auto next_report = Clock::now() + 3s;
  auto next_publish = Clock::now() + 1s;
  ProgressBoard board(abort_at, deadline);
  bool downtime_set = plan.max_downtime_ms == 0;
  bool postcopy_started = false;
  auto job_seen_at = Clock::time_point{};
  std::string failure;
  bool finished_in_time = false;
  bool aborted = false;

  while (true) {
    if (finished.wait_for(250ms) == std::future_status::ready) {
      failure = finished.get();
      finished_in_time = true;
      break;
    }
    if (abort_at.expired()) {
      log::error("migration of ", name, " did not finish in time; aborting it");
      try {
        source->abort_job(name);
      } catch (const LibvirtFailure& f) {
        log::warning(f.what());
      }
      aborted = true;
      if (finished.wait_until(deadline.when()) == std::future_status::ready) failure = finished.get();
      break;
    }
    try {
      JobProgress job = source->job(name);
      if (job.type == VIR_DOMAIN_JOB_NONE) continue;
      if (job_seen_at == Clock::time_point{}) job_seen_at = Clock::now();
      if (!downtime_set) {
        source->set_max_downtime(name, plan.max_downtime_ms);
        downtime_set = true;
      }
      if (plan.switch_to_postcopy && !postcopy_started && Clock::now() - job_seen_at > 2s) {
        log::info("switching the migration of ", name, " to post-copy");
        source->start_postcopy(name);
        postcopy_started = true;
      }
      if (Clock::now() >= next_publish) {
        board.publish(job);
        next_publish = Clock::now() + 1s;
      }
      if (Clock::now() >= next_report) {
        unsigned long long pct = job.data_total ? job.data_processed * 100 / job.data_total : 0;
        log::info("migrating ", name, ": ", std::min(pct, 100ULL), "% (", job.data_remaining >> 20, " MiB of ",
                  job.data_total >> 20, " MiB remaining)");
        next_report = Clock::now() + 3s;
      }
    } catch (const LibvirtFailure& f) {
      log::debug("job statistics unavailable: ", f.what());
    }
  }

  if (finished_in_time && failure.empty()) return {MigrationResult::Done, ""};
  if (failure.empty()) failure = aborted ? "aborted before the deadline" : "did not finish";
  // Where is the guest now? That, not the error text, decides what the cluster is told.
  try {
    Observation after = observe(*source, name);
    if (after.condition.health == GuestHealth::Running)
      return {MigrationResult::FailedStillOnSource,
              "migration of " + name + " failed (" + failure + "); it is still running on this host"};
    return {MigrationResult::FailedGuestGone,
            "migration of " + name + " failed (" + failure + ") and it is " + after.condition.description + " here"};
  } catch (const LibvirtFailure& f) {
    return {MigrationResult::FailedGuestGone,
            "migration of " + name + " failed (" + failure + ") and its state here is unknown: " + f.what()};
  }
}

Outcome await_arrival(LibvirtSession& lv, const std::string& name, const ReadinessCheck& ready, Deadline deadline) {
  return wait_until_running(lv, name, ready, deadline);
}

}  // namespace vmha::agents
