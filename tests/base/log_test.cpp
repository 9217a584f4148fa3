#include "vmha/log.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <syslog.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using vmha::log::Level;
using vmha::log::Style;
namespace vlog = vmha::log;

namespace {

std::tm noon() {
  std::tm tm{};
  tm.tm_year = 2026 - 1900;
  tm.tm_mon = 11;
  tm.tm_mday = 2;
  tm.tm_hour = 12;
  tm.tm_min = 3;
  tm.tm_sec = 4;
  return tm;
}

// What the code under test writes to stderr, while it lives.
class CapturedStderr {
 public:
  CapturedStderr() {
    std::fflush(stderr);
    saved_ = dup(STDERR_FILENO);
    std::FILE* f = std::tmpfile();
    file_ = fileno(f);
    tmp_ = f;
    dup2(file_, STDERR_FILENO);
  }
  ~CapturedStderr() {
    restore();
    std::fclose(tmp_);
  }
  std::string text() {
    restore();
    std::string out;
    lseek(file_, 0, SEEK_SET);
    char buf[4096];
    for (ssize_t n; (n = read(file_, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
    return out;
  }

 private:
  void restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    dup2(saved_, STDERR_FILENO);
    close(saved_);
    saved_ = -1;
  }
  int saved_ = -1;
  int file_ = -1;
  std::FILE* tmp_ = nullptr;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string temp_path(const char* name) {
  return (testing::TempDir() + "vmha-log-") + name + "-" + std::to_string(getpid());
}

}  // namespace

// The lines each part wrote before they shared this logger, byte for byte: Pacemaker's execd,
// administrators' greps and the shell tests read them.
TEST(LogLine, EachStyleKeepsItsPartsFormat) {
  struct Case {
    Style style;
    Level level;  // beside style: the two enums share one word
    const char* name;
    const char* text;
    const char* on_stderr;
    const char* to_syslog;
  };
  const Case cases[] = {
      {Style::Agent, Level::Error, "VirtualDomain(vm1)", "no such guest",
       "VirtualDomain(vm1)[42]: ERROR: no such guest\n", "ERROR: no such guest"},
      {Style::Agent, Level::Warning, "vm(vm:g)", "a", "vm(vm:g)[42]: WARNING: a\n", "WARNING: a"},
      {Style::Agent, Level::Info, "vmha-guestd", "connected", "vmha-guestd[42]: INFO: connected\n", "INFO: connected"},
      {Style::Agent, Level::Debug, "VirtualDomain", "x", "VirtualDomain[42]: DEBUG: x\n", "DEBUG: x"},
      {Style::Agent, Level::Critical, "VirtualDomain", "x", "VirtualDomain[42]: CRIT: x\n", "CRIT: x"},
      {Style::Agent, Level::Notice, "VirtualDomain", "x", "VirtualDomain[42]: NOTICE: x\n", "NOTICE: x"},
      {Style::Daemon, Level::Notice, "fence_virtd", "serving tcp on 127.0.0.1 port 1229",
       "fence_virtd: serving tcp on 127.0.0.1 port 1229\n", "serving tcp on 127.0.0.1 port 1229"},
      {Style::Daemon, Level::Error, "fence_virtd", "100% sure", "fence_virtd: 100% sure\n", "100% sure"},
      {Style::Stamped, Level::Notice, "qdiskd", "casting the vote", "2026-12-02 12:03:04 qdiskd: casting the vote\n",
       "casting the vote"},
      {Style::Stamped, Level::Debug, "qdiskd", "", "2026-12-02 12:03:04 qdiskd: \n", ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(vlog::stderr_line(c.style, c.name, 42, c.level, c.text, noon()), c.on_stderr) << c.on_stderr;
    EXPECT_EQ(vlog::syslog_text(c.style, c.level, c.text), c.to_syslog) << c.on_stderr;
  }
}

TEST(LogLine, LevelsMapToSyslogPriorities) {
  struct Case {
    Level level;
    int priority;
  };
  for (auto c : {Case{Level::Debug, LOG_DEBUG}, Case{Level::Info, LOG_INFO}, Case{Level::Notice, LOG_NOTICE},
                 Case{Level::Warning, LOG_WARNING}, Case{Level::Error, LOG_ERR}, Case{Level::Critical, LOG_CRIT}})
    EXPECT_EQ(vlog::syslog_priority(c.level), c.priority) << vlog::level_name(c.level);
}

TEST(Logger, StderrAsConfiguredAlwaysAndNever) {
  const std::string pid = std::to_string(getpid());
  CapturedStderr err;
  vlog::configure({"t", Style::Agent, false, false, false});
  vlog::write(Level::Error, "hidden");
  vlog::write(Level::Error, "shown anyway", vlog::Stderr::Always);
  vlog::configure({"t", Style::Agent, true, false, false});
  vlog::info("shown ", 1);
  vlog::write(Level::Error, "not here", vlog::Stderr::Never);
  EXPECT_EQ(err.text(), "t[" + pid + "]: ERROR: shown anyway\nt[" + pid + "]: INFO: shown 1\n");
}

TEST(Logger, DebugLinesOnlyWhenDebugIsOn) {
  const std::string pid = std::to_string(getpid());
  CapturedStderr err;
  vlog::configure({"t", Style::Agent, true, false, false});
  vlog::debug("dropped");
  vlog::write(Level::Debug, "dropped too");
  EXPECT_FALSE(vlog::debug_enabled());
  vlog::configure({"t", Style::Agent, true, false, true});
  EXPECT_TRUE(vlog::debug_enabled());
  vlog::debug("kept");
  EXPECT_EQ(err.text(), "t[" + pid + "]: DEBUG: kept\n");
}

TEST(Logger, CopiesGetEveryLineTheFirstLineAndTheirStamp) {
  const std::string plain = temp_path("plain"), stamped = temp_path("stamped");
  std::remove(plain.c_str());
  std::remove(stamped.c_str());
  {
    CapturedStderr err;
    vlog::configure({"d", Style::Daemon, false, false, false});
    vlog::add_copy({plain, -1, ""}, "header\n");
    vlog::add_copy({stamped, -1, "[stamp] "});
    vlog::notice("one");
    vlog::write(Level::Error, "two", vlog::Stderr::Never);
    EXPECT_EQ(err.text(), "");
  }
  EXPECT_EQ(slurp(plain), "header\nd: one\nd: two\n");
  EXPECT_EQ(slurp(stamped), "[stamp] d: one\n[stamp] d: two\n");
  std::remove(plain.c_str());
  std::remove(stamped.c_str());
}

TEST(Logger, WritefHasNoLengthLimit) {
  CapturedStderr err;
  vlog::configure({"d", Style::Daemon, true, false, false});
  const std::string long_text(2000, 'x');
  vlog::writef(Level::Warning, "peer %s: %u", long_text.c_str(), 7u);
  EXPECT_EQ(err.text(), "d: peer " + long_text + ": 7\n");
}

// A watchdog thread logs while the main thread does: every line arrives whole.
TEST(Logger, LinesFromThreadsDoNotInterleave) {
  CapturedStderr err;
  vlog::configure({"d", Style::Daemon, true, false, false});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([t] {
      for (int i = 0; i < 200; ++i) vlog::info(std::string(100, static_cast<char>('a' + t)));
    });
  for (auto& t : threads) t.join();
  std::istringstream lines(err.text());
  int count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    ASSERT_EQ(line.size(), 103u) << line;
    EXPECT_EQ(line.find_first_not_of(line[3], 3), std::string::npos) << line;
  }
  EXPECT_EQ(count, 800);
}
