// vmha-chaos-plan: prints a chaos run's fault timeline, a pure function of its arguments
// (chaos_plan.hpp). A test tool, never installed; tests/lab/chaos/run.sh replays what it prints.
#include <iostream>
#include <string>
#include <variant>
#include <vector>
#include <vmha/version.hpp>

#include "chaos_plan.hpp"

namespace {
// The usage text, with one line per kind of the menu (chaos_plan.hpp's kMenu).
std::string usage() {
  std::string text =
      "usage: vmha-chaos-plan --seed S --faults N --hosts H --max-down K [--guests NAME...] [--kinds KIND,...|all]\n"
      "  prints one line per fault: N KIND TARGET duration=SECONDS pause=SECONDS [redrawn=R]\n"
      "  KIND (TARGET):\n";
  for (const auto& row : vmha::lab::chaos::kMenu) {
    using vmha::lab::chaos::Aim;
    std::string head = std::string("    ") + row.name +
                       (row.aim == Aim::kGuest  ? " GUEST"
                        : row.aim == Aim::kHost ? " HOST"
                                                : " all");
    text += head + std::string(head.size() < 34 ? 34 - head.size() : 1, ' ') + row.help + "\n";
  }
  text +=
      "  --kinds       the menu to draw from (default qemu-kill,power,cable; all: every kind)\n"
      "  --max-down K  hosts that may be off at once without losing quorum; draws beyond it are redrawn\n";
  return text;
}
}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 1 && args[0] == "--help") return std::cout << usage(), 0;
  if (args.size() == 1 && args[0] == "--version") return std::cout << "vmha-chaos-plan " << vmha::version << "\n", 0;
  auto parsed = vmha::lab::chaos::parse_request(args);
  if (const auto* error = std::get_if<std::string>(&parsed))
    return std::cerr << "vmha-chaos-plan: " << *error << "\n", 2;
  const auto& request = std::get<vmha::lab::chaos::PlanRequest>(parsed);
  std::cout << vmha::lab::chaos::format(request, vmha::lab::chaos::plan(request));
  return 0;
}
