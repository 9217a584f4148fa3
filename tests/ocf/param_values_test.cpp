#include "ocf/param_values.hpp"

#include <gtest/gtest.h>

#include <array>

using namespace vmha::ocf;

namespace {

Parameter make(const char* name, ParamType type, const char* def = "", bool required = false) {
  Parameter p;
  p.name = name;
  p.type = type;
  p.default_value = def;
  p.required = required;
  p.shortdesc = "s";
  p.longdesc = "l";
  return p;
}

struct Fixture {
  std::vector<Parameter> params;
  std::array<Action, 1> actions{Action{"start", 20}};
  AgentSpec spec;
  Fixture() {
    params.push_back(make("config", ParamType::String, "", true));
    params.push_back(make("speed", ParamType::Integer, "0"));
    params.push_back(make("force", ParamType::Boolean, "false"));
    params.push_back(make("wait", ParamType::Time, "10s"));
    Parameter mode = make("mode", ParamType::Select, "live");
    mode.options = {"live", "pause"};
    params.push_back(mode);
    Parameter old = make("old", ParamType::String);
    old.deprecated = true;
    old.replaced_with = "config";
    params.push_back(old);
    Parameter later = make("backing", ParamType::String);
    later.implemented = false;
    params.push_back(later);
    spec = AgentSpec{"T", "1", "s", "l", params, actions};
  }
};

}  // namespace

TEST(ParamValues, DefaultsApplyAndTypedAccessorsWork) {
  Fixture f;
  auto parsed = parse_parameters(f.spec, {{"OCF_RESKEY_config", "/etc/g.xml"}, {"OCF_RESKEY_speed", "100"}});
  ASSERT_TRUE(parsed.issues.empty());
  EXPECT_EQ(parsed.values.text("config"), "/etc/g.xml");
  EXPECT_TRUE(parsed.values.is_set("config"));
  EXPECT_EQ(parsed.values.integer("speed"), 100);
  EXPECT_FALSE(parsed.values.boolean("force"));
  EXPECT_FALSE(parsed.values.is_set("force"));
  EXPECT_EQ(parsed.values.duration("wait"), std::chrono::seconds(10));
  EXPECT_EQ(parsed.values.text("mode"), "live");
}

struct BadInput {
  const char* key;
  const char* value;
  const char* parameter;
  const char* words;  // the message must say this
};

class ParamValuesRejects : public ::testing::TestWithParam<BadInput> {};

TEST_P(ParamValuesRejects, WithOneClearIssueNamingTheParameter) {
  Fixture f;
  EnvMap env{{"OCF_RESKEY_config", "/etc/g.xml"}};
  env[GetParam().key] = GetParam().value;
  auto parsed = parse_parameters(f.spec, env);
  ASSERT_EQ(parsed.issues.size(), 1u);
  EXPECT_EQ(parsed.issues[0].parameter, GetParam().parameter);
  EXPECT_EQ(parsed.issues[0].result, Result::ErrConfigured);
  EXPECT_NE(parsed.issues[0].message.find(GetParam().parameter), std::string::npos) << parsed.issues[0].message;
  EXPECT_NE(parsed.issues[0].message.find(GetParam().words), std::string::npos) << parsed.issues[0].message;
}

INSTANTIATE_TEST_SUITE_P(Table, ParamValuesRejects,
                         ::testing::Values(BadInput{"OCF_RESKEY_speed", "fast", "speed", "not an integer"},
                                           BadInput{"OCF_RESKEY_force", "maybe", "force", "not a boolean"},
                                           BadInput{"OCF_RESKEY_wait", "soon", "wait", "not a duration"},
                                           BadInput{"OCF_RESKEY_mode", "teleport", "mode", "live, pause"},
                                           BadInput{"OCF_RESKEY_backing", "/img.qcow2", "backing", "not supported"},
                                           BadInput{"OCF_RESKEY_config", "", "config", "required"}));

TEST(ParamValues, MissingRequiredParameterIsConfigurationError) {
  Fixture f;
  auto parsed = parse_parameters(f.spec, {});
  ASSERT_EQ(parsed.issues.size(), 1u);
  EXPECT_EQ(parsed.issues[0].result, Result::ErrConfigured);
  EXPECT_NE(parsed.issues[0].message.find("OCF_RESKEY_config"), std::string::npos);
}

TEST(ParamValues, DeprecatedParameterWarnsWithItsReplacement) {
  Fixture f;
  auto parsed = parse_parameters(f.spec, {{"OCF_RESKEY_config", "/g"}, {"OCF_RESKEY_old", "x"}});
  EXPECT_TRUE(parsed.issues.empty());
  ASSERT_EQ(parsed.warnings.size(), 1u);
  EXPECT_NE(parsed.warnings[0].find("use config"), std::string::npos);
}

TEST(ParamValues, UnsupportedParameterAtItsDefaultIsAccepted) {
  Fixture f;
  auto parsed = parse_parameters(f.spec, {{"OCF_RESKEY_config", "/g"}, {"OCF_RESKEY_backing", ""}});
  EXPECT_TRUE(parsed.issues.empty());
}
