#include <gtest/gtest.h>

#include "core/score.hpp"

using namespace vmha::quorum;

TEST(QdiskScore, DefaultMinScoreIsStrictMajority) {
  struct Row {
    std::uint32_t total, min;
  };
  for (auto r : {Row{0, 1}, Row{1, 1}, Row{2, 2}, Row{3, 2}, Row{4, 3}, Row{10, 6}})
    EXPECT_EQ(default_min_score(r.total), r.min) << r.total;
}

TEST(QdiskScore, StartsDownGoesUpOnPassDownAfterTko) {
  ScoreBoard b({{"ping", "/bin/true", 2, 3}, {"disk", "/bin/true", 1, 1}}, 2);
  EXPECT_EQ(b.score(), 0u);
  EXPECT_EQ(b.score_max(), 3u);
  EXPECT_FALSE(b.sufficient());
  EXPECT_EQ(b.record(0, true), "heuristic ping is up");
  EXPECT_TRUE(b.sufficient());
  EXPECT_EQ(b.record(0, false), "");  // 1 of tko 3
  EXPECT_EQ(b.record(0, false), "");  // 2 of 3
  EXPECT_TRUE(b.sufficient());
  EXPECT_NE(b.record(0, false), "");  // 3 of 3: down
  EXPECT_FALSE(b.sufficient());
  b.record(1, true);
  EXPECT_EQ(b.score(), 1u);
  b.record(1, false);  // tko 1: down at once
  EXPECT_EQ(b.score(), 0u);
}

TEST(QdiskScore, NoHeuristicsMeansOneOfOne) {
  ScoreBoard b({}, 1);
  EXPECT_EQ(b.score(), 1u);
  EXPECT_EQ(b.score_max(), 1u);
  EXPECT_TRUE(b.sufficient());
}

TEST(QdiskScore, SplitCommand) {
  struct Row {
    const char* in;
    std::vector<std::string> out;
    bool ok;
  };
  const Row rows[] = {
      {"/bin/ping -c1 -W1 192.0.2.1", {"/bin/ping", "-c1", "-W1", "192.0.2.1"}, true},
      {"/bin/sh -c 'test -f /tmp/ok && exit 0'", {"/bin/sh", "-c", "test -f /tmp/ok && exit 0"}, true},
      {"  a   \"b c\"  d\\ e ", {"a", "b c", "d e"}, true},
      {"a 'unterminated", {}, false},
      {"   ", {}, false},
  };
  for (const auto& r : rows) {
    std::string err;
    auto argv = split_command(r.in, err);
    EXPECT_EQ(argv, r.out) << r.in;
    EXPECT_EQ(err.empty(), r.ok) << r.in;
  }
}

TEST(QdiskScore, ReloadKeepsStateOfUnchangedHeuristics) {
  ScoreBoard old({{"a", "/bin/true", 1, 1}, {"b", "/bin/x", 1, 1}}, 1);
  old.record(0, true);
  old.record(1, true);
  ScoreBoard fresh({{"a", "/bin/true", 1, 1}, {"b", "/bin/y", 1, 1}, {"c", "/bin/true", 1, 1}}, 2);
  fresh.carry_over(old);
  EXPECT_TRUE(fresh.up(0));   // same name and command
  EXPECT_FALSE(fresh.up(1));  // command changed: starts down
  EXPECT_FALSE(fresh.up(2));  // new
}
