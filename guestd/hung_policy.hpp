// What vmha-guestd does about a guest that hangs: the pure core, tested by tables
// (tests/guestd/hung_policy_test.cpp). No I/O here.
//
// Two heartbeats say a running guest hangs: its watchdog device fired (the guest stopped feeding it),
// or its QEMU guest agent, which answered before, stays silent for heartbeat_timeout. Either way the
// daemon resets the guest, as vSphere's VM monitoring does, but at most max_resets times in a window:
// a guest that hangs again after every boot is then left alone, and --status says so.
#pragma once
#include <ctime>
#include <string>
#include <vector>

namespace vmha::guestd {

struct ResetLimit {
  int max_resets = 3;
  std::time_t window = 3600;  // seconds
};

struct HungDecision {
  bool reset;       // false: leave it hung (the limit is reached, or max_resets is 0)
  std::string why;  // for the log and --status
};

// resets: when the daemon reset this guest before (seconds, any order, older ones allowed).
HungDecision decide_hung(const std::vector<std::time_t>& resets, std::time_t now, const ResetLimit& limit);

// The resets still inside the window at `now`: what is worth keeping.
std::vector<std::time_t> resets_in_window(const std::vector<std::time_t>& resets, std::time_t now,
                                          const ResetLimit& limit);

// The guest-agent heartbeat of one guest. A guest whose agent never answered is not hung (it may
// have no agent at all, or be booting); silence counts only after an answer, and a reset, a start or
// the agent's disconnect from its channel start that over.
class AgentHeartbeat {
 public:
  // The result of one guest-ping at `now`; true when the guest now counts as hung.
  bool ping_result(bool answered, std::time_t now, int timeout_s);
  void forget() { answered_ = false; }  // reset, started again, or the agent disconnected
  bool answered_before() const { return answered_; }
  std::time_t last_answer() const { return last_answer_; }

 private:
  bool answered_ = false;
  std::time_t last_answer_ = 0;
};

}  // namespace vmha::guestd
