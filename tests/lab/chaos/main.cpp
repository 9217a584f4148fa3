// vmha-chaos-plan: prints a chaos run's fault timeline, a pure function of its arguments
// (chaos_plan.hpp). A test tool, never installed; tests/lab/chaos/run.sh replays what it prints.
#include <iostream>
#include <string>
#include <variant>
#include <vector>
#include <vmha/version.hpp>

#include "chaos_plan.hpp"

namespace {
constexpr const char* kUsage =
    "usage: vmha-chaos-plan --seed S --faults N --hosts H --max-down K [--guests NAME...] [--kinds KIND,...]\n"
    "  prints one line per fault: N KIND TARGET duration=SECONDS pause=SECONDS [redrawn=R]\n"
    "  KIND: qemu-kill GUEST | power HOST (off, then booted) | cable HOST (cut, then healed)\n"
    "        | pacemaker-kill HOST (its Pacemaker daemons killed; its peers fence it)\n"
    "  --kinds       the menu to draw from (default qemu-kill,power,cable)\n"
    "  --max-down K  hosts that may be off at once without losing quorum; draws beyond it are redrawn\n";
}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 1 && args[0] == "--help") return std::cout << kUsage, 0;
  if (args.size() == 1 && args[0] == "--version") return std::cout << "vmha-chaos-plan " << vmha::version << "\n", 0;
  auto parsed = vmha::lab::chaos::parse_request(args);
  if (const auto* error = std::get_if<std::string>(&parsed))
    return std::cerr << "vmha-chaos-plan: " << *error << "\n", 2;
  const auto& request = std::get<vmha::lab::chaos::PlanRequest>(parsed);
  std::cout << vmha::lab::chaos::format(request, vmha::lab::chaos::plan(request));
  return 0;
}
