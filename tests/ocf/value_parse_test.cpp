#include "ocf/value_parse.hpp"

#include <gtest/gtest.h>

using namespace vmha::ocf;

TEST(ValueParse, BooleansAsOcfIsTrueSpellsThem) {
  for (auto t : {"1", "yes", "YES", "true", "True", "on", "y"}) EXPECT_EQ(parse_boolean(t), true) << t;
  for (auto f : {"0", "no", "false", "off", "n", "NO"}) EXPECT_EQ(parse_boolean(f), false) << f;
  for (auto bad : {"", "2", "maybe", "tru", "yes please"}) EXPECT_FALSE(parse_boolean(bad)) << bad;
}

TEST(ValueParse, Integers) {
  EXPECT_EQ(parse_integer("42"), 42);
  EXPECT_EQ(parse_integer(" 7 "), 7);
  EXPECT_EQ(parse_integer("-3"), -3);
  EXPECT_EQ(parse_integer("+5"), 5);
  for (auto bad : {"", "4x", "x4", "1.5", "0x10"}) EXPECT_FALSE(parse_integer(bad)) << bad;
}

TEST(ValueParse, DurationsWithPacemakerUnits) {
  using std::chrono::milliseconds;
  EXPECT_EQ(parse_duration("90"), milliseconds(90'000));
  EXPECT_EQ(parse_duration("90s"), milliseconds(90'000));
  EXPECT_EQ(parse_duration("1500ms"), milliseconds(1'500));
  EXPECT_EQ(parse_duration("2m"), milliseconds(120'000));
  EXPECT_EQ(parse_duration("1h"), milliseconds(3'600'000));
  for (auto bad : {"", "s", "5 fortnights", "-1s"}) EXPECT_FALSE(parse_duration(bad)) << bad;
}
