// The process face of a fencing.py-style agent: read stdin or argv, answer metadata / manpage /
// validate-all / help, then connect the device and run the action with real time.
#pragma once
#include <functional>
#include <memory>

#include "metadata.hpp"
#include "options.hpp"
#include "power_engine.hpp"

namespace vmha::fence {

struct AgentDefinition {
  AgentInfo info;
  // Opens the device once the values are known; throws FenceError when it cannot. trace is
  // where verbose detail goes (stderr with verbose, the debug_file, both, or nullptr).
  std::function<std::unique_ptr<PowerDevice>(const Values&, std::ostream* trace)> connect;
};

// Reads password_script's output into "password" (never echoed). Returns an error text or "".
std::string resolve_password_script(Values& values);

int agent_main(const AgentDefinition& agent, int argc, char** argv);

class SystemClock : public Clock {
 public:
  double now() override;
  void sleep(double seconds) override;
};

}  // namespace vmha::fence
