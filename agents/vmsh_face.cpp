// The rgmanager face: vm.sh's parameters, its status depths, `migrate <target>` and the
// return code 150 for a migration that failed with the guest still running here.
#include "vmsh_face.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "guest_checks.hpp"
#include "guest_engine.hpp"
#include "guest_identity.hpp"
#include "hypervisor_uri.hpp"
#include "domain_xml.hpp"
#include "libvirt_wire.hpp"
#include "lock_manager.hpp"
#include "process_table.hpp"
#include "vmsh_params.hpp"
#include "ocf/bounded_file.hpp"
#include "ocf/help_text.hpp"
#include "ocf/log.hpp"
#include "ocf/metadata.hpp"
#include "ocf/operation.hpp"
#include "ocf/param_values.hpp"
#include "ocf/value_parse.hpp"
#include "ocf/watchdog.hpp"
#include "vmha/version.hpp"

namespace vmha::agents {

using ocf::Result;

namespace {

constexpr auto kDefaultTimeout = std::chrono::milliseconds(60'000);  // vm.sh waits 60 s without a timeout

struct VmContext {
  const ocf::EnvMap& env;
  ocf::Operation op;
  ocf::ParamValues params;
  Deadline deadline;
  std::string guest;
  std::string target;  // migrate's argv[2]
};

int fail(int code, const std::string& why) {
  ocf::log::exit_reason(why);
  return code;
}

std::string local_uri(const ocf::ParamValues& p) {
  const std::string& uri = p.text(vm::hypervisor_uri);
  if (!uri.empty() && uri != "auto") return uri;
  const std::string& hv = p.text(vm::hypervisor);
  if (hv == "qemu") return "qemu:///system";
  if (hv == "xen") return "xen:///";
  return "";
}

// "member:target,member2:target2": the name migration should use for a cluster member.
std::string mapped_target(const std::string& mapping, const std::string& member) {
  std::istringstream in(mapping);
  for (std::string pair; std::getline(in, pair, ',');) {
    auto colon = pair.find(':');
    if (colon != std::string::npos && pair.substr(0, colon) == member) return pair.substr(colon + 1);
  }
  return member;
}

std::string replace_percent_s(const std::string& pattern, const std::string& value) {
  std::string out = pattern;
  for (auto pos = out.find("%s"); pos != std::string::npos; pos = out.find("%s", pos + value.size()))
    out.replace(pos, 2, value);
  return out;
}

// vm.sh's sources for a guest, in its order: xmlfile, then <name>[.xml] on path, then a defined domain.
// *found_in: the file it came from.
std::string find_guest_xml(const VmContext& c, std::string* error, std::string* found_in) {
  auto read = [](const std::string& file) { return ocf::read_bounded_file(file, ocf::kMaxConfigBytes, "xmlfile"); };
  if (const std::string& f = c.params.text(vm::xmlfile); !f.empty()) {
    auto xml = read(f);
    if (xml.text) {
      *found_in = f;
      return *xml.text;
    }
    *error = xml.message;
    return "";
  }
  std::istringstream dirs(c.params.text(vm::path));
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (dir.empty()) continue;
    for (const std::string& candidate : {dir + "/" + c.guest, dir + "/" + c.guest + ".xml"}) {
      struct stat st;
      if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
        auto xml = read(candidate);
        if (!xml.text) {
          *error = xml.message;
          return "";
        }
        *found_in = candidate;
        return *xml.text;
      }
    }
  }
  return "";
}

ReadinessCheck status_program_check(const VmContext& c) {
  auto words = split_words(c.params.text(vm::status_program));
  if (words.empty()) return {};
  return [words](Deadline d) { return run_health_programs(words, d); };
}

int do_status(VmContext& c, DomainReader& lv) {
  Observation o = observe(lv, c.guest);
  if (o.condition.health == GuestHealth::NotRunning) return ocf::exit_code(Result::NotRunning);
  if (o.condition.health == GuestHealth::Failed)
    return fail(ocf::exit_code(Result::ErrGeneric), c.guest + " is " + o.condition.description);
  if (c.op.check_level >= 10) {
    if (auto check = status_program_check(c)) {
      std::string why = check(c.deadline);
      if (!why.empty()) return fail(ocf::exit_code(Result::ErrGeneric), c.guest + ": " + why);
    }
  }
  return 0;
}

// require_lease (docs/leases.md): 0, or the exit code refusing a start on this host. xml: the
// guest's definition ("" = not known here).
int lease_check(const VmContext& c, const std::string& xml) {
  const std::string uri = local_uri(c.params);
  LeaseNeed need{
      c.params.text(vm::require_lease), read_host_locking(uri), {}, 0, uri.empty() ? "libvirt's default URI" : uri};
  if (auto d = parse_domain_xml(xml, nullptr)) {
    need.leased_disks = d->leased_disks;
    need.lease_elements = d->lease_elements;
  } else {
    need.lease_elements = 1;  // not known here: libvirt's own require_lease_for_disks decides
  }
  bool guest_fault = false;
  std::string why = lease_refusal(need, &guest_fault);
  if (why.empty()) return 0;
  return fail(ocf::exit_code(guest_fault ? Result::ErrConfigured : Result::ErrInstalled), why);
}

int do_start(VmContext& c, LibvirtSession& lv) {
  std::string error;
  StartRequest r;
  r.name = c.guest;
  std::string xml_file;
  r.xml = find_guest_xml(c, &error, &xml_file);
  if (!error.empty()) return fail(ocf::exit_code(Result::ErrInstalled), error);
  if (r.xml.empty() && !lv.exists(c.guest))
    return fail(ocf::exit_code(Result::ErrInstalled),
                c.guest + " is neither defined in libvirt nor found as xmlfile or on path");
  r.undefine_conflicting = false;  // rgmanager guests are often defined domains: keep them
  r.keep_definition = !xml_file.empty() && is_libvirt_definition_file(xml_file, c.guest);
  if (const auto& dir = c.params.text(vm::snapshot); !dir.empty()) r.restore_from = dir + "/" + c.guest + ".state";
  r.ready = status_program_check(c);
  std::string definition = r.xml.empty() ? lv.describe(c.guest, VIR_DOMAIN_XML_INACTIVE) : r.xml;
  if (int refused = lease_check(c, definition)) return refused;
  Outcome o;
  try {
    o = start_guest(lv, r, c.deadline);
  } catch (const LibvirtFailure& f) {
    // Another host's virtlockd holds the lease: the guest runs there; never a reason to retry here.
    if (!is_lease_conflict(f.code, f.what())) throw;
    auto d = parse_domain_xml(definition, nullptr);
    return fail(ocf::exit_code(Result::ErrInstalled),
                describe_busy_lease(c.guest, f.what(), read_host_locking(local_uri(c.params)).lockspace,
                                    d ? d->leased_disks : std::vector<std::string>{}));
  }
  if (!o.ok) return fail(ocf::exit_code(Result::ErrGeneric), "failed to start " + c.guest + ": " + o.message);
  log::info("started ", c.guest);
  return 0;
}

int do_stop(VmContext& c, LibvirtSession& lv, bool kill_only) {
  StopRequest r;
  r.name = c.guest;
  r.force = kill_only;
  r.destroy_when_late = !c.params.boolean(vm::no_kill);
  if (const auto& dir = c.params.text(vm::snapshot); !dir.empty()) r.save_to = dir + "/" + c.guest + ".state";
  Outcome o = stop_guest(lv, r, c.deadline);
  if (!o.ok) return fail(ocf::exit_code(Result::ErrGeneric), "failed to stop " + c.guest + ": " + o.message);
  return 0;
}

int do_migrate(VmContext& c, const std::shared_ptr<LibvirtSession>& lv) {
  if (c.target.empty()) return fail(ocf::exit_code(Result::ErrArgs), "usage: vm.sh migrate <target-node>");
  const auto& p = c.params;
  const std::string target = mapped_target(p.text(vm::migration_mapping), c.target);
  const bool xen = lv->hypervisor_driver() == "Xen";
  MigrationSettings s;
  s.target_node = target;
  std::string uri_pattern = p.text(vm::migration_uri);
  if (uri_pattern.empty() || uri_pattern == "auto") uri_pattern = xen ? "xenmigr://%s/" : "qemu+ssh://%s/system";
  s.remote_uri = replace_percent_s(uri_pattern, target);
  s.qemu = !xen;
  s.migrate_port = "";  // vm.sh passes tcp:<target> and lets qemu pick the port
  s.live = p.text(vm::migrate) != "pause";
  s.migrate_options = p.text(vm::migrate_options);
  if (p.boolean(vm::tunnelled)) s.migrate_options += " --tunnelled --p2p";
  MigrationPlan plan = plan_migration(s);
  if (!plan.errors.empty()) return fail(ocf::exit_code(Result::ErrConfigured), plan.errors.front());
  if (s.qemu && !p.boolean(vm::tunnelled)) plan.request.data_uri = "tcp:" + target;
  log::info("migrating ", c.guest, " to ", target, " (", plan.request.destination_uri, ")");
  MigrationOutcome o = migrate_guest(lv, c.guest, plan, {}, c.deadline);
  switch (o.result) {
    case MigrationResult::Done:
      log::info("migrated ", c.guest, " to ", target);
      return 0;
    case MigrationResult::NoSuchGuest:
    case MigrationResult::NotRunningHere:
      return fail(ocf::exit_code(Result::ErrConfigured), o.message);
    case MigrationResult::FailedStillOnSource:
      return fail(kVmshMigrationFailedStillRunning, o.message);
    case MigrationResult::FailedGuestGone:
      return fail(ocf::exit_code(Result::ErrGeneric), o.message);
  }
  return ocf::exit_code(Result::ErrGeneric);
}

int without_libvirt(const VmContext& c, const LibvirtFailure& f) {
  const std::string& a = c.op.action;
  // Only this host's own daemon may be stood in for by this host's process table.
  HypervisorUri h = judge_hypervisor_uri(local_uri(c.params));
  if ((a == "status" || a == "monitor") && h.local_system) {
    if (!find_guest_processes(c.guest).empty()) {
      log::warning(f.what(), "; the qemu process of ", c.guest, " is alive");
      return 0;
    }
    log::warning(f.what(), "; no qemu process for ", c.guest, " exists on this host");
    return ocf::exit_code(Result::NotRunning);
  }
  // vm.sh: with its daemon gone, nothing can be stopped or moved safely.
  if (!h.local_system)
    return fail(ocf::exit_code(Result::ErrGeneric), f.what() + std::string("; ") + h.resolved +
                                                        " is not this host's own daemon, so nothing here can "
                                                        "tell whether " +
                                                        c.guest + " runs");
  return fail(ocf::exit_code(Result::ErrGeneric), f.what());
}

int dispatch(VmContext& c) {
  const std::string& a = c.op.action;
  if (a == "recover" || a == "restart" || a == "reload" || a == "reconfig") return 0;
  // rgmanager's frequent status checks ask the local libvirtd over its socket (LibvirtWire);
  // whatever the wire cannot answer is asked again through libvirt's library.
  if (a == "status" || a == "monitor") {
    try {
      if (auto wire = LibvirtWire::open(local_uri(c.params), c.deadline)) return do_status(c, *wire);
    } catch (const WireFailure& f) {
      log::debug("libvirtd's socket did not answer (", f.what(), "); asking through libvirt's library");
    }
  }
  std::shared_ptr<LibvirtSession> lv;
  try {
    lv = std::make_shared<LibvirtSession>(LibvirtSession::connect(local_uri(c.params)));
    if (a == "status" || a == "monitor") return do_status(c, *lv);
    if (a == "start") return do_start(c, *lv);
    if (a == "stop") return do_stop(c, *lv, false);
    if (a == "kill") return do_stop(c, *lv, true);
    if (a == "migrate") return do_migrate(c, lv);
  } catch (const LibvirtFailure& f) {
    if (f.unreachable) return without_libvirt(c, f);
    return fail(ocf::exit_code(Result::ErrGeneric), f.what());
  }
  log::error("unknown action ", a);
  return ocf::exit_code(Result::ErrUnimplemented);
}

}  // namespace

