#include "deadline.hpp"

#include <algorithm>

namespace vmha::ocf {

Deadline::ms Deadline::safety_margin(ms timeout) {
  if (timeout <= ms(2000)) return timeout / 2;
  return std::clamp(timeout / 10, ms(1000), ms(5000));
}

Deadline Deadline::for_operation(Clock::time_point start, ms timeout) {
  timeout = std::clamp(timeout, ms(0), kLongestTimeout);
  return Deadline(start + timeout - safety_margin(timeout));
}

Deadline::ms Deadline::remaining(Clock::time_point now) const {
  if (now >= when_) return ms(0);
  return std::chrono::duration_cast<ms>(when_ - now);
}

}  // namespace vmha::ocf
