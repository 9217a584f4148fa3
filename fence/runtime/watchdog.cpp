#include "watchdog.hpp"

#include <unistd.h>

#include <string>

namespace vmha::fence {

CallWatchdog::CallWatchdog(double seconds, const char* what) {
  if (seconds <= 0) return;
  watchdog_.emplace(Deadline::after(seconds), [message = std::string("Failed: timed out: ") + what + "\n"] {
    [[maybe_unused]] ssize_t n = write(STDERR_FILENO, message.data(), message.size());
    return 1;
  });
}

}  // namespace vmha::fence
