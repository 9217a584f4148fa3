// Logging every part shares: one line a message, to stderr and/or syslog (facility daemon, with
// the pid), and appended to copies (an agent's HA_LOGFILE and trace file). Each part keeps the
// line its readers already know (Pacemaker's execd, an administrator's grep, the tests); the
// style names which.
#pragma once
#include <ctime>
#include <sstream>
#include <string>
#include <string_view>

namespace vmha::log {

enum class Level { Debug, Info, Notice, Warning, Error, Critical };

enum class Style {
  // "NAME[PID]: LEVEL: text" on stderr, "LEVEL: text" to syslog: ocf-shellfuncs' ha_log, the line
  // Pacemaker's execd records for a resource agent (the agents' faces, vmha-guestd).
  Agent,
  // "NAME: text" on stderr, "text" to syslog: fence-virtd's foreground lines (fence_virtd).
  Daemon,
  // "YYYY-MM-DD HH:MM:SS NAME: text" on stderr, "text" to syslog (qdiskd).
  Stamped,
};

struct Config {
  std::string name = "vmha";  // the tag of every line, and syslog's ident
  Style style = Style::Agent;
  bool to_stderr = true;
  bool to_syslog = true;
  bool debug = false;  // debug lines are dropped unless this is on
};

// A file every line is also appended to, as it appears on stderr: an open descriptor of the
// caller's (fd >= 0), else a path opened for each line (so a rotated file is followed), each line
// prefixed with `stamp` (a strftime format of the local time; empty for none).
struct Copy {
  std::string path;
  int fd = -1;
  std::string stamp;
};

// The pure part, what a message becomes: the stderr line (newline included) and the syslog text.
std::string stderr_line(Style style, std::string_view name, long pid, Level level, std::string_view text,
                        const std::tm& local_time);
std::string syslog_text(Style style, Level level, std::string_view text);
const char* level_name(Level level);
int syslog_priority(Level level);

// Until the first configure: stderr only, tag "vmha", no debug. Safe from any thread.
void configure(Config config);
// first_line (already a whole line, newline included) goes to this copy alone, before any other.
void add_copy(Copy copy, std::string_view first_line = {});
bool debug_enabled();

// Stderr::Always: also when the configuration says no (a daemon's start-up error, which the
// administrator who started it must see); Never: not there (a line already shown another way).
enum class Stderr { AsConfigured, Always, Never };
void write(Level level, std::string_view text, Stderr where = Stderr::AsConfigured);
// printf-style, for the parts written that way.
void writef(Level level, const char* format, ...) __attribute__((format(printf, 2, 3)));

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
void notice(const Parts&... p) {
  write(Level::Notice, cat(p...));
}
template <typename... Parts>
void warning(const Parts&... p) {
  write(Level::Warning, cat(p...));
}
template <typename... Parts>
void error(const Parts&... p) {
  write(Level::Error, cat(p...));
}
template <typename... Parts>
void critical(const Parts&... p) {
  write(Level::Critical, cat(p...));
}

}  // namespace vmha::log
