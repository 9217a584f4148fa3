#include "runtime/options.hpp"

#include <gtest/gtest.h>

#include "runtime/common_options.hpp"
#include "runtime/metadata.hpp"

using namespace vmha::fence;

namespace {

OptionTable table() {
  return {common::action(), common::plug(),          common::login(),          common::password(),
          common::delay(),  common::power_timeout(), common::missing_as_off(), common::retry_on()};
}

struct StdinCase {
  const char* input;
  const char* name;
  const char* want;  // nullptr = absent
};

class StdinParsing : public ::testing::TestWithParam<StdinCase> {};

TEST_P(StdinParsing, MapsNamesAndValues) {
  const auto& c = GetParam();
  auto r = parse_stdin(table(), c.input);
  ASSERT_EQ(r.error, "");
  if (c.want)
    EXPECT_EQ(r.values.get(c.name), c.want);
  else
    EXPECT_FALSE(r.values.has(c.name));
}

INSTANTIATE_TEST_SUITE_P(
    Table, StdinParsing,
    ::testing::Values(StdinCase{"port=g1\n", "plug", "g1"}, StdinCase{"plug=g2\n", "plug", "g2"},
                      StdinCase{"login=root\n", "username", "root"}, StdinCase{"username=u\n", "username", "u"},
                      StdinCase{"passwd=s\n", "password", "s"}, StdinCase{"password=t\n", "password", "t"},
                      StdinCase{"power-timeout=7\n", "power_timeout", "7"},
                      StdinCase{"power_timeout=8\n", "power_timeout", "8"},
                      StdinCase{"  action=off  \n", "action", "off"}, StdinCase{"action=\"on\"\n", "action", "on"},
                      StdinCase{"# plug=x\n", "plug", nullptr}, StdinCase{"plug=a\nplug=b\n", "plug", "b"},
                      StdinCase{"missing_as_off=yes\n", "missing_as_off", "1"},
                      StdinCase{"missing_as_off=TRUE\n", "missing_as_off", "1"},
                      StdinCase{"missing_as_off=on\n", "missing_as_off", "1"},
                      StdinCase{"missing_as_off=off\n", "missing_as_off", "0"},
                      StdinCase{"missing_as_off=0\n", "missing_as_off", "0"},
                      StdinCase{"missing_as_off=no\n", "missing_as_off", "0"}, StdinCase{"plug=a=b\n", "plug", "a=b"}));

TEST(StdinParsing, UnknownNamesWarnButNodenameAndAgentAreQuiet) {
  auto r = parse_stdin(table(), "nodename=n1\nagent=fence_x\nbogus=1\nplug=g\n");
  EXPECT_EQ(r.error, "");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("bogus"), std::string::npos);
  EXPECT_EQ(r.values.get("plug"), "g");
}

TEST(StdinParsing, BadBooleanNamesTheLine) {
  auto r = parse_stdin(table(), "plug=g\nmissing_as_off=maybe\n");
  EXPECT_NE(r.error.find("line 2"), std::string::npos);
  EXPECT_NE(r.error.find("missing_as_off"), std::string::npos);
}

struct ArgvCase {
  std::vector<std::string> argv;
  const char* name;
  const char* want;
};

class ArgvParsing : public ::testing::TestWithParam<ArgvCase> {};

TEST_P(ArgvParsing, ShortAndLongFlags) {
  const auto& c = GetParam();
  auto r = parse_argv(table(), c.argv);
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.values.get(c.name), c.want);
}

INSTANTIATE_TEST_SUITE_P(Table, ArgvParsing,
                         ::testing::Values(ArgvCase{{"a", "-n", "g"}, "plug", "g"},
                                           ArgvCase{{"a", "--plug=g"}, "plug", "g"},
                                           ArgvCase{{"a", "-o", "off"}, "action", "off"},
                                           ArgvCase{{"a", "--action", "on"}, "action", "on"},
                                           ArgvCase{{"a", "--missing-as-off"}, "missing_as_off", "1"},
                                           ArgvCase{{"a", "--power-timeout=3"}, "power_timeout", "3"},
                                           ArgvCase{{"a", "-l", "u"}, "username", "u"}));

TEST(ArgvParsing, UnknownOptionIsAnError) {
  EXPECT_NE(parse_argv(table(), {"a", "--nope"}).error, "");
  EXPECT_NE(parse_argv(table(), {"a", "-n"}).error, "");
  EXPECT_NE(parse_argv(table(), {"a", "stray"}).error, "");
}

TEST(Defaults, FilledAndNumbersChecked) {
  Values v;
  EXPECT_EQ(apply_defaults_and_check(table(), v), "");
  EXPECT_EQ(v.get("action"), "reboot");
  EXPECT_EQ(v.get("power_timeout"), "20");
  Values bad;
  bad.by_name["retry_on"] = "x";
  EXPECT_NE(apply_defaults_and_check(table(), bad).find("retry_on"), std::string::npos);
  Values frac;
  frac.by_name["delay"] = "0.5";
  EXPECT_EQ(apply_defaults_and_check(table(), frac), "");
}

}  // namespace

namespace {

// fence-virt's -H: the old spelling of plug keeps its own letter, on the command line and in the metadata.
TEST(OldShortFlag, ParsesToTheSameOptionAndIsAdvertisedOnTheOldName) {
  Option plug = common::plug();
  plug.old_short_flag = 'H';
  OptionTable t = {common::action(), plug};
  auto r = parse_argv(t, {"fence_t", "-H", "g1", "-o", "status"});
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.values.get("plug"), "g1");
  AgentInfo a{"fence_t", "s", "l", "u", {}, {"status"}, &t};
  const std::string x = metadata_xml(a);
  const auto port = x.find("<parameter name=\"port\"");
  ASSERT_NE(port, std::string::npos);
  EXPECT_EQ(x.find("<getopt mixed=\"-H [id]\" />", port), x.find("<getopt", port));
  EXPECT_NE(x.find("<getopt mixed=\"-n, --plug=[id]\" />"), std::string::npos);
}

}  // namespace
