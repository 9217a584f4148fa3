// fence_virtd's `groups` access control (fence-virt's static map): parsing and the decision table.
#include <gtest/gtest.h>

#include "access_groups.hpp"

using namespace vmha::virtd;
using vmha::xvm::Command;

namespace {

const char* kGroups = R"(groups {
	group {
		name = "web";
		ip = "192.0.2.61";
		ip = "2001:DB8::61";
		uuid = "web1";
		uuid = "6695EB01-F6A4-8304-79AA-97F2502E193F";
	}
	group {
		ip = "192.0.2.62";
		uuid = "db1";
	}
	group { name = "nothing"; }
}
)";

AccessPolicy policy_from(const char* text) {
  auto p = parse_config_text(text, "f.conf");
  EXPECT_EQ(p.error, "");
  auto g = access_groups(p.tree, "f.conf");
  EXPECT_EQ(g.error, "");
  return AccessPolicy(g.groups);
}

TEST(AccessGroups, RepeatedBlocksStayApart) {
  auto p = parse_config_text(kGroups, "f.conf");
  ASSERT_EQ(p.error, "");
  auto g = access_groups(p.tree, "f.conf");
  ASSERT_EQ(g.error, "");
  ASSERT_EQ(g.groups.size(), 2u);  // the empty group allows nothing and is dropped, as in fence-virt
  EXPECT_EQ(g.groups[0].name, "web");
  EXPECT_EQ(g.groups[0].guests.size(), 2u);
  EXPECT_EQ(g.groups[0].sources, (std::vector<std::string>{"192.0.2.61", "2001:db8::61"}));
  EXPECT_EQ(g.groups[1].name, "unnamed-2");
  EXPECT_EQ(g.groups[1].guests, (std::vector<std::string>{"db1"}));
}

TEST(AccessGroups, NoGroupsIsWideOpen) {
  AccessPolicy none = policy_from("fence_virtd { listener = \"tcp\"; }\ngroups { }\n");
  EXPECT_TRUE(none.open());
  EXPECT_TRUE(none.decide("198.51.100.7", {"anything", ""}).allowed);
}

TEST(AccessGroups, BadAddressNamesFileAndLine) {
  auto p = parse_config_text("groups {\n group {\n  uuid = \"a\";\n  ip = \"host.example\";\n }\n}\n", "f.conf");
  ASSERT_EQ(p.error, "");
  EXPECT_EQ(access_groups(p.tree, "f.conf").error,
            "f.conf:4:3: groups/group: ip 'host.example' is not an IPv4 or IPv6 address");
}

struct DecideCase {
  const char* what;
  const char* source;
  GuestIdentity guest;
  bool allowed;
  const char* group;
};
class Deciding : public ::testing::TestWithParam<DecideCase> {};
TEST_P(Deciding, OnlyGuestsListedForTheSource) {
  static const AccessPolicy policy = policy_from(kGroups);
  const auto& c = GetParam();
  const AccessDecision d = policy.decide(c.source, c.guest);
  EXPECT_EQ(d.allowed, c.allowed) << c.what;
  EXPECT_EQ(d.group, c.group) << c.what;
}
const std::string kUuid = "6695eb01-f6a4-8304-79aa-97f2502e193f";
INSTANTIATE_TEST_SUITE_P(
    Table, Deciding,
    ::testing::Values(
        DecideCase{"listed name", "192.0.2.61", {"web1", "u-web1"}, true, "web"},
        DecideCase{"names compare without case", "192.0.2.61", {"WEB1", ""}, true, "web"},
        DecideCase{"listed UUID, other case", "192.0.2.61", {"test", kUuid}, true, "web"},
        DecideCase{"UUID listed, guest unknown by name only", "192.0.2.61", {"test", ""}, false, ""},
        DecideCase{"guest of another group", "192.0.2.61", {"db1", "u-db1"}, false, ""},
        DecideCase{"its own group's guest", "192.0.2.62", {"db1", ""}, true, "unnamed-2"},
        DecideCase{"source in no group", "192.0.2.99", {"web1", ""}, false, ""},
        DecideCase{"IPv4 client seen through a dual-stack socket", "::ffff:192.0.2.61", {"web1", ""}, true, "web"},
        DecideCase{"IPv6 source, other spelling", "2001:db8:0:0::61", {"web1", ""}, true, "web"},
        DecideCase{"empty identity matches nothing", "192.0.2.61", {"", ""}, false, ""},
        DecideCase{"source that is no address", "web1", {"web1", ""}, false, ""}));

TEST(AccessGroups, IdentifyByNameOrUuid) {
  const std::vector<vmha::xvm::HostState> known = {{"web1", "u-1", 1}, {"test", kUuid, 1}};
  EXPECT_EQ(identify_guest("web1", known).uuid, "u-1");
  EXPECT_EQ(identify_guest("6695EB01-F6A4-8304-79AA-97F2502E193F", known).name, "test");
  const GuestIdentity unknown = identify_guest("ghost", known);
  EXPECT_EQ(unknown.name, "ghost");
  EXPECT_EQ(unknown.uuid, "");
}

TEST(AccessGroups, WhichCommandsNeedAccess) {
  for (Command c : {Command::Off, Command::On, Command::Reboot, Command::Status})
    EXPECT_TRUE(needs_guest_access(static_cast<uint8_t>(c)));
  for (Command c : {Command::Null, Command::DevStatus, Command::HostList})
    EXPECT_FALSE(needs_guest_access(static_cast<uint8_t>(c)));
  EXPECT_FALSE(needs_guest_access(200));
}

TEST(CanonicalIp, OneSpellingPerAddress) {
  EXPECT_EQ(canonical_ip("192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(canonical_ip("::FFFF:192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(canonical_ip("FF05:0:0::3:1"), "ff05::3:1");
  EXPECT_EQ(canonical_ip("192.0.2.256"), std::nullopt);
  EXPECT_EQ(canonical_ip(""), std::nullopt);
}

}  // namespace
