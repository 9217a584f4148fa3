// "Did you mean": the closest known word to a misspelt one.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vmha::config {

std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word`, if it is close enough to be a plausible typo
// (at most a third of the word's letters wrong, and at least one letter right), or else the
// shortest candidate the word begins (an abbreviation of three letters or more: "prio").
std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace vmha::config
