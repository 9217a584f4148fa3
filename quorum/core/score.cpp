#include "core/score.hpp"

namespace vmha::quorum {

ScoreBoard::ScoreBoard(std::vector<HeuristicSpec> specs, std::uint32_t min_score)
    : specs_(std::move(specs)), state_(specs_.size()), min_score_(min_score) {}

std::string ScoreBoard::record(std::size_t i, bool passed) {
  State& s = state_[i];
  const HeuristicSpec& h = specs_[i];
  if (passed) {
    s.failures = 0;
    if (!s.up) {
      s.up = true;
      return "heuristic " + h.name + " is up";
    }
    return "";
  }
  ++s.failures;
  if (s.up && s.failures >= h.tko) {
    s.up = false;
    return "heuristic " + h.name + " is down after " + std::to_string(s.failures) + " failed runs";
  }
  return "";
}

void ScoreBoard::carry_over(const ScoreBoard& previous) {
  for (std::size_t i = 0; i < specs_.size(); ++i)
    for (std::size_t j = 0; j < previous.specs_.size(); ++j)
      if (specs_[i].name == previous.specs_[j].name && specs_[i].command == previous.specs_[j].command)
        state_[i] = previous.state_[j];
}

std::uint32_t ScoreBoard::score() const {
  if (specs_.empty()) return 1;
  std::uint32_t total = 0;
  for (std::size_t i = 0; i < specs_.size(); ++i)
    if (state_[i].up) total += specs_[i].score;
  return total;
}

std::uint32_t ScoreBoard::score_max() const {
  if (specs_.empty()) return 1;
  std::uint32_t total = 0;
  for (const auto& h : specs_) total += h.score;
  return total;
}

std::uint32_t default_min_score(std::uint32_t total) { return total == 0 ? 1 : total / 2 + 1; }

std::vector<std::string> split_command(const std::string& command, std::string& error) {
  std::vector<std::string> argv;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < command.size(); ++i) {
    char c = command[i];
    if (quote) {
      if (c == quote)
        quote = 0;
      else if (c == '\\' && quote == '"' && i + 1 < command.size())
        word += command[++i];
      else
        word += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < command.size()) {
      word += command[++i];
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) argv.push_back(word);
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (quote) {
    error = "unterminated quote";
    return {};
  }
  if (in_word) argv.push_back(word);
  if (argv.empty()) error = "empty command";
  return argv;
}

}  // namespace vmha::quorum
