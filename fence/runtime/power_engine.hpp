// fence-agents' action semantics (on, off, reboot, status, list, list-status, monitor) over any
// power device, with delay / power_wait / power_timeout / retry_on / stonith_status_sleep.
// Pure: the device and the clock are interfaces, so tests drive it with fakes.
#pragma once
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace vmha::fence {

enum class PowerState { On, Off, Missing };

struct PlugInfo {
  std::string name;
  std::string alias;  // fence_libvirt: the UUID
  PowerState state = PowerState::Off;
};

// A failure the device could not get past (connection lost, call refused, timed out).
struct FenceError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class PowerDevice {
 public:
  virtual ~PowerDevice() = default;
  virtual PowerState status(const std::string& plug) = 0;
  virtual void power_on(const std::string& plug) = 0;
  virtual void power_off(const std::string& plug) = 0;
  virtual std::vector<PlugInfo> list() = 0;
};

class Clock {
 public:
  virtual ~Clock() = default;
  virtual double now() = 0;  // seconds, monotonic
  virtual void sleep(double seconds) = 0;
};

struct Timing {
  double delay = 0;           // before off/reboot (lets one side of a split win)
  double power_wait = 0;      // after each on/off command
  double power_timeout = 20;  // how long to poll for the new state; 0 = until it arrives
  double status_sleep = 1;    // between polls
  long retry_on = 1;          // extra attempts for "on"
};

struct ActionRequest {
  std::string action;
  std::string plug;
  std::vector<std::string> plugs;  // plug split at plug_separator; empty = just plug
  bool missing_as_off = false;
  std::string separator = ",";
  Timing timing;
};

// Exit codes as fence-agents uses them: 0 success (status: ON), 1 failure, 2 status OFF.
constexpr int kExitSuccess = 0;
constexpr int kExitFailure = 1;
constexpr int kExitOff = 2;

bool action_needs_plug(const std::string& action);
bool is_power_action(const std::string& action);  // handled by run_action

int run_action(const ActionRequest& req, PowerDevice& device, Clock& clock, std::ostream& out, std::ostream& err);

}  // namespace vmha::fence
