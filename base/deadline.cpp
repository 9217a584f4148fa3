#include "vmha/deadline.hpp"

#include <algorithm>
#include <cmath>

namespace vmha {

Deadline::ms Deadline::safety_margin(ms timeout) {
  if (timeout <= ms(2000)) return timeout / 2;
  return std::clamp(timeout / 10, ms(1000), ms(5000));
}

Deadline Deadline::for_operation(Clock::time_point start, ms timeout) {
  timeout = std::clamp(timeout, ms(0), kLongestTimeout);
  return Deadline(start + timeout - safety_margin(timeout));
}

Deadline Deadline::after(double seconds, Clock::time_point now) {
  const double longest = static_cast<double>(kLongestTimeout.count());
  // NaN and huge values compare false or clamp here, before any conversion could overflow.
  double millis = std::ceil(seconds * 1000);
  if (!(millis >= 1)) millis = 1;
  if (millis > longest) millis = longest;
  return Deadline(now + ms(static_cast<ms::rep>(millis)));
}

Deadline::ms Deadline::remaining(Clock::time_point now) const {
  if (now >= when_) return ms(0);
  return std::chrono::duration_cast<ms>(when_ - now);
}

}  // namespace vmha
