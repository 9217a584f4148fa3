#include "vmha/watchdog.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

using vmha::Deadline;
using vmha::Watchdog;
using namespace std::chrono_literals;

// The operation is stuck past its deadline: the watchdog reports and ends the process with the
// status it chose, although the main thread never returns.
TEST(Watchdog, EndsAStuckProcessWithTheStatusItChose) {
  EXPECT_EXIT(
      {
        Watchdog w(Deadline::after(0.05), [] {
          std::fputs("stuck: giving up\n", stderr);
          return 7;
        });
        for (;;) pause();
      },
      testing::ExitedWithCode(7), "stuck: giving up");
}

TEST(Watchdog, AnOperationThatFinishesInTimeIsNeverInterrupted) {
  std::atomic<int> fired{0};
  {
    Watchdog w(Deadline::after(3600), [&] {
      ++fired;
      return 1;
    });
    std::this_thread::sleep_for(10ms);
  }  // disarmed here, long before its deadline: the destructor does not wait for it
  EXPECT_EQ(fired, 0);
}

TEST(Watchdog, OneWatchdogPerCallNested) {
  // The outer bound still holds after an inner call's watchdog is disarmed (a process-wide alarm
  // could hold only one).
  EXPECT_EXIT(
      {
        Watchdog outer(Deadline::after(0.1), [] { return 3; });
        {
          Watchdog inner(Deadline::after(3600), [] { return 4; });
        }
        for (;;) pause();
      },
      testing::ExitedWithCode(3), "");
}
