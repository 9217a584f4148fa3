#include "runtime/power_engine.hpp"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

using namespace vmha::fence;

namespace {

// A device whose plugs change state a number of status polls after a command.
class FakeDevice : public PowerDevice {
 public:
  std::map<std::string, PowerState> state;
  int lag = 0;  // polls before a command takes effect
  bool refuse_on = false;
  bool broken = false;
  std::vector<std::string> calls;

  PowerState status(const std::string& p) override {
    if (broken) throw FenceError("connection lost");
    calls.push_back("status " + p);
    if (pending_ && --countdown_ <= 0) {
      state[p] = *pending_;
      pending_.reset();
    }
    auto it = state.find(p);
    return it == state.end() ? PowerState::Missing : it->second;
  }
  void power_on(const std::string& p) override {
    calls.push_back("on " + p);
    if (!refuse_on) schedule(PowerState::On);
  }
  void power_off(const std::string& p) override {
    calls.push_back("off " + p);
    schedule(PowerState::Off);
  }
  std::vector<PlugInfo> list() override {
    if (broken) throw FenceError("connection lost");
    std::vector<PlugInfo> out;
    for (auto& [n, s] : state) out.push_back({n, "uuid-" + n, s});
    return out;
  }

 private:
  void schedule(PowerState s) {
    pending_ = s;
    countdown_ = lag + 1;
  }
  std::optional<PowerState> pending_;
  int countdown_ = 0;
};

class FakeClock : public Clock {
 public:
  double t = 0;
  double slept = 0;
  double now() override { return t; }
  void sleep(double s) override {
    t += s;
    slept += s;
  }
};

struct Run {
  int rc;
  std::string out, err;
};

Run run(FakeDevice& d, FakeClock& c, const std::string& action, const std::string& plug = "g", Timing timing = {},
        bool missing_as_off = false) {
  ActionRequest r;
  r.action = action;
  r.plug = plug;
  r.timing = timing;
  r.missing_as_off = missing_as_off;
  std::ostringstream out, err;
  int rc = run_action(r, d, c, out, err);
  return {rc, out.str(), err.str()};
}

struct Case {
  const char* action;
  PowerState before;
  int rc;
  const char* out;
  PowerState after;
};

class Actions : public ::testing::TestWithParam<Case> {};

TEST_P(Actions, ExitCodeOutputAndFinalState) {
  const auto& c = GetParam();
  FakeDevice d;
  FakeClock clk;
  d.state["g"] = c.before;
  d.lag = 2;
  auto r = run(d, clk, c.action);
  EXPECT_EQ(r.rc, c.rc) << r.err;
  EXPECT_EQ(r.out, c.out);
  EXPECT_EQ(d.state["g"], c.after);
}

INSTANTIATE_TEST_SUITE_P(Table, Actions,
                         ::testing::Values(Case{"status", PowerState::On, 0, "Status: ON\n", PowerState::On},
                                           Case{"status", PowerState::Off, 2, "Status: OFF\n", PowerState::Off},
                                           Case{"off", PowerState::On, 0, "Success: Powered OFF\n", PowerState::Off},
                                           Case{"off", PowerState::Off, 0, "Success: Already OFF\n", PowerState::Off},
                                           Case{"on", PowerState::Off, 0, "Success: Powered ON\n", PowerState::On},
                                           Case{"on", PowerState::On, 0, "Success: Already ON\n", PowerState::On},
                                           Case{"reboot", PowerState::On, 0, "Success: Rebooted\n", PowerState::On},
                                           Case{"reboot", PowerState::Off, 0, "Success: Rebooted\n", PowerState::On},
                                           Case{"monitor", PowerState::On, 0, "", PowerState::On},
                                           Case{"list", PowerState::On, 0, "g,uuid-g\n", PowerState::On},
                                           Case{"list-status", PowerState::Off, 0, "g,uuid-g,OFF\n", PowerState::Off}));

TEST(Actions, MissingGuestFailsUnlessMissingAsOff) {
  FakeDevice d;
  FakeClock c;
  EXPECT_EQ(run(d, c, "status", "nope").rc, 1);
  EXPECT_EQ(run(d, c, "off", "nope").rc, 1);
  EXPECT_EQ(run(d, c, "status", "nope", {}, true).rc, 2);
  auto r = run(d, c, "off", "nope", {}, true);
  EXPECT_EQ(r.rc, 0);
  EXPECT_EQ(r.out, "Success: Already OFF\n");
}

TEST(Actions, TimesOutAfterPowerTimeoutPollingEveryStatusSleep) {
  FakeDevice d;
  FakeClock c;
  d.state["g"] = PowerState::Off;
  d.refuse_on = true;
  Timing t;
  t.power_timeout = 5;
  t.status_sleep = 1;
  t.retry_on = 2;
  auto r = run(d, c, "on", "g", t);
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("Timed out"), std::string::npos);
  EXPECT_EQ(std::count(d.calls.begin(), d.calls.end(), "on g"), 3);  // 1 + retry_on
  EXPECT_DOUBLE_EQ(c.slept, 15);
}