int run_vmsh(const std::vector<std::string>& args, const ocf::EnvMap& env, const std::string& invoked_as) {
  const ocf::AgentSpec& spec = vmsh_spec();
  const std::string action = args.size() > 1 ? args[1] : "";
  if (action == "meta-data") {
    std::fputs(ocf::render_metadata(spec, ocf::MetadataDialect::Rgmanager).c_str(), stdout);
    return 0;
  }
  if (action == "--version" || action == "-V") {
    std::printf("vm.sh (vmha) %s\n", vmha::version);
    return 0;
  }
  if (action == "manpage") {
    std::fputs(ocf::render_manpage(spec, "8").c_str(), stdout);
    return 0;
  }
  if (action.empty() || action == "--help" || action == "-h" || action == "usage" || action == "help") {
    std::fputs(ocf::render_help(spec, invoked_as, "OCF_RESKEY_").c_str(), stdout);
    return action.empty() ? ocf::exit_code(Result::ErrArgs) : 0;
  }
  ocf::Operation op = ocf::parse_operation(action, env, kDefaultTimeout);
  std::string instance(ocf::lookup(env, "OCF_RESKEY_name").value_or(""));
  ocf::log::init("vm", instance.empty() ? op.resource_instance : "vm:" + instance, env, action);
  ocf::ParsedParameters parsed = ocf::parse_parameters(spec, env);
  if (const std::string& u = parsed.values.text(vm::hypervisor_uri); !u.empty() && u != "auto") {
    if (HypervisorUri h = judge_hypervisor_uri(u); !h.problem.empty())
      parsed.issues.push_back({vm::hypervisor_uri,
                               "parameter hypervisor_uri=\"" + ocf::printable(u) + "\" " + h.problem,
                               Result::ErrConfigured});
  }
  if (!parsed.issues.empty()) {
    for (std::size_t i = 1; i < parsed.issues.size(); ++i) log::error(parsed.issues[i].message);
    return fail(ocf::exit_code(parsed.issues.front().result), parsed.issues.front().message);
  }
  if (geteuid() != 0 && action != "validate-all")
    return fail(ocf::exit_code(Result::ErrPerm), "vm.sh must run as root");
  if (action == "validate-all") {
    if (op.check_level < 10) return 0;
    VmContext c{env,
                op,
                parsed.values,
                Deadline::for_operation(Deadline::Clock::now(), op.timeout),
                parsed.values.text(vm::name),
                ""};
    std::string error, found_in;
    return lease_check(c, find_guest_xml(c, &error, &found_in));
  }

  const auto start = Deadline::Clock::now();
  VmContext c{env,
              op,
              parsed.values,
              Deadline::for_operation(start, op.timeout),
              parsed.values.text(vm::name),
              args.size() > 2 ? args[2] : ""};
  ocf::Watchdog watchdog(c.deadline, Result::ErrGeneric, action + " of " + c.guest);
  return dispatch(c);
}

}  // namespace vmha::agents
