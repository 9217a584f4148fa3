// Agent logging as ocf-shellfuncs does it: stderr, syslog (facility daemon) and HA_LOGFILE,
// tagged "<agent>(<instance>)[pid]"; debug lines only with HA_debug=1 or trace_ra=1 (which also copies
// every line into the trace file).
#pragma once
#include <sstream>
#include <string>
#include <string_view>

#include "env_map.hpp"

namespace vmha::ocf::log {

enum class Level { Debug, Info, Warning, Error, Critical };

// action names the default trace file (trace_ra=1, as ocf-shellfuncs does it).
void init(std::string_view agent, std::string_view instance, const EnvMap& env, std::string_view action = "");
void write(Level level, std::string_view message);
// "ocf-exit-reason:<msg>" on stderr, which Pacemaker shows in crm_mon, plus an error log line.
void exit_reason(std::string_view message);
bool debug_enabled();

template <typename... Parts>
std::string cat(const Parts&... parts) {
  std::ostringstream out;
  (out << ... << parts);
  return out.str();
}

template <typename... Parts>
void debug(const Parts&... p) {
  if (debug_enabled()) write(Level::Debug, cat(p...));
}
template <typename... Parts>
void info(const Parts&... p) {
  write(Level::Info, cat(p...));
}
template <typename... Parts>
void warning(const Parts&... p) {
  write(Level::Warning, cat(p...));
}
template <typename... Parts>
void error(const Parts&... p) {
  write(Level::Error, cat(p...));
}

}  // namespace vmha::ocf::log