TEST(Actions, DelayAndPowerWaitAreSlept) {
  FakeDevice d;
  FakeClock c;
  d.state["g"] = PowerState::On;
  Timing t;
  t.delay = 7;
  t.power_wait = 2;
  EXPECT_EQ(run(d, c, "off", "g", t).rc, 0);
  EXPECT_DOUBLE_EQ(c.slept, 9);
  FakeClock c2;
  EXPECT_EQ(run(d, c2, "status", "g", t).rc, 2);
  EXPECT_DOUBLE_EQ(c2.slept, 0);  // delay only before off and reboot
}

TEST(Actions, RebootSucceedsOnceOffEvenIfOnFails) {
  FakeDevice d;
  FakeClock c;
  d.state["g"] = PowerState::On;
  d.refuse_on = true;
  Timing t;
  t.power_timeout = 2;
  auto r = run(d, c, "reboot", "g", t);
  EXPECT_EQ(r.rc, 0);
  EXPECT_EQ(d.state["g"], PowerState::Off);
  EXPECT_NE(r.err.find("did not come back"), std::string::npos);
}

TEST(Actions, DeviceErrorIsFailure) {
  FakeDevice d;
  FakeClock c;
  d.broken = true;
  for (auto a : {"status", "off", "on", "reboot", "list", "monitor"}) {
    auto r = run(d, c, a);
    EXPECT_EQ(r.rc, 1) << a;
    EXPECT_EQ(r.err, "Failed: connection lost\n") << a;
  }
}

}  // namespace

namespace {

// Plugs change state at once; enough to see which plugs are commanded and how states combine.
class InstantDevice : public PowerDevice {
 public:
  std::map<std::string, PowerState> state;
  std::vector<std::string> commands;
  PowerState status(const std::string& p) override {
    auto it = state.find(p);
    return it == state.end() ? PowerState::Missing : it->second;
  }
  void power_on(const std::string& p) override {
    commands.push_back("on " + p);
    state[p] = PowerState::On;
  }
  void power_off(const std::string& p) override {
    commands.push_back("off " + p);
    state[p] = PowerState::Off;
  }
  std::vector<PlugInfo> list() override { return {}; }
};

class InstantClock : public Clock {
 public:
  double t = 0;
  double now() override { return t; }
  void sleep(double s) override { t += s; }
};

int run_on(InstantDevice& d, const std::string& action, std::vector<std::string> plugs) {
  ActionRequest r;
  r.action = action;
  r.plug = "a,b";
  r.plugs = std::move(plugs);
  InstantClock c;
  std::ostringstream out, err;
  return run_action(r, d, c, out, err);
}

// plug_separator (fencing.py): "a,b" fences both; status is OFF only when every plug is off.
TEST(PowerEngineMultiPlug, OffCommandsEveryPlugAndStatusIsOffOnlyWhenAllAre) {
  InstantDevice d;
  d.state = {{"a", PowerState::On}, {"b", PowerState::On}};
  EXPECT_EQ(run_on(d, "off", {"a", "b"}), kExitSuccess);
  EXPECT_EQ(d.commands, (std::vector<std::string>{"off a", "off b"}));
  EXPECT_EQ(run_on(d, "status", {"a", "b"}), kExitOff);
  d.state["b"] = PowerState::On;
  EXPECT_EQ(run_on(d, "status", {"a", "b"}), kExitSuccess);  // one still running: ON
  d.commands.clear();
  EXPECT_EQ(run_on(d, "reboot", {"a", "b"}), kExitSuccess);
  EXPECT_EQ(d.commands, (std::vector<std::string>{"off a", "off b", "on a", "on b"}));
}

TEST(PowerEngineMultiPlug, AMissingPlugFailsUnlessMissingAsOff) {
  InstantDevice d;
  d.state = {{"a", PowerState::Off}};
  EXPECT_EQ(run_on(d, "status", {"a", "gone"}), kExitFailure);
}

}  // namespace
