#include "log.hpp"

#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>
#include <optional>
#include <vector>

#include "value_parse.hpp"

namespace vmha::ocf::log {
namespace {

using vmha::log::Level;

// trace_ra as ocf-shellfuncs reads it: OCF_TRACE_RA or OCF_RESKEY_trace_ra turns it on; the
// destination is OCF_TRACE_FILE / OCF_RESKEY_trace_file (a descriptor 3-9 or an absolute path), else
// <trace_dir or $HA_VARLIB/trace_ra>/<agent>/<instance>.<action>.<date.time>. A binary has no `set -x`:
// what it traces is its debug log and the environment it was called with. No trace: nullopt.
std::optional<vmha::log::Copy> trace_copy(std::string_view agent, std::string_view instance, std::string_view action,
                                          const EnvMap& env, std::vector<std::string>* warnings) {
  auto flag = lookup(env, "OCF_TRACE_RA");
  if (!flag) flag = lookup(env, "OCF_RESKEY_trace_ra");
  if (!flag || !parse_boolean(*flag).value_or(false)) return std::nullopt;
  auto file = lookup(env, "OCF_TRACE_FILE");
  if (!file) file = lookup(env, "OCF_RESKEY_trace_file");
  std::string dest(file.value_or(""));
  if (dest.size() == 1 && dest[0] >= '3' && dest[0] <= '9') return vmha::log::Copy{"", dest[0] - '0', ""};
  if (!dest.empty() && dest[0] != '/') {
    warnings->push_back("trace_file must be a descriptor (3-9) or an absolute path, not " + dest);
    dest.clear();
  }
  if (dest.empty()) {
    // as ocf-shellfuncs: nothing to name the file by (debug lines still on)
    if (instance.empty() || action.empty()) return vmha::log::Copy{};
    std::string dir(lookup(env, "OCF_RESKEY_trace_dir").value_or(""));
    if (dir.empty()) dir = std::string(lookup(env, "HA_VARLIB").value_or("/var/lib/heartbeat")) + "/trace_ra";
    char stamp[32];
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    std::strftime(stamp, sizeof stamp, "%F.%T", &tm);
    dest = dir + "/" + std::string(agent) + "/" + std::string(instance) + "." + std::string(action) + "." + stamp;
  }
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(dest).parent_path(), ec);
  if (FILE* f = std::fopen(dest.c_str(), "a")) {
    std::fclose(f);
    return vmha::log::Copy{dest, -1, ""};
  }
  warnings->push_back(dest + " not writable, trace not going to happen");
  return vmha::log::Copy{};
}

}  // namespace

void init(std::string_view agent, std::string_view instance, const EnvMap& env, std::string_view action) {
  std::vector<std::string> warnings;
  std::string tag(agent);
  if (!instance.empty()) tag += "(" + std::string(instance) + ")";
  auto dbg = lookup(env, "HA_debug");
  if (!dbg) dbg = lookup(env, "HA_DEBUG");
  auto trace = trace_copy(agent, instance, action, env, &warnings);
  vmha::log::configure(
      {tag, vmha::log::Style::Agent, true, true, trace.has_value() || (dbg && parse_boolean(*dbg).value_or(false))});
  if (trace && (trace->fd >= 0 || !trace->path.empty())) {
    std::string vars = "trace of " + std::string(action) + "; environment:";
    for (const auto& [key, value] : env)
      if (key.starts_with("OCF_") || key.starts_with("HA_")) vars += " " + key + "=" + value;
    std::tm unused{};
    vmha::log::add_copy(*trace, vmha::log::stderr_line(vmha::log::Style::Agent, tag, static_cast<long>(getpid()),
                                                       Level::Debug, vars, unused));
  }
  if (auto logfile = lookup(env, "HA_LOGFILE"); logfile && !logfile->empty())
    vmha::log::add_copy({std::string(*logfile), -1, "%b %d %T "});
  for (const auto& w : warnings) vmha::log::write(Level::Warning, w);
}

// On stderr once, as ocf_exit_reason prints it (Pacemaker takes the line as the exit reason); the
// error line goes to syslog, HA_LOGFILE and the trace only, or every reason appeared twice.
void exit_reason(std::string_view message) {
  std::fprintf(stderr, "ocf-exit-reason:%.*s\n", static_cast<int>(message.size()), message.data());
  vmha::log::write(Level::Error, message, vmha::log::Stderr::Never);
}

}  // namespace vmha::ocf::log
