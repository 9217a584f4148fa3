#include "log.hpp"

#include <syslog.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <mutex>

#include "value_parse.hpp"

namespace vmha::ocf::log {
namespace {

struct State {
    std::string tag = "vmha";
    std::string logfile;
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
        case Level::Debug: return "DEBUG";
        case Level::Info: return "INFO";
        case Level::Warning: return "WARNING";
        case Level::Error: return "ERROR";
        case Level::Critical: return "CRIT";
    }
    return "INFO";
}

int syslog_priority(Level l) {
    switch (l) {
        case Level::Debug: return LOG_DEBUG;
        case Level::Info: return LOG_INFO;
        case Level::Warning: return LOG_WARNING;
        case Level::Error: return LOG_ERR;
        case Level::Critical: return LOG_CRIT;
    }
    return LOG_INFO;
}

}  // namespace

void init(std::string_view agent, std::string_view instance, const EnvMap& env) {
    State& s = state();
    std::lock_guard lock(s.mutex);
    s.tag = std::string(agent);
    if (!instance.empty()) s.tag += "(" + std::string(instance) + ")";
    s.logfile = std::string(lookup(env, "HA_LOGFILE").value_or(""));
    auto dbg = lookup(env, "HA_debug");
    if (!dbg) dbg = lookup(env, "HA_DEBUG");
    s.debug = dbg && parse_boolean(*dbg).value_or(false);
    // openlog keeps the pointer: s.tag lives as long as the process.
    openlog(s.tag.c_str(), LOG_PID, LOG_DAEMON);
    s.syslog_open = true;
}

bool debug_enabled() { return state().debug; }

void write(Level level, std::string_view message) {
    State& s = state();
    std::lock_guard lock(s.mutex);
    std::string line = s.tag + "[" + std::to_string(getpid()) + "]: " + level_name(level) + ": " +
                       std::string(message) + "\n";
    std::fputs(line.c_str(), stderr);
    if (s.syslog_open) syslog(syslog_priority(level), "%s: %.*s", level_name(level),
                              static_cast<int>(message.size()), message.data());
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

void exit_reason(std::string_view message) {
    {
        std::lock_guard lock(state().mutex);
        std::fprintf(stderr, "ocf-exit-reason:%.*s\n", static_cast<int>(message.size()), message.data());
    }
    write(Level::Error, message);
}

}  // namespace vmha::ocf::log
