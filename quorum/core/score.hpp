// Heuristic scoring as pure code: each heuristic is up or down; its score counts while up.
// A heuristic starts down (no vote before the first pass, as in qdiskd) and goes down after
// tko consecutive failures (a run past its timeout is a failure).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace vmha::quorum {

struct HeuristicSpec {
  std::string name;     // NAME of exec_NAME
  std::string command;  // argv split by split_command; no shell unless the command names one
  std::uint32_t score = 1;
  std::uint32_t tko = 1;
};

class ScoreBoard {
 public:
  explicit ScoreBoard(std::vector<HeuristicSpec> specs, std::uint32_t min_score);

  // Records one finished run of heuristic `index`; returns an event line when it changes state.
  std::string record(std::size_t index, bool passed);

  // After a reload: heuristics with the same name and command keep their up/down state, so
  // rereading an unchanged configuration never takes the vote away.
  void carry_over(const ScoreBoard& previous);

  std::uint32_t score() const;
  std::uint32_t score_max() const;
  std::uint32_t min_score() const { return min_score_; }
  bool sufficient() const { return score() >= min_score_; }
  const std::vector<HeuristicSpec>& specs() const { return specs_; }
  bool up(std::size_t index) const { return state_[index].up; }

 private:
  struct State {
    bool up = false;
    std::uint32_t failures = 0;
  };
  std::vector<HeuristicSpec> specs_;
  std::vector<State> state_;
  std::uint32_t min_score_;
};

// Default min_score for a total score n: a strict majority, n/2 + 1 (what cman's qdiskd code
// did; its man page's floor((n+1)/2) differs for even n). With no heuristics: 1 of 1.
std::uint32_t default_min_score(std::uint32_t total);

// Splits a command line into argv: whitespace separates, '...' and "..." group, \ escapes.
// Returns an empty vector (and sets error) on an unterminated quote.
std::vector<std::string> split_command(const std::string& command, std::string& error);

}  // namespace vmha::quorum
