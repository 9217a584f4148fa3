#include "vmha/log.hpp"

#include <syslog.h>
#include <unistd.h>

#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <mutex>
#include <vector>

namespace vmha::log {

const char* level_name(Level level) {
  switch (level) {
    case Level::Debug:
      return "DEBUG";
    case Level::Info:
      return "INFO";
    case Level::Notice:
      return "NOTICE";
    case Level::Warning:
      return "WARNING";
    case Level::Error:
      return "ERROR";
    case Level::Critical:
      return "CRIT";
  }
  return "INFO";
}

int syslog_priority(Level level) {
  switch (level) {
    case Level::Debug:
      return LOG_DEBUG;
    case Level::Info:
      return LOG_INFO;
    case Level::Notice:
      return LOG_NOTICE;
    case Level::Warning:
      return LOG_WARNING;
    case Level::Error:
      return LOG_ERR;
    case Level::Critical:
      return LOG_CRIT;
  }
  return LOG_INFO;
}

std::string stderr_line(Style style, std::string_view name, long pid, Level level, std::string_view text,
                        const std::tm& local_time) {
  std::string line;
  switch (style) {
    case Style::Agent:
      line.append(name).append("[").append(std::to_string(pid)).append("]: ").append(level_name(level)).append(": ");
      break;
    case Style::Daemon:
      line.append(name).append(": ");
      break;
    case Style::Stamped: {
      char stamp[32];
      std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &local_time);
      line.append(stamp).append(" ").append(name).append(": ");
      break;
    }
  }
  return line.append(text).append("\n");
}

std::string syslog_text(Style style, Level level, std::string_view text) {
  if (style == Style::Agent) return std::string(level_name(level)).append(": ").append(text);
  return std::string(text);
}

namespace {

struct State {
  std::mutex mutex;  // a watchdog or worker thread may log while the main thread does
  Config config{"vmha", Style::Agent, true, false, false};
  std::string ident;  // openlog keeps this pointer: it changes only under the mutex, with openlog again
  std::vector<Copy> copies;
  std::atomic<bool> debug{false};
};

State& state() {
  static State s;
  return s;
}

std::tm local_now() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return tm;
}

void append(const Copy& copy, const std::string& line) {
  if (copy.fd >= 0) {
    [[maybe_unused]] ssize_t n = ::write(copy.fd, line.data(), line.size());
    return;
  }
  FILE* f = std::fopen(copy.path.c_str(), "a");
  if (!f) return;
  if (!copy.stamp.empty()) {
    char stamp[64];
    std::tm tm = local_now();
    if (std::strftime(stamp, sizeof stamp, copy.stamp.c_str(), &tm) > 0) std::fputs(stamp, f);
  }
  std::fputs(line.c_str(), f);
  std::fclose(f);
}

}  // namespace

void configure(Config config) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  s.config = std::move(config);
  s.debug = s.config.debug;
  if (s.config.to_syslog) {
    s.ident = s.config.name;
    openlog(s.ident.c_str(), LOG_PID, LOG_DAEMON);
  }
}

void add_copy(Copy copy, std::string_view first_line) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  if (!first_line.empty()) append(copy, std::string(first_line));
  s.copies.push_back(std::move(copy));
}

bool debug_enabled() { return state().debug; }

void write(Level level, std::string_view text, Stderr where) {
  State& s = state();
  if (level == Level::Debug && !s.debug) return;
  std::lock_guard lock(s.mutex);
  const Config& c = s.config;
  std::string line = stderr_line(c.style, c.name, static_cast<long>(getpid()), level, text, local_now());
  if (where == Stderr::Always || (where == Stderr::AsConfigured && c.to_stderr)) std::fputs(line.c_str(), stderr);
  if (c.to_syslog) syslog(syslog_priority(level), "%s", syslog_text(c.style, level, text).c_str());
  for (const Copy& copy : s.copies) append(copy, line);
}

void writef(Level level, const char* format, ...) {
  va_list ap;
  va_start(ap, format);
  va_list again;
  va_copy(again, ap);
  const int size = std::vsnprintf(nullptr, 0, format, ap);
  va_end(ap);
  std::string text(size > 0 ? static_cast<std::size_t>(size) : 0, '\0');
  if (size > 0) std::vsnprintf(text.data(), text.size() + 1, format, again);
  va_end(again);
  write(level, text);
}

}  // namespace vmha::log
