// Which unauthenticated connection fence_virtd closes to make room (issue 13 item 11).
#include <gtest/gtest.h>

#include "connection_limits.hpp"

using namespace vmha::virtd;

namespace {

std::vector<PendingConnection> from(const std::vector<std::pair<const char*, int>>& list) {
  std::vector<PendingConnection> out;
  uint64_t id = 1;
  for (auto [source, count] : list)
    for (int i = 0; i < count; ++i, ++id) out.push_back({id, source, static_cast<double>(id)});
  return out;
}

struct Case {
  const char* what;
  std::vector<std::pair<const char*, int>> pending;  // (source, connections), opened in this order
  const char* arriving;
  std::optional<uint64_t> evicted;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.what; }

class Eviction : public ::testing::TestWithParam<Case> {};
TEST_P(Eviction, ClosesTheRightOne) {
  const ConnectionLimits limits{3, 5};
  EXPECT_EQ(connection_to_evict(from(GetParam().pending), GetParam().arriving, limits), GetParam().evicted)
      << GetParam().what;
}

INSTANTIATE_TEST_SUITE_P(
    Table, Eviction,
    ::testing::Values(
        Case{"room for it", {{"a", 2}}, "a", std::nullopt},
        Case{"per-source bound: that source's oldest", {{"b", 1}, {"a", 3}}, "a", 2},
        Case{"another source is not touched by a's flood", {{"a", 3}, {"b", 1}}, "b", std::nullopt},
        Case{"total bound: the heaviest source's oldest", {{"b", 2}, {"a", 3}}, "c", 3},
        Case{"total bound never takes a single connection of a light source", {{"c", 1}, {"a", 3}, {"b", 1}}, "d", 2},
        Case{"nothing pending", {}, "a", std::nullopt}));

TEST(Eviction, AFloodFromOneSourceNeverEvictsAnotherSourcesConnection) {
  const ConnectionLimits limits{32, 256};
  std::vector<PendingConnection> pending{{1, "192.0.2.9", 0}};
  uint64_t id = 2;
  for (int i = 0; i < 10000; ++i, ++id) {
    auto victim = connection_to_evict(pending, "192.0.2.66", limits);
    if (victim) {
      ASSERT_NE(*victim, 1u);
      std::erase_if(pending, [&](const auto& p) { return p.id == *victim; });
    }
    pending.push_back({id, "192.0.2.66", static_cast<double>(id)});
    ASSERT_LE(pending.size(), 33u);
  }
}

}  // namespace
