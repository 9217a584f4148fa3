#include <gtest/gtest.h>

#include "core/config.hpp"

using namespace vmha::quorum;

namespace {
using Keys = std::map<std::string, std::string>;
Keys base() {
  return {{"quorum.device.model", "disk"}, {"quorum.device.votes", "1"}, {"quorum.device.disk.device", "/dev/qd"}};
}
Keys with(Keys k, const std::string& key, const std::string& value) {
  k["quorum.device." + key] = value;
  return k;
}
}  // namespace

TEST(QdiskConfig, DefaultsAreDerivedAsInQdiskd) {
  auto r = parse_config(base());
  ASSERT_EQ(r.error, "");
  const auto& c = r.config;
  EXPECT_EQ(c.interval, 1u);
  EXPECT_EQ(c.tko, 4u);
  EXPECT_EQ(c.tko_up, 2u);
  EXPECT_EQ(c.master_wait, 3u);
  EXPECT_EQ(c.upgrade_wait, 2u);
  EXPECT_EQ(c.io_timeout, 2u);
  EXPECT_EQ(c.min_score, 1u);
  EXPECT_FALSE(c.reboot);
  EXPECT_EQ(c.heuristics_mode, HeuristicsMode::Off);
  EXPECT_TRUE(c.master_wins_effective(2));
  EXPECT_FALSE(c.master_wins_effective(3));
}

TEST(QdiskConfig, TkoDrivesDerivedValues) {
  auto r = parse_config(with(base(), "disk.tko", "10"));
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.config.tko_up, 3u);
  EXPECT_EQ(r.config.master_wait, 5u);
  EXPECT_EQ(r.config.io_timeout, 5u);
}

TEST(QdiskConfig, Heuristics) {
  Keys k = base();
  k["quorum.device.heuristics.exec_ping"] = "/bin/ping -c1 192.0.2.1";
  k["quorum.device.heuristics.score_ping"] = "2";
  k["quorum.device.heuristics.tko_ping"] = "3";
  k["quorum.device.heuristics.exec_gw"] = "/bin/true";
  k["quorum.device.heuristics.interval"] = "2000";
  auto r = parse_config(k);
  ASSERT_EQ(r.error, "");
  const auto& c = r.config;
  EXPECT_EQ(c.heuristics_mode, HeuristicsMode::On);  // exec_ keys present, mode not given
  ASSERT_EQ(c.heuristics.size(), 2u);
  EXPECT_EQ(c.heuristics[1].name, "ping");
  EXPECT_EQ(c.heuristics[1].score, 2u);
  EXPECT_EQ(c.heuristics[1].tko, 3u);
  EXPECT_EQ(c.heuristics[0].score, 1u);
  EXPECT_EQ(c.min_score, 2u);  // total 3 -> 3/2+1
  EXPECT_EQ(c.heuristics_interval_ms, 2000u);
  EXPECT_EQ(c.heuristics_timeout_ms, 2000u);
}

TEST(QdiskConfig, ModeOffIgnoresHeuristics) {
  Keys k = with(base(), "heuristics.mode", "off");
  k["quorum.device.heuristics.exec_x"] = "/bin/false";
  auto r = parse_config(k);
  ASSERT_EQ(r.error, "");
  EXPECT_TRUE(r.config.heuristics.empty());
  EXPECT_EQ(r.config.min_score, 1u);
}

// Bad input: one line naming the key.
TEST(QdiskConfig, BadInputNamesTheKey) {
  struct Row {
    Keys keys;
    std::string starts;
  };
  Keys no_model = base();
  no_model.erase("quorum.device.model");
  Keys no_disk = base();
  no_disk.erase("quorum.device.disk.device");
  Keys orphan_score = with(base(), "heuristics.score_x", "2");
  Keys too_high = with(with(base(), "heuristics.exec_a", "/bin/true"), "disk.min_score", "2");
  const Row rows[] = {
      {no_model, "quorum.device.model: missing"},
      {with(base(), "model", "net"), "quorum.device.model: 'net' is not `disk`"},
      {no_disk, "quorum.device.disk.device: neither"},
      {with(base(), "disk.tko", "four"), "quorum.device.disk.tko: 'four' is not a number"},
      {with(base(), "disk.tko", "1"), "quorum.device.disk.tko: '1' is not a number in 2.."},
      {with(base(), "disk.interval", "0"), "quorum.device.disk.interval: '0'"},
      {with(base(), "disk.interval", "6"), "quorum.device.disk.interval: 6 s is more than half"},
      {with(base(), "disk.reboot", "maybe"), "quorum.device.disk.reboot: 'maybe' is not 0 or 1"},
      {with(base(), "heuristics.mode", "always"), "quorum.device.heuristics.mode: 'always'"},
      {with(base(), "heuristics.mode", "on"), "quorum.device.heuristics.mode: heuristics are on but"},
      {with(base(), "disk.master_wait", "2"), "quorum.device.disk.master_wait: must be greater than tko_up"},
      {orphan_score, "quorum.device.heuristics.exec_x: missing"},
      {with(base(), "heuristics.exec_a", "/bin/x 'oops"), "quorum.device.heuristics.exec_a: unterminated quote"},
      {with(base(), "heuristics.exec_a b", "/bin/true"), "quorum.device.heuristics.exec_a b: heuristic name"},
      {too_high, "quorum.device.disk.min_score: 2 exceeds"},
  };
  for (const auto& r : rows) {
    auto got = parse_config(r.keys);
    EXPECT_EQ(got.error.rfind(r.starts, 0), 0u) << "want prefix: " << r.starts << "\n got: " << got.error;
    EXPECT_EQ(got.error.find('\n'), std::string::npos);
  }
}

