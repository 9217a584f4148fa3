#include "ocf/deadline.hpp"

#include <gtest/gtest.h>

using vmha::ocf::Deadline;
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
