#include "suggest.hpp"

#include <algorithm>
#include <numeric>

namespace vmha::config {

namespace {
// Two letters begin too many words to mean one of them.
constexpr std::size_t kShortestAbbreviation = 3;
}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& candidate : candidates) {
    std::size_t d = edit_distance(word, candidate);
    if (!best || d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  std::size_t allowed = std::max<std::size_t>(1, std::max(word.size(), best ? best->size() : 0) / 3);
  if (best && best_distance <= allowed && best_distance < word.size()) return best;
  // Not a typo but a shortened word ("prio" for "priority"): the shortest key it begins.
  std::optional<std::string> shortened;
  if (word.size() >= kShortestAbbreviation)
    for (const auto& candidate : candidates)
      if (candidate.size() > word.size() && candidate.compare(0, word.size(), word) == 0 &&
          (!shortened || candidate.size() < shortened->size()))
        shortened = candidate;
  return shortened;
}

}  // namespace vmha::config
