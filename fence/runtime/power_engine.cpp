#include "power_engine.hpp"

namespace vmha::fence {
namespace {

const char* word(PowerState s) { return s == PowerState::On ? "ON" : "OFF"; }

class Engine {
 public:
  Engine(const ActionRequest& r, PowerDevice& d, Clock& c, std::ostream& out, std::ostream& err)
      : req_(r), dev_(d), clock_(c), out_(out), err_(err), plugs_(r.plugs) {
    if (plugs_.empty()) plugs_.push_back(r.plug);
  }

  PowerState state_of(const std::string& plug) {
    PowerState s = dev_.status(plug);
    if (s == PowerState::Missing) {
      // A guest that no longer exists cannot be running, but only the administrator may say that
      // counts as "off" (missing_as_off); otherwise a typo in plug would fence nothing yet succeed.
      if (!req_.missing_as_off) throw FenceError("guest '" + plug + "' not found");
      return PowerState::Off;
    }
    return s;
  }

  // Several plugs (plug_separator) are OFF only when every one is off, as fencing.py's status.
  PowerState state() {
    PowerState all = PowerState::Off;
    for (const auto& p : plugs_)
      if (state_of(p) == PowerState::On) all = PowerState::On;
    return all;
  }

  // Reached when every plug is in it (for ON stricter than fencing.py, which settles for any).
  bool reached(PowerState want) {
    for (const auto& p : plugs_)
      if (state_of(p) != want) return false;
    return true;
  }

  // Issue the command, then poll until the plug reports the wanted state or power_timeout passes.
  bool set_and_wait(PowerState want, int attempts) {
    for (int a = 0; a < attempts; ++a) {
      for (const auto& p : plugs_) {
        if (want == PowerState::On)
          dev_.power_on(p);
        else
          dev_.power_off(p);
      }
      if (req_.timing.power_wait > 0) clock_.sleep(req_.timing.power_wait);
      const double start = clock_.now();
      for (;;) {
        if (reached(want)) return true;
        if (req_.timing.power_timeout > 0 && clock_.now() - start >= req_.timing.power_timeout) break;
        clock_.sleep(req_.timing.status_sleep > 0 ? req_.timing.status_sleep : 0.1);
      }
    }
    return false;
  }

  int power(PowerState want) {
    if (reached(want)) {
      out_ << "Success: Already " << word(want) << "\n";
      return kExitSuccess;
    }
    const int attempts = want == PowerState::On ? 1 + static_cast<int>(req_.timing.retry_on) : 1;
    if (!set_and_wait(want, attempts)) {
      err_ << "Failed: Timed out waiting to power " << word(want) << "\n";
      return kExitFailure;
    }
    out_ << "Success: Powered " << word(want) << "\n";
    return kExitSuccess;
  }

  int reboot() {
    if (state() != PowerState::Off && !set_and_wait(PowerState::Off, 1)) {
      err_ << "Failed: Timed out waiting to power OFF\n";
      return kExitFailure;
    }
    // The victim is off: fencing has succeeded whatever happens to the power-on that follows.
    bool on = false;
    try {
      on = set_and_wait(PowerState::On, 1 + static_cast<int>(req_.timing.retry_on));
    } catch (const FenceError& e) {
      err_ << "Warning: power on after reboot failed: " << e.what() << "\n";
    }
    if (!on) err_ << "Warning: guest did not come back ON after reboot\n";
    out_ << "Success: Rebooted\n";
    return kExitSuccess;
  }

  int list(bool with_status) {
    for (const auto& p : dev_.list()) {
      out_ << p.name << req_.separator << p.alias;
      if (with_status) out_ << req_.separator << word(p.state);
      out_ << "\n";
    }
    return kExitSuccess;
  }

  int run() {
    const std::string& a = req_.action;
    if ((a == "off" || a == "reboot") && req_.timing.delay > 0) clock_.sleep(req_.timing.delay);
    if (a == "status") {
      PowerState s = state();
      out_ << "Status: " << word(s) << "\n";
      return s == PowerState::On ? kExitSuccess : kExitOff;
    }
    if (a == "on") return power(PowerState::On);
    if (a == "off") return power(PowerState::Off);
    if (a == "reboot") return reboot();
    if (a == "list") return list(false);
    if (a == "list-status") return list(true);
    if (a == "monitor") {
      // Like fencing.py for agents with plugs: the device is healthy if it can list them.
      dev_.list();
      return kExitSuccess;
    }
    err_ << "Failed: unsupported action '" << a << "'\n";
    return kExitFailure;
  }

 private:
  const ActionRequest& req_;
  PowerDevice& dev_;
  Clock& clock_;
  std::ostream& out_;
  std::ostream& err_;
  std::vector<std::string> plugs_;
};

}  // namespace

bool action_needs_plug(const std::string& a) { return a == "on" || a == "off" || a == "reboot" || a == "status"; }

bool is_power_action(const std::string& a) {
  return action_needs_plug(a) || a == "list" || a == "list-status" || a == "monitor";
}

int run_action(const ActionRequest& req, PowerDevice& device, Clock& clock, std::ostream& out, std::ostream& err) {
  try {
    return Engine(req, device, clock, out, err).run();
  } catch (const FenceError& e) {
    err << "Failed: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace vmha::fence
