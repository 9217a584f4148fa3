// The VirtualDomain face: Pacemaker's calling convention and VirtualDomain's parameters in,
// OCF results out. The lifecycle itself is guest_engine's.
#include "virtualdomain_face.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <random>

#include "guest_checks.hpp"
#include "guest_engine.hpp"
#include "guest_record.hpp"
#include "guest_identity.hpp"
#include "hypervisor_uri.hpp"
#include "libvirt_wire.hpp"
#include "lock_manager.hpp"
#include "process_table.hpp"
#include "shutdown_mode.hpp"
#include "utilization.hpp"
#include "virtualdomain_params.hpp"
#include "ocf/child_process.hpp"
#include "ocf/help_text.hpp"
#include "ocf/log.hpp"
#include "ocf/metadata.hpp"
#include "ocf/operation.hpp"
#include "ocf/param_values.hpp"
#include "ocf/value_parse.hpp"
#include "ocf/watchdog.hpp"
#include "vmha/atomic_file.hpp"
#include "vmha/version.hpp"

namespace vmha::agents {

using ocf::Result;

namespace {

constexpr auto kDefaultTimeout = std::chrono::milliseconds(90'000);  // VirtualDomain's own assumption

struct Context {
  const ocf::EnvMap& env;
  ocf::Operation op;
  ocf::ParamValues params;
  Deadline deadline;
  std::string guest;                  // the domain's name
  std::optional<GuestConfig> config;  // when the file could be read
};

Result fail(Result r, const std::string& why) {
  ocf::log::exit_reason(why);
  return r;
}

// Problems validate-all reports beyond each parameter's own type.
std::vector<ocf::ParamIssue> cross_checks(const ocf::ParamValues& p) {
  std::vector<ocf::ParamIssue> issues;
  if (p.boolean(vd::force_stop) && !p.text(vd::snapshot).empty())
    issues.push_back({vd::force_stop, "force_stop and snapshot cannot be used together", Result::ErrConfigured});
  std::string why;
  if (!parse_shutdown_mode(p.text(vd::shutdown_mode), &why))
    issues.push_back({vd::shutdown_mode, why, Result::ErrConfigured});
  MigrationSettings probe_settings;
  probe_settings.target_node = "target";
  probe_settings.migrate_options = p.text(vd::migrate_options);
  for (const auto& e : plan_migration(probe_settings).errors)
    issues.push_back({vd::migrate_options, e, Result::ErrConfigured});
  for (const auto& script : split_words(p.text(vd::monitor_scripts))) {
    if (access(script.c_str(), X_OK) != 0)
      issues.push_back(
          {vd::monitor_scripts, "monitor script " + script + " is not an executable file", Result::ErrInstalled});
  }
  if (p.boolean(vd::sync_config_on_stop) && access("/usr/sbin/csync2", X_OK) != 0)
    issues.push_back(
        {vd::sync_config_on_stop, "sync_config_on_stop needs csync2, which is not installed", Result::ErrInstalled});
  return issues;
}

std::string snapshot_file(const Context& c) {
  const std::string& dir = c.params.text(vd::snapshot);
  return dir.empty() ? "" : dir + "/" + c.guest + ".state";
}

ReadinessCheck monitor_scripts_check(const Context& c) {
  auto scripts = split_words(c.params.text(vd::monitor_scripts));
  if (scripts.empty()) return {};
  return [scripts](Deadline d) { return run_health_programs(scripts, d); };
}

void keep_utilization(Context& c, DomainReader& lv) {
  if (c.op.caller != ocf::Caller::Pacemaker || c.op.is_probe) return;  // a Pacemaker notion only
  const auto& p = c.params;
  UtilizationWish wish;
  bool any_autoset = p.boolean(vd::autoset_utilization_cpu) || p.boolean(vd::autoset_utilization_host_memory) ||
                     p.boolean(vd::autoset_utilization_hv_memory);
  if (any_autoset) {
    DomainResources r = lv.resources(c.guest);
    long long mib = static_cast<long long>(r.max_memory_kib / 1024);
    if (p.boolean(vd::autoset_utilization_cpu)) wish.cpu = r.vcpus;
    if (p.boolean(vd::autoset_utilization_host_memory)) wish.host_memory = mib;
    if (p.boolean(vd::autoset_utilization_hv_memory)) wish.hv_memory = mib;
  }
  wish.unset_cpu = !p.boolean(vd::autoset_utilization_cpu) && p.boolean(vd::unset_utilization_cpu);
  wish.unset_host_memory =
      !p.boolean(vd::autoset_utilization_host_memory) && p.boolean(vd::unset_utilization_host_memory);
  wish.unset_hv_memory = !p.boolean(vd::autoset_utilization_hv_memory) && p.boolean(vd::unset_utilization_hv_memory);
  update_utilization(c.env, c.op.resource_instance, wish, c.deadline);
}

// Writes the guest's current definition over the config file when it differs.
void save_config(Context& c, LibvirtSession& lv) {
  const auto& p = c.params;
  if (!p.boolean(vd::save_config_on_stop) && !p.boolean(vd::sync_config_on_stop)) return;
  if (!c.config) return;
  // libvirt keeps its own definition file in step with the domain; replacing it is not ours to do.
  if (is_libvirt_definition_file(c.config->path, c.guest)) return;
  std::string now = lv.describe(c.guest, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
  if (now == c.config->xml) return;
  // The administrator's file keeps its mode (the XML may hold secrets: VIR_DOMAIN_XML_SECURE).
  struct stat st {};
  const mode_t mode = stat(c.config->path.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0600;
  if (std::string err = write_file_atomically(c.config->path, now, mode); !err.empty()) {
    log::error(err, "; the configuration of ", c.guest, " was not saved");
    return;
  }
  c.config->xml = now;
  log::info("saved the configuration of ", c.guest, " to ", c.config->path);
  if (p.boolean(vd::sync_config_on_stop)) {
    auto r = ocf::run_child({"csync2", "-x", c.config->path}, c.deadline);
    if (!r.succeeded()) log::warning("csync2 -x ", c.config->path, " ", r.describe(), ": ", r.output);
  }
}

// libvirtd could not be reached: the process table is the only evidence left.
Result judge_without_libvirt(const Context& c, const LibvirtFailure& f) {
  const std::string& uri = c.params.text(vd::hypervisor);
  HypervisorUri h = judge_hypervisor_uri(uri);
  if (!h.local_system)
    return fail(Result::ErrGeneric, f.what() + std::string("; ") + (h.resolved.empty() ? uri : h.resolved) +
                                        " is not this host's own daemon, so nothing here can tell whether " + c.guest +
                                        " runs");
  auto pids = find_guest_processes(c.guest);
  bool absent = pids.empty();
  if (c.op.action == "monitor" || c.op.action == "status") {
    if (absent) {
      log::warning(f.what(), "; no qemu process for ", c.guest, " exists on this host");
      return Result::NotRunning;
    }
    log::warning(f.what(), "; the qemu process of ", c.guest, " (pid ", pids.front(), ") is alive");
    return Result::Success;
  }
  if (c.op.action == "stop" && absent) {
    log::warning(f.what(), "; no qemu process for ", c.guest, " exists on this host, so it is stopped");
    return Result::Success;
  }
  return fail(Result::ErrGeneric, f.what() + std::string(absent ? "" : "; its qemu process is still running"));
}

// A deep monitor (OCF_CHECK_LEVEL >= 10) pings the QEMU guest agent, which only libvirt's
// library can do.
bool pings_guest_agent(const Context& c) {
  return c.op.check_level >= 10 && c.config && c.config->domain.has_guest_agent_channel;
}

// vmha-guestd's record of this guest (guest_record.hpp), written before the agent acts so that
// the daemon never takes the agent's own stop or migration for a failure. Best effort: the daemon
// only makes recovery faster, and nothing here depends on it.
StorageErrorPolicy storage_policy(const Context& c) {
  return parse_storage_policy(c.params.text(vd::storage_error_policy)).value_or(StorageErrorPolicy::Kill);
}

// The heartbeat parameters as the record carries them; true when they differ from r's.
bool set_heartbeat(const Context& c, GuestRecord* r) {
  GuestRecord h = *r;
  h.heartbeat = parse_heartbeat(c.params.text(vd::heartbeat)).value_or(Heartbeat::None);
  h.heartbeat_timeout = static_cast<int>(c.params.integer(vd::heartbeat_timeout));
  h.heartbeat_max_resets = static_cast<int>(c.params.integer(vd::heartbeat_max_resets));
  h.heartbeat_reset_window = static_cast<int>(c.params.integer(vd::heartbeat_reset_window));
  bool changed = h.heartbeat != r->heartbeat || h.heartbeat_timeout != r->heartbeat_timeout ||
                 h.heartbeat_max_resets != r->heartbeat_max_resets ||
                 h.heartbeat_reset_window != r->heartbeat_reset_window;
  *r = h;
  return changed;
}

void mark(const Context& c, Intent intent, bool new_start = false) {
  if (c.op.resource_instance.empty() || c.guest.empty()) return;
  const std::string dir = guest_record_dir();
  GuestRecord r = read_record(dir, c.guest, nullptr).value_or(GuestRecord{});
  std::time_t now = std::time(nullptr);
  r.guest = c.guest;
  r.resource = c.op.resource_instance;
  r.storage_error_policy = storage_policy(c);
  set_heartbeat(c, &r);
  r.intent = intent;
  // An agent killed mid-action must not silence the daemon for ever: the intent ends with the operation.
  r.intent_until = intent == Intent::None ? 0 : now + c.deadline.remaining().count() / 1000 + 1;
  if (new_start || r.started == 0)
    r.started =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
  write_record(dir, r);
}

void forget(const Context& c) {
  if (!c.op.resource_instance.empty() && !c.guest.empty()) remove_record(guest_record_dir(), c.guest);
}

// A running guest found by a monitor (after an agent upgrade, say) gets its record too.
void keep_record(const Context& c) {
  if (c.op.resource_instance.empty() || c.guest.empty()) return;
  auto r = read_record(guest_record_dir(), c.guest, nullptr);
  if (!r) return mark(c, Intent::None);
  bool heartbeat_changed = set_heartbeat(c, &*r);
  if (r->resource == c.op.resource_instance && r->storage_error_policy == storage_policy(c) && !heartbeat_changed)
    return;
  r->resource = c.op.resource_instance;  // reloaded parameters; an intent under way is kept
  r->storage_error_policy = storage_policy(c);
  write_record(guest_record_dir(), *r);
}

// session: libvirt's library, when the monitor runs through it; nullptr over LibvirtWire.
Result do_monitor(Context& c, DomainReader& lv, LibvirtSession* session) {
  Observation o = observe(lv, c.guest);
  switch (o.condition.health) {
    case GuestHealth::NotRunning:
      log::debug(c.guest, " is ", o.condition.description);
      return Result::NotRunning;
    case GuestHealth::Failed:
      if (o.state == VIR_DOMAIN_PAUSED && o.reason == VIR_DOMAIN_PAUSED_IOERROR &&
          storage_policy(c) != StorageErrorPolicy::Kill) {
        // Active here, holding its state: failing it would be the kill policy.
        log::warning(
            c.guest, " is paused on a storage error; storage_error_policy=", storage_policy_name(storage_policy(c)),
            " keeps it paused", storage_policy(c) == StorageErrorPolicy::Resume ? " until vmha-guestd resumes it" : "");
        keep_record(c);
        return Result::Success;
      }
      return fail(Result::ErrGeneric, c.guest + " is " + o.condition.description);
    case GuestHealth::Running:
      break;
  }
  keep_record(c);
  if (c.op.is_probe) GuestNameMemory(c.env, "VirtualDomain", c.op.resource_instance).remember(c.guest);
  if (pings_guest_agent(c) && session) {
    int seconds = static_cast<int>(std::max<long long>(1, c.deadline.remaining().count() / 2000));
    if (auto silent = session->guest_agent_silent(c.guest, seconds))
      return fail(Result::ErrGeneric, c.guest + ": the QEMU guest agent does not answer: " + *silent);
  }
  if (auto check = monitor_scripts_check(c)) {
    std::string why = check(c.deadline);
    if (!why.empty()) return fail(Result::ErrGeneric, c.guest + ": " + why);
  }
  keep_utilization(c, lv);
  return Result::Success;
}

// require_lease (docs/leases.md): Success, or why this host must not start the guest.
Result lease_check(const Context& c) {
  LeaseNeed need{c.params.text(vd::require_lease),
                 read_host_locking(c.params.text(vd::hypervisor)),
                 {},
                 0,
                 c.params.text(vd::hypervisor).empty() ? "libvirt's default URI" : c.params.text(vd::hypervisor)};
  if (c.config) {
    need.leased_disks = c.config->domain.leased_disks;
    need.lease_elements = c.config->domain.lease_elements;
  }
  bool guest_fault = false;
  std::string why = lease_refusal(need, &guest_fault);
  if (why.empty()) return Result::Success;
  return fail(guest_fault ? Result::ErrConfigured : Result::ErrInstalled, why);
}

Result do_start(Context& c, LibvirtSession& lv) {
  if (!c.config) return fail(Result::ErrInstalled, "cannot start " + c.guest + " without its config file");
  if (Result r = lease_check(c); r != Result::Success) return r;
  StartRequest r;
  r.name = c.guest;
  r.xml = c.config->xml;
  r.keep_definition = is_libvirt_definition_file(c.config->path, c.guest);
  r.restore_from = snapshot_file(c);
  if (c.params.boolean(vd::start_resources)) {
    r.networks = c.config->domain.networks;
    r.pools = c.config->domain.storage_pools;
  }
  r.ready = monitor_scripts_check(c);
  mark(c, Intent::Start, true);
  Outcome o;
  try {
    o = start_guest(lv, r, c.deadline);
  } catch (const LibvirtFailure& f) {
    // Another host's virtlockd holds the lease: the guest runs there. A hard error, so that
    // Pacemaker neither retries here (stop, start) nor takes it for this host's fault elsewhere.
    if (!is_lease_conflict(f.code, f.what())) throw;
    return fail(Result::ErrInstalled,
                describe_busy_lease(c.guest, f.what(), read_host_locking(c.params.text(vd::hypervisor)).lockspace,
                                    c.config->domain.leased_disks));
  }
  if (!o.ok) return fail(Result::ErrGeneric, "failed to start " + c.guest + ": " + o.message);
  mark(c, Intent::None);
  GuestNameMemory(c.env, "VirtualDomain", c.op.resource_instance).remember(c.guest);
  log::info("started ", c.guest);
  keep_utilization(c, lv);
  return Result::Success;
}

Result do_stop(Context& c, LibvirtSession& lv) {
  StopRequest r;
  r.name = c.guest;
  r.force = c.params.boolean(vd::force_stop);
  r.shutdown_flags = parse_shutdown_mode(c.params.text(vd::shutdown_mode), nullptr).value_or(0);
  r.save_to = snapshot_file(c);
  r.before = [&c, &lv] { save_config(c, lv); };
  mark(c, Intent::Stop);
  Outcome o = stop_guest(lv, r, c.deadline);
  if (!o.ok) return fail(Result::ErrGeneric, "failed to stop " + c.guest + ": " + o.message);
  forget(c);
  return Result::Success;
}

MigrationSettings migration_settings(const Context& c, const LibvirtSession& lv) {
  const auto& p = c.params;
  MigrationSettings s;
  s.local_uri = p.text(vd::hypervisor).empty() ? lv.uri() : p.text(vd::hypervisor);
  s.target_node = c.op.migrate_target;
  s.transport = p.text(vd::migration_transport);
  s.user = p.text(vd::migration_user);
  s.network_suffix = p.text(vd::migration_network_suffix);
  s.remote_uri = p.text(vd::remoteuri);
  s.migrate_uri = p.text(vd::migrateuri);
  s.migrate_options = p.text(vd::migrate_options);
  s.migrate_port = p.text(vd::migrateport);
  s.port_choice = 49152 + static_cast<int>(std::random_device{}() % 64);
  s.qemu = lv.hypervisor_driver() == "QEMU";
  s.speed_mib_s = static_cast<unsigned long long>(p.integer(vd::migration_speed));
  s.max_downtime_ms = static_cast<unsigned long long>(p.integer(vd::migration_downtime));
  s.auto_converge = p.boolean(vd::migration_auto_converge);
  s.postcopy = p.boolean(vd::migration_postcopy);
  return s;
}

Result do_migrate_to(Context& c, const std::shared_ptr<LibvirtSession>& lv) {
  if (c.op.migrate_target.empty())
    return fail(Result::ErrGeneric, "migrate_to needs OCF_RESKEY_CRM_meta_migrate_target");
  MigrationPlan plan = plan_migration(migration_settings(c, *lv));
  if (!plan.errors.empty()) return fail(Result::ErrConfigured, plan.errors.front());
  save_config(c, *lv);
  std::vector<std::string> remote_networks;
  if (c.params.boolean(vd::start_resources) && c.config) remote_networks = c.config->domain.networks;
  log::info("migrating ", c.guest, " to ", c.op.migrate_target, " (", plan.request.destination_uri,
            plan.request.data_uri.empty() ? "" : ", data " + plan.request.data_uri, ")");
  mark(c, Intent::Migrate);
  MigrationOutcome o = migrate_guest(lv, c.guest, plan, remote_networks, c.deadline);
  if (o.result == MigrationResult::Done) {
    forget(c);
    log::info("migrated ", c.guest, " to ", c.op.migrate_target);
    return Result::Success;
  }
  if (o.result == MigrationResult::FailedStillOnSource) mark(c, Intent::None);
  return fail(Result::ErrGeneric, o.message);
}

Result do_migrate_from(Context& c, LibvirtSession& lv) {
  Outcome o = await_arrival(lv, c.guest, monitor_scripts_check(c), c.deadline);
  if (!o.ok)
    return fail(Result::ErrGeneric, c.guest + " did not arrive from " + c.op.migrate_source + ": " + o.message);
  GuestNameMemory(c.env, "VirtualDomain", c.op.resource_instance).remember(c.guest);
  mark(c, Intent::None, true);
  log::info(c.guest, " arrived from ", c.op.migrate_source.empty() ? "its source" : c.op.migrate_source);
  save_config(c, lv);
  return Result::Success;
}

Result dispatch(Context& c) {
  const std::string& a = c.op.action;
  // Most monitors ask the local libvirtd over its socket (LibvirtWire), without loading
  // libvirt's library; whatever the wire cannot answer is asked again through the library.
  if ((a == "monitor" || a == "status") && !pings_guest_agent(c)) {
    try {
      if (auto wire = LibvirtWire::open(c.params.text(vd::hypervisor), c.deadline))
        return do_monitor(c, *wire, nullptr);
    } catch (const WireFailure& f) {
      log::debug("libvirtd's socket did not answer (", f.what(), "); asking through libvirt's library");
    }
  }
  std::shared_ptr<LibvirtSession> lv;
  try {
    lv = std::make_shared<LibvirtSession>(LibvirtSession::connect(c.params.text(vd::hypervisor)));
  } catch (const LibvirtFailure& f) {
    if (f.unreachable) return judge_without_libvirt(c, f);
    return fail(Result::ErrGeneric, f.what());
  }
  try {
    if (a == "monitor" || a == "status") return do_monitor(c, *lv, lv.get());
    if (a == "start") return do_start(c, *lv);
    if (a == "stop") return do_stop(c, *lv);
    if (a == "migrate_to") return do_migrate_to(c, lv);
    if (a == "migrate_from") return do_migrate_from(c, *lv);
  } catch (const LibvirtFailure& f) {
    if (f.unreachable) return judge_without_libvirt(c, f);
    return fail(Result::ErrGeneric, f.what());
  }
  return Result::ErrUnimplemented;
}

bool known_action(const std::string& a) {
  for (const auto& act : virtualdomain_spec().actions)
    if (act.name == a) return true;
  return false;
}

}  // namespace

int run_virtualdomain(const std::string& action, const ocf::EnvMap& env, const std::string& invoked_as) {
  const ocf::AgentSpec& spec = virtualdomain_spec();
  if (action == "meta-data") {
    auto version = [&env](const char* key) {
      auto v = ocf::lookup(env, key);
      return v ? v->data() : nullptr;  // EnvMap values are std::strings: NUL-terminated
    };
    auto dialect = ocf::dialect_for_caller(version("OCF_RA_VERSION_MAJOR"), version("OCF_RA_VERSION_MINOR"));
    std::fputs(ocf::render_metadata(spec, dialect).c_str(), stdout);
    return 0;
  }
  if (action == "--version" || action == "-V") {
    std::printf("%s (vmha) %s\n", std::string(spec.name).c_str(), vmha::version);
    return 0;
  }
  if (action == "manpage") {
    std::fputs(ocf::render_manpage(spec, "7").c_str(), stdout);
    return 0;
  }
  if (action.empty() || action == "--help" || action == "-h" || action == "usage" || action == "help") {
    std::fputs(ocf::render_help(spec, invoked_as, "OCF_RESKEY_").c_str(), stdout);
    return action.empty() ? ocf::exit_code(Result::ErrArgs) : 0;
  }

  ocf::Operation op = ocf::parse_operation(action, env, kDefaultTimeout);
  ocf::log::init("VirtualDomain", op.resource_instance, env, action);
  if (!known_action(action)) {
    log::error("unknown action ", action);
    return ocf::exit_code(Result::ErrUnimplemented);
  }
  const auto start = Deadline::Clock::now();
  ocf::ParsedParameters parsed = ocf::parse_parameters(spec, env);
  for (const auto& w : parsed.warnings) log::warning(w);
  auto issues = parsed.issues;
  // Checked whatever else is wrong: stop and monitor fall back to defaults for malformed values, and
  // the default (this host's daemon) must never stand in for a hypervisor the caller named.
  bool hypervisor_invalid = false;
  if (const std::string& hv = parsed.values.text(vd::hypervisor); !hv.empty()) {
    if (HypervisorUri h = judge_hypervisor_uri(hv); !h.problem.empty()) {
      issues.push_back(
          {vd::hypervisor, "parameter hypervisor=\"" + ocf::printable(hv) + "\" " + h.problem, Result::ErrConfigured});
      hypervisor_invalid = true;
    }
  }
  if (issues.empty()) {
    auto more = cross_checks(parsed.values);
    issues.insert(issues.end(), more.begin(), more.end());
  }
  Context c{env, op, parsed.values, Deadline::for_operation(start, op.timeout), {}, {}};
  // From here on everything runs under the deadline, reading the config file included (it may sit on
  // storage that hangs).
  const std::string& subject = op.resource_instance.empty() ? parsed.values.text(vd::config) : op.resource_instance;
  ocf::Watchdog watchdog(c.deadline, Result::ErrGeneric, action + " of " + subject);

  // Which guest? The config file says; the memory of an earlier start here is the fallback.
  ConfigReading reading = read_guest_config(parsed.values.text(vd::config));
  if (reading.config) {
    c.config = reading.config;
    c.guest = reading.config->domain.name;
  } else if (!parsed.values.text(vd::config).empty()) {
    issues.push_back({vd::config, reading.message,
                      reading.problem == ConfigProblem::Unreadable ? Result::ErrInstalled : Result::ErrConfigured});
  }

  if (action == "validate-all" || action == "reload-agent") {
    // The first is the exit reason; the others are logged once each.
    for (std::size_t i = 1; i < issues.size(); ++i) log::error(issues[i].message);
    if (!issues.empty()) return ocf::exit_code(fail(issues.front().result, issues.front().message));
    // A reloaded storage_error_policy reaches vmha-guestd through the guest's record.
    if (action == "reload-agent" && read_record(guest_record_dir(), c.guest, nullptr)) keep_record(c);
    // The deep check asks this host as start would: can it lease the guest's disks?
    if (action == "validate-all" && op.check_level >= 10) return ocf::exit_code(lease_check(c));
    return 0;
  }
  if (!issues.empty()) {
    // Stop and monitor only need the guest's name: a malformed tuning parameter or a config
    // file gone with its storage must not turn into "stopped" while the guest may run.
    bool can_proceed = (action == "stop" || action == "monitor" || action == "status") && !hypervisor_invalid;
    if (c.guest.empty()) {
      if (auto remembered = GuestNameMemory(env, "VirtualDomain", op.resource_instance).recall()) {
        c.guest = *remembered;
        log::warning(issues.front().message, "; using the guest name ", c.guest, " remembered from its start");
      } else {
        can_proceed = false;
      }
    }
    if (!can_proceed) return ocf::exit_code(fail(issues.front().result, issues.front().message));
    for (const auto& i : issues) log::warning(i.message);
    // Malformed values fall back to their defaults for this stop or monitor.
    for (const auto& i : issues) {
      if (const auto* p = spec.find(i.parameter); p && i.parameter != vd::config)
        c.params.set(p->name, std::string(p->default_value), false);
    }
  }

  Result r = dispatch(c);
  log::debug(action, " of ", c.guest, ": ", ocf::result_name(r));
  return ocf::exit_code(r);
}

}  // namespace vmha::agents
