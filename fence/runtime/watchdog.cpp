#include "watchdog.hpp"

#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace vmha::fence {
namespace {

char g_message[256];
size_t g_message_len = 0;

void on_alarm(int) {
  // async-signal-safe only: write(2) and _exit(2).
  [[maybe_unused]] ssize_t n = write(STDERR_FILENO, g_message, g_message_len);
  _exit(1);
}

}  // namespace

CallWatchdog::CallWatchdog(double seconds, const char* what) {
  if (seconds <= 0) return;
  const char prefix[] = "Failed: timed out: ";
  g_message_len = 0;
  std::memcpy(g_message, prefix, sizeof prefix - 1);
  g_message_len = sizeof prefix - 1;
  const size_t n = std::min(std::strlen(what), sizeof g_message - g_message_len - 2);
  std::memcpy(g_message + g_message_len, what, n);
  g_message_len += n;
  g_message[g_message_len++] = '\n';

  struct sigaction sa {};
  sa.sa_handler = on_alarm;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGALRM, &sa, nullptr);
  itimerval t{};
  t.it_value.tv_sec = static_cast<time_t>(seconds);
  t.it_value.tv_usec = static_cast<suseconds_t>((seconds - static_cast<double>(t.it_value.tv_sec)) * 1e6);
  if (t.it_value.tv_sec == 0 && t.it_value.tv_usec == 0) t.it_value.tv_usec = 1000;
  setitimer(ITIMER_REAL, &t, nullptr);
  armed_ = true;
}

CallWatchdog::~CallWatchdog() {
  if (!armed_) return;
  itimerval off{};
  setitimer(ITIMER_REAL, &off, nullptr);
}

}  // namespace vmha::fence
