#include "agent_main.hpp"

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <sstream>

namespace vmha::fence {

double SystemClock::now() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

void SystemClock::sleep(double seconds) {
  if (seconds <= 0) return;
  timespec ts{static_cast<time_t>(seconds), static_cast<long>((seconds - static_cast<double>(static_cast<time_t>(seconds))) * 1e9)};
  while (nanosleep(&ts, &ts) == -1) {
  }
}

std::string resolve_password_script(Values& values) {
  const std::string script = values.get("password_script");
  if (script.empty()) return {};
  FILE* p = popen(script.c_str(), "r");
  if (!p) return "cannot run password_script";
  std::string secret;
  char buf[256];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) secret.append(buf, n);
  const int rc = pclose(p);
  if (rc != 0) return "password_script failed";
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r' || secret.back() == ' '))
    secret.pop_back();
  values.by_name["password"] = secret;
  return {};
}

int agent_main(const AgentDefinition& agent, int argc, char** argv) {
  const OptionTable& table = *agent.info.options;
  ParseResult parsed;
  if (argc > 1) {
    parsed = parse_argv(table, std::vector<std::string>(argv, argv + argc));
  } else {
    std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    parsed = parse_stdin(table, input);
  }
  for (const auto& w : parsed.warnings) std::cerr << "WARNING " << w << "\n";
  if (!parsed.error.empty()) {
    std::cerr << "Failed: " << parsed.error << "\n";
    return kExitFailure;
  }
  Values values = std::move(parsed.values);
  if (values.flag("help")) {
    std::cout << manpage_text(agent.info);
    return kExitSuccess;
  }
  if (values.flag("version")) {
    std::cout << agent.info.name << " (vmha) 0.1.0\n";
    return kExitSuccess;
  }
  if (std::string err = apply_defaults_and_check(table, values); !err.empty()) {
    std::cerr << "Failed: " << err << "\n";
    return kExitFailure;
  }
  std::string action = values.get("action");
  if (action == "meta-data") action = "metadata";
  const auto& actions = agent.info.actions;
  if (std::find(actions.begin(), actions.end(), action) == actions.end()) {
    std::cerr << "Failed: unrecognised action '" << action << "'\n";
    return kExitFailure;
  }
  if (action == "metadata") {
    std::cout << metadata_xml(agent.info);
    return kExitSuccess;
  }
  if (action == "manpage") {
    std::cout << manpage_text(agent.info);
    return kExitSuccess;
  }
  if (action_needs_plug(action) && values.get("plug").empty()) {
    std::cerr << "Failed: You have to enter plug number or machine identification (plug)\n";
    return kExitFailure;
  }
  if (std::string err = resolve_password_script(values); !err.empty()) {
    std::cerr << "Failed: " << err << "\n";
    return kExitFailure;
  }
  if (action == "validate-all") return kExitSuccess;

  ActionRequest req;
  req.action = action;
  req.plug = values.get("plug");
  req.missing_as_off = values.flag("missing_as_off");
  req.separator = values.get("separator").empty() ? "," : values.get("separator");
  req.timing.delay = values.seconds("delay");
  req.timing.power_wait = values.seconds("power_wait");
  req.timing.power_timeout = values.seconds("power_timeout");
  req.timing.status_sleep = values.seconds("stonith_status_sleep");
  req.timing.retry_on = values.integer("retry_on");

  SystemClock clock;
  // Delay first, before touching the device: that is what lets the intended survivor of a
  // split win the race (fencing.py sleeps before login too).
  if ((action == "off" || action == "reboot") && req.timing.delay > 0) {
    clock.sleep(req.timing.delay);
    req.timing.delay = 0;
  }
  std::unique_ptr<PowerDevice> device;
  try {
    device = agent.connect(values);
  } catch (const FenceError& e) {
    std::cerr << "Failed: " << e.what() << "\n";
    return kExitFailure;
  }
  return run_action(req, *device, clock, std::cout, std::cerr);
}

}  // namespace vmha::fence
