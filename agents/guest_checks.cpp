#include "guest_checks.hpp"

#include <sstream>

#include "ocf/child_process.hpp"
#include "vmha/log.hpp"

namespace vmha::agents {

std::vector<std::string> split_words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

std::string run_health_programs(const std::vector<std::string>& programs, Deadline deadline) {
  for (const auto& program : programs) {
    ocf::ChildOutcome r = ocf::run_child({program}, deadline);
    if (!r.succeeded()) {
      std::string out = r.output;
      while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
      return program + " failed (" + r.describe() + ")" + (out.empty() ? "" : ": " + out);
    }
    log::debug(program, " passed");
  }
  return "";
}

}  // namespace vmha::agents
