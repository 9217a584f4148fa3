#include "agent_main.hpp"

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <vmha/version.hpp>

namespace vmha::fence {

double SystemClock::now() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

void SystemClock::sleep(double seconds) {
  if (seconds <= 0) return;
  timespec ts{static_cast<time_t>(seconds),
              static_cast<long>((seconds - static_cast<double>(static_cast<time_t>(seconds))) * 1e9)};
  while (nanosleep(&ts, &ts) == -1) {
  }
}

bool table_has(const OptionTable& table, const std::string& name) {
  return std::any_of(table.begin(), table.end(), [&](const Option& o) { return o.name == name; });
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
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r' || secret.back() == ' ')) secret.pop_back();
  values.by_name["password"] = secret;
  return {};
}

namespace {

// Writes to every stream it was given (stderr and a debug_file, say); none is fine too.
class TeeBuf : public std::streambuf {
 public:
  void add(std::ostream* o) {
    if (o) outs_.push_back(o);
  }
  bool empty() const { return outs_.empty(); }

 protected:
  int overflow(int c) override {
    if (c == traits_type::eof()) return traits_type::not_eof(c);
    for (auto* o : outs_) o->put(static_cast<char>(c));
    return c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    for (auto* o : outs_) o->write(s, n);
    return n;
  }
  int sync() override {
    for (auto* o : outs_) o->flush();
    return 0;
  }

 private:
  std::vector<std::ostream*> outs_;
};

std::vector<std::string> split_plugs(const std::string& plug, const std::string& separator) {
  if (separator.empty()) return {plug};
  std::vector<std::string> out;
  size_t from = 0;
  for (;;) {
    const size_t at = plug.find(separator, from);
    std::string one = plug.substr(from, at == std::string::npos ? std::string::npos : at - from);
    if (!one.empty()) out.push_back(std::move(one));
    if (at == std::string::npos) break;
    from = at + separator.size();
  }
  return out;
}

}  // namespace

int agent_main(const AgentDefinition& agent, int argc, char** argv) {
  const OptionTable& table = *agent.info.options;
  ParseResult parsed;
  if (argc > 1) {
    parsed = parse_argv(table, std::vector<std::string>(argv, argv + argc));
  } else {
    std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    parsed = parse_stdin(table, input);
  }
  if (!parsed.error.empty()) {
    for (const auto& w : parsed.warnings) std::cerr << "WARNING " << w << "\n";
    std::cerr << "Failed: " << parsed.error << "\n";
    return kExitFailure;
  }
  Values values = std::move(parsed.values);
  if (values.flag("help")) {
    std::cout << manpage_text(agent.info);
    return kExitSuccess;
  }
  if (values.flag("version")) {
    std::cout << agent.info.name << " (vmha) " << vmha::version << "\n";
    return kExitSuccess;
  }
  if (std::string err = apply_defaults_and_check(table, values); !err.empty()) {
    std::cerr << "Failed: " << err << "\n";
    return kExitFailure;
  }
  // fence-agents' logging options: quiet silences stderr (not the verbose trace, not the debug
  // file); debug_file receives everything, the verbose trace included; verbose_level > 0 is verbose.
  if (values.has("verbose_level") && values.integer("verbose_level") > 0) values.by_name["verbose"] = "1";
  std::ofstream debug_file;
  if (!values.get("debug_file").empty()) {
    debug_file.open(values.get("debug_file"), std::ios::app);
    if (!debug_file) {
      std::cerr << "Failed: cannot open debug_file " << values.get("debug_file") << " for appending\n";
      return kExitFailure;
    }
  }
  TeeBuf err_buf, trace_buf;
  if (!values.flag("quiet")) err_buf.add(&std::cerr);
  if (values.flag("verbose")) trace_buf.add(&std::cerr);
  if (debug_file.is_open()) {
    err_buf.add(&debug_file);
    trace_buf.add(&debug_file);
  }
  std::ostream err(&err_buf);
  std::ostream trace_stream(&trace_buf);
  std::ostream* trace = trace_buf.empty() ? nullptr : &trace_stream;
  for (const auto& w : parsed.warnings) err << "WARNING " << w << "\n";
  // disable_timeout: true means power_timeout 0, i.e. wait for the new state as long as it takes
  // and arm no per-call watchdog (libvirt keepalive still detects a dead daemon). Unlike
  // fencing.py it is not turned on by itself under Pacemaker: with every call bounded by
  // power_timeout (20 s), a hung hypervisor fails inside Pacemaker's fencing-timeout (60 s) and
  // leaves it time to retry, instead of being killed by it.
  if (table_has(table, "disable_timeout") && values.has("disable_timeout")) {
    const std::string dt = values.get("disable_timeout");
    auto on = parse_boolean(dt);
    if (!on) {
      err << "Failed: option disable_timeout: '" << dt << "' is not true or false\n";
      return kExitFailure;
    }
    if (*on) values.by_name["power_timeout"] = "0";
  }
  std::string action = values.get("action");
  if (action == "meta-data") action = "metadata";
  const auto& actions = agent.info.actions;
  if (std::find(actions.begin(), actions.end(), action) == actions.end()) {
    err << "Failed: unrecognised action '" << action << "'\n";
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
    err << "Failed: You have to enter plug number or machine identification (plug)\n";
    return kExitFailure;
  }
  if (std::string e = resolve_password_script(values); !e.empty()) {
    err << "Failed: " << e << "\n";
    return kExitFailure;
  }
  if (action == "validate-all") return kExitSuccess;

  ActionRequest req;
  req.action = action;
  req.plug = values.get("plug");
  // fencing.py: plug "a,b" (plug_separator) fences every one of them.
  if (table_has(table, "plug_separator")) req.plugs = split_plugs(req.plug, values.get("plug_separator"));
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
  if (trace) *trace << agent.info.name << ": " << action << (req.plug.empty() ? "" : " " + req.plug) << "\n";
  std::unique_ptr<PowerDevice> device;
  try {
    device = agent.connect(values, trace);
  } catch (const FenceError& e) {
    err << "Failed: " << e.what() << "\n";
    return kExitFailure;
  }
  const int rc = run_action(req, *device, clock, std::cout, err);
  if (trace) *trace << agent.info.name << ": " << action << " exit " << rc << "\n";
  err.flush();
  if (trace) trace->flush();
  return rc;
}

}  // namespace vmha::fence
