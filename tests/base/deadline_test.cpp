#include "vmha/deadline.hpp"

#include <gtest/gtest.h>

#include <limits>

using vmha::Deadline;
using ms = std::chrono::milliseconds;

TEST(Deadline, MarginIsATenthBoundedBetweenOneAndFiveSeconds) {
  struct Case {
    long timeout, margin;
  };
  for (auto c : {Case{20'000, 2'000}, Case{90'000, 5'000}, Case{300'000, 5'000}, Case{5'000, 1'000}, Case{3'000, 1'000},
                 Case{2'000, 1'000}, Case{1'000, 500}}) {
    EXPECT_EQ(Deadline::safety_margin(ms(c.timeout)), ms(c.margin)) << "timeout " << c.timeout;
  }
}

TEST(Deadline, OperationDeadlineIsTimeoutLessMargin) {
  auto start = Deadline::Clock::time_point{} + std::chrono::hours(1);
  Deadline d = Deadline::for_operation(start, ms(20'000));
  EXPECT_EQ(d.when() - start, ms(18'000));
  EXPECT_EQ(d.remaining(start), ms(18'000));
  EXPECT_EQ(d.remaining(start + ms(17'000)), ms(1'000));
  EXPECT_EQ(d.remaining(start + ms(19'000)), ms(0));
  EXPECT_FALSE(d.expired(start + ms(17'999)));
  EXPECT_TRUE(d.expired(start + ms(18'000)));
}

TEST(Deadline, LeavingReservesTimeForLaterSteps) {
  auto start = Deadline::Clock::time_point{} + std::chrono::hours(1);
  Deadline d = Deadline::for_operation(start, ms(90'000));  // 85 s
  EXPECT_EQ(d.leaving(ms(15'000)).remaining(start), ms(70'000));
  EXPECT_EQ(d.no_later_than(start + ms(10'000)).remaining(start), ms(10'000));
  EXPECT_EQ(d.no_later_than(start + ms(100'000)).remaining(start), ms(85'000));
}

// A fence agent's bound is power_timeout seconds from now: whole milliseconds, never zero (an
// armed watchdog that fired at once would fail every call), never beyond the longest timeout
// (huge or broken values must not overflow the clock).
TEST(Deadline, AfterSecondsTable) {
  auto start = Deadline::Clock::time_point{} + std::chrono::hours(1);
  struct Case {
    double seconds;
    ms expected;
  };
  const Case cases[] = {
      {20, ms(20'000)},
      {0.5, ms(500)},
      {0.0001, ms(1)},
      {0.0015, ms(2)},
      {0, ms(1)},
      {-3, ms(1)},
      {std::numeric_limits<double>::quiet_NaN(), ms(1)},
      {1e13, Deadline::kLongestTimeout},
      {std::numeric_limits<double>::infinity(), Deadline::kLongestTimeout},
  };
  for (const Case& c : cases)
    EXPECT_EQ(Deadline::after(c.seconds, start).remaining(start), c.expected) << "seconds " << c.seconds;
}

TEST(Deadline, HugeOperationTimeoutsAreTheLongest) {
  auto start = Deadline::Clock::time_point{} + std::chrono::hours(1);
  const ms longest = Deadline::kLongestTimeout;
  EXPECT_EQ(Deadline::for_operation(start, ms(10'000'000'000'000)).remaining(start),
            longest - Deadline::safety_margin(longest));
  EXPECT_EQ(Deadline::for_operation(start, ms(-5)).remaining(start), ms(0));
}
