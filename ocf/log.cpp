#include "log.hpp"

#include <syslog.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "value_parse.hpp"

namespace vmha::ocf::log {
namespace {

struct State {
  std::string tag = "vmha";
  std::string logfile;
  std::string tracefile;  // trace_ra: every line, debug included, also goes here
  int trace_fd = -1;      // trace_file=3..9: an open descriptor of the caller's
  bool debug = false;
  bool syslog_open = false;
  std::mutex mutex;  // the watchdog thread may log while the main thread does
};

State& state() {
  static State s;
  return s;
}

const char* level_name(Level l) {
  switch (l) {
    case Level::Debug:
      return "DEBUG";
    case Level::Info:
      return "INFO";
    case Level::Warning:
      return "WARNING";
    case Level::Error:
      return "ERROR";
    case Level::Critical:
      return "CRIT";
  }
  return "INFO";
}

int syslog_priority(Level l) {
  switch (l) {
    case Level::Debug:
      return LOG_DEBUG;
    case Level::Info:
      return LOG_INFO;
    case Level::Warning:
      return LOG_WARNING;
    case Level::Error:
      return LOG_ERR;
    case Level::Critical:
      return LOG_CRIT;
  }
  return LOG_INFO;
}

// trace_ra as ocf-shellfuncs reads it: OCF_TRACE_RA or OCF_RESKEY_trace_ra turns it on; the
// destination is OCF_TRACE_FILE / OCF_RESKEY_trace_file (a descriptor 3-9 or an absolute path), else
// <trace_dir or $HA_VARLIB/trace_ra>/<agent>/<instance>.<action>.<date.time>. A binary has no `set -x`:
// what it traces is its debug log and the environment it was called with.
void start_trace(State& s, std::string_view agent, std::string_view instance, std::string_view action,
                 const EnvMap& env, std::vector<std::string>* warnings) {
  auto flag = lookup(env, "OCF_TRACE_RA");
  if (!flag) flag = lookup(env, "OCF_RESKEY_trace_ra");
  if (!flag || !parse_boolean(*flag).value_or(false)) return;
  s.debug = true;
  auto file = lookup(env, "OCF_TRACE_FILE");
  if (!file) file = lookup(env, "OCF_RESKEY_trace_file");
  std::string dest(file.value_or(""));
  if (dest.size() == 1 && dest[0] >= '3' && dest[0] <= '9') {
    s.trace_fd = dest[0] - '0';
    return;
  }
  if (!dest.empty() && dest[0] != '/') {
    warnings->push_back("trace_file must be a descriptor (3-9) or an absolute path, not " + dest);
    dest.clear();
  }
  if (dest.empty()) {
    if (instance.empty() || action.empty()) return;  // as ocf-shellfuncs: nothing to name the file by
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
    s.tracefile = dest;
  } else {
    warnings->push_back(dest + " not writable, trace not going to happen");
  }
}

void trace_line(State& s, const std::string& line) {
  if (s.trace_fd >= 0) {
    ssize_t ignored = ::write(s.trace_fd, line.data(), line.size());
    (void)ignored;
  }
  if (!s.tracefile.empty()) {
    if (FILE* f = std::fopen(s.tracefile.c_str(), "a")) {
      std::fputs(line.c_str(), f);
      std::fclose(f);
    }
  }
}

}  // namespace

void init(std::string_view agent, std::string_view instance, const EnvMap& env, std::string_view action) {
  State& s = state();
  std::vector<std::string> warnings;
  {
    std::lock_guard lock(s.mutex);
    s.tag = std::string(agent);
    if (!instance.empty()) s.tag += "(" + std::string(instance) + ")";
    s.logfile = std::string(lookup(env, "HA_LOGFILE").value_or(""));
    auto dbg = lookup(env, "HA_debug");
    if (!dbg) dbg = lookup(env, "HA_DEBUG");
    s.debug = dbg && parse_boolean(*dbg).value_or(false);
    start_trace(s, agent, instance, action, env, &warnings);
    // openlog keeps the pointer: s.tag lives as long as the process.
    openlog(s.tag.c_str(), LOG_PID, LOG_DAEMON);
    s.syslog_open = true;
    if (s.trace_fd >= 0 || !s.tracefile.empty()) {
      std::string vars = "trace of " + std::string(action) + "; environment:";
      for (const auto& [key, value] : env)
        if (key.starts_with("OCF_") || key.starts_with("HA_")) vars += " " + key + "=" + value;
      trace_line(s, s.tag + "[" + std::to_string(getpid()) + "]: DEBUG: " + vars + "\n");
    }
  }
  for (const auto& w : warnings) write(Level::Warning, w);
}

bool debug_enabled() { return state().debug; }

namespace {

void emit(Level level, std::string_view message, bool to_stderr) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  std::string line =
      s.tag + "[" + std::to_string(getpid()) + "]: " + level_name(level) + ": " + std::string(message) + "\n";
  if (to_stderr) std::fputs(line.c_str(), stderr);
  if (s.syslog_open)
    syslog(syslog_priority(level), "%s: %.*s", level_name(level), static_cast<int>(message.size()), message.data());
  trace_line(s, line);
  if (!s.logfile.empty()) {
    if (FILE* f = std::fopen(s.logfile.c_str(), "a")) {
      char stamp[64];
      std::time_t now = std::time(nullptr);
      std::tm tm{};
      localtime_r(&now, &tm);
      std::strftime(stamp, sizeof stamp, "%b %d %T ", &tm);
      std::fputs(stamp, f);
      std::fputs(line.c_str(), f);
      std::fclose(f);
    }
  }
}

}  // namespace

void write(Level level, std::string_view message) { emit(level, message, true); }

// On stderr once, as ocf_exit_reason prints it (Pacemaker takes the line as the exit reason); the
// error line goes to syslog, HA_LOGFILE and the trace only, or every reason appeared twice.
void exit_reason(std::string_view message) {
  {
    std::lock_guard lock(state().mutex);
    std::fprintf(stderr, "ocf-exit-reason:%.*s\n", static_cast<int>(message.size()), message.data());
  }
  emit(Level::Error, message, false);
}

}  // namespace vmha::ocf::log
