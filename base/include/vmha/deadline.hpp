// The moment an operation must have answered by. Every part bounds its external calls with one:
// an agent's is the caller's timeout less a safety margin, so it reports (and exits) before
// Pacemaker or rgmanager gives up on it; a fence agent's is power_timeout from now.
#pragma once
#include <chrono>

namespace vmha {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;
  using ms = std::chrono::milliseconds;

  // The margin kept back from a caller's timeout: a tenth of it, at least 1 s, at most 5 s,
  // and never more than half of a very short timeout.
  static ms safety_margin(ms timeout);
  // Longer timeouts are treated as this one: a deadline must stay representable (a timeout of
  // 1e13 ms overflowed the clock and every action failed at once).
  static constexpr ms kLongestTimeout = std::chrono::duration_cast<ms>(std::chrono::hours(24 * 30));
  static Deadline for_operation(Clock::time_point start, ms timeout);
  // `seconds` from now, whole milliseconds (at least one), at most kLongestTimeout.
  static Deadline after(double seconds, Clock::time_point now = Clock::now());
  static Deadline at(Clock::time_point when) { return Deadline(when); }

  Clock::time_point when() const { return when_; }
  ms remaining(Clock::time_point now = Clock::now()) const;
  bool expired(Clock::time_point now = Clock::now()) const { return now >= when_; }
  // A deadline for a step that must leave `reserve` for what comes after it.
  Deadline leaving(ms reserve) const { return Deadline(when_ - reserve); }
  Deadline no_later_than(Clock::time_point t) const { return Deadline(t < when_ ? t : when_); }

 private:
  explicit Deadline(Clock::time_point when) : when_(when) {}
  Clock::time_point when_;
};

}  // namespace vmha
