#include "core/status.hpp"

#include <sstream>

namespace vmha::quorum {

std::string format_mask(std::uint64_t mask) {
  std::string out;
  for (std::uint32_t n = 1; n <= 64; ++n)
    if (mask & node_bit(n)) out += (out.empty() ? "" : " ") + std::to_string(n);
  return out.empty() ? "-" : out;
}

std::string format_status(const StatusReport& s) {
  std::ostringstream o;
  o << "Node ID: " << s.node << "\n"
    << "Device: " << s.device << "\n"
    << "Label: " << (s.label.empty() ? "-" : s.label) << "\n"
    << "State: " << s.state << "\n"
    << "Score: " << s.score << "/" << s.score_max << " (minimum " << s.min_score << ")\n"
    << "Master: " << (s.master ? std::to_string(s.master) : "-") << "\n"
    << "Master wins: " << (s.master_wins ? "yes" : "no") << "\n"
    << "Online on disk: " << format_mask(s.online_mask) << "\n"
    << "Ring ID: " << s.ring_node << "." << s.ring_seq << "\n"
    << "Votes: " << s.votes << "\n"
    << "Cast vote: " << (s.cast_vote ? "yes" : "no") << "\n"
    << "Cycles: " << s.cycles << "\n"
    << "Last poll: " << (s.last_poll_error.empty() ? "ok" : s.last_poll_error) << "\n"
    << "Sync held: "
    << (s.sync_held_for
            ? "for node " + std::to_string(s.sync_held_for) + ", " + std::to_string(s.sync_held_cycles) + " cycles"
            : "no")
    << "\n";
  for (const auto& h : s.heuristics) o << "Heuristic " << h << "\n";
  // "Host N: STATE, score S/MAX, SEEN": added after the fields above, which keep their form.
  for (const auto& h : s.hosts)
    o << "Host " << h.node << ": " << h.state << ", score " << h.score << "/" << h.score_max << ", " << h.seen << "\n";
  return o.str();
}

}  // namespace vmha::quorum