TEST(QdiskConfig, UnknownDiskKeyWarns) {
  auto r = parse_config(with(base(), "disk.tk0", "3"));
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], "quorum.device.disk.tk0: unknown key, ignored");
}

TEST(QdiskConfig, DescribeKeysListsEveryKey) {
  const std::string text = describe_keys();
  for (const char* key : {"disk.device", "disk.label", "disk.interval", "disk.tko", "disk.tko_up", "disk.upgrade_wait",
                          "disk.master_wait", "disk.io_timeout", "disk.min_score", "disk.reboot", "disk.master_wins",
                          "heuristics.mode", "heuristics.interval", "heuristics.timeout", "heuristics.exec_NAME",
                          "heuristics.score_NAME", "heuristics.tko_NAME"})
    EXPECT_NE(text.find(std::string("quorum.device.") + key + " ("), std::string::npos) << key;
}

// The keys vmha-config writes for the reference architecture (tests/data/config-gen/two-node)
// are accepted as they are, with the defaults a two-node cluster needs.
TEST(QdiskConfig, AcceptsWhatVmhaConfigWrites) {
  const Keys k = {{"quorum.device.model", "disk"},
                  {"quorum.device.votes", "1"},
                  {"quorum.device.sync_timeout", "44000"},
                  {"quorum.device.disk.device", "/dev/mpath/quorump1"},
                  {"quorum.device.disk.interval", "3"},
                  {"quorum.device.disk.tko", "4"},
                  {"quorum.device.disk.min_score", "1"},
                  {"quorum.device.heuristics.mode", "on"},
                  {"quorum.device.heuristics.interval", "4000"},
                  {"quorum.device.heuristics.exec_gateway", "ping -c3 -t1 192.168.10.254"},
                  {"quorum.device.heuristics.score_gateway", "1"}};
  auto r = parse_config(k);
  ASSERT_EQ(r.error, "");
  EXPECT_TRUE(r.warnings.empty());
  const auto& c = r.config;
  EXPECT_EQ(c.interval, 3u);
  EXPECT_EQ(c.min_score, 1u);
  ASSERT_EQ(c.heuristics.size(), 1u);
  EXPECT_EQ(c.heuristics[0].name, "gateway");
  EXPECT_EQ(c.heuristics_timeout_ms, 4000u);  // ping -c3 fits
  EXPECT_TRUE(c.master_wins_effective(2));
}

// A survivor holds corosync's sync while it takes over from a dead master; a sync_timeout too
// short for that handover is worth a warning (the survivor would be inquorate for a while).
TEST(QdiskConfig, WarnsWhenSyncTimeoutIsShorterThanAHandover) {
  Keys k = {{"quorum.device.model", "disk"},
            {"quorum.device.disk.device", "/q"},
            {"quorum.device.disk.interval", "3"},
            {"quorum.device.disk.tko", "4"}};
  auto r = parse_config(k);
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("quorum.device.sync_timeout"), std::string::npos) << r.warnings[0];
  k["quorum.device.sync_timeout"] = "44000";
  EXPECT_TRUE(parse_config(k).warnings.empty());
}

TEST(QdiskConfig, WarnsWhenHeuristicsCannotWithdrawInTime) {
  Keys k = base();
  k["quorum.device.heuristics.exec_slow"] = "/bin/true";
  k["quorum.device.heuristics.tko_slow"] = "3";  // 3 x 1000 + 1000 + 1000 > 4000
  auto r = parse_config(k);
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(
      r.warnings[0].rfind("quorum.device.heuristics.interval: a failing heuristic may keep the vote for 5000 ms", 0),
      0u)
      << r.warnings[0];
}
