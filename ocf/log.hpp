// What an agent's logging takes from the OCF conventions, on top of vmha/log.hpp: lines as
// ocf-shellfuncs writes them ("<agent>(<instance>)[pid]: LEVEL: text") to stderr, syslog (facility
// daemon) and HA_LOGFILE; debug lines only with HA_debug=1 or trace_ra=1 (which also copies every
// line into the trace file); and the exit reason Pacemaker shows. Log with vmha::log's functions.
#pragma once
#include <string_view>

#include "vmha/log.hpp"

#include "env_map.hpp"

namespace vmha::ocf::log {

// action names the default trace file (trace_ra=1, as ocf-shellfuncs does it).
void init(std::string_view agent, std::string_view instance, const EnvMap& env, std::string_view action = "");
// "ocf-exit-reason:<msg>" on stderr, which Pacemaker shows in crm_mon, plus an error log line.
void exit_reason(std::string_view message);

}  // namespace vmha::ocf::log
