#include "hung_policy.hpp"

namespace vmha::guestd {

std::vector<std::time_t> resets_in_window(const std::vector<std::time_t>& resets, std::time_t now,
                                          const ResetLimit& limit) {
  std::vector<std::time_t> kept;
  for (std::time_t t : resets)
    if (now - t < limit.window) kept.push_back(t);
  return kept;
}

HungDecision decide_hung(const std::vector<std::time_t>& resets, std::time_t now, const ResetLimit& limit) {
  std::size_t recent = resets_in_window(resets, now, limit).size();
  std::string window = " in " + std::to_string(limit.window) + " s";
  if (limit.max_resets <= 0) return {false, "hung; left alone (heartbeat_max_resets=0)"};
  if (recent >= static_cast<std::size_t>(limit.max_resets))
    return {false, "hung; left alone: reset " + std::to_string(recent) + " times" + window +
                       " (heartbeat_max_resets=" + std::to_string(limit.max_resets) + ")"};
  return {true,
          "hung; reset " + std::to_string(recent + 1) + " of at most " + std::to_string(limit.max_resets) + window};
}

bool AgentHeartbeat::ping_result(bool answered, std::time_t now, int timeout_s) {
  if (answered) {
    answered_ = true;
    last_answer_ = now;
    return false;
  }
  return answered_ && now - last_answer_ >= timeout_s;
}

}  // namespace vmha::guestd
