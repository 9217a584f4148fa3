#include "suggest.hpp"

#include <gtest/gtest.h>

namespace vmha::config {
namespace {

TEST(Suggest, EditDistance) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", "abc"), 0u);
  EXPECT_EQ(edit_distance("prioirty", "priority"), 2u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(Suggest, Closest) {
  struct Case {
    const char* word;
    std::optional<std::string> want;
  } cases[] = {
      {"prioirty", "priority"},
      {"restriced", "restricted"},
      {"nod", "node"},
      {"banana", std::nullopt},
      {"x", std::nullopt},
      // Abbreviations: the shortest key they begin; two letters are too few to tell.
      {"prio", "priority"},
      {"restr", "restricted"},
      {"max_rest", "max_restarts"},
      {"migr", "migrate"},
      {"pr", std::nullopt},
  };
  std::vector<std::string> known = {"node",         "priority", "restricted",    "ordered",
                                    "max_restarts", "migrate",  "migration_uri", "migrate_options"};
  for (const auto& c : cases) EXPECT_EQ(closest(c.word, known), c.want) << c.word;
}

}  // namespace
}  // namespace vmha::config
