// Meta-data from a parameter table, judged by the schemas resource-agents installs.
#include "ocf/metadata.hpp"

#include <gtest/gtest.h>
#include <tinyxml2.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

using namespace vmha::ocf;

namespace {

struct Fixture {
  std::vector<Parameter> params;
  std::array<Action, 4> actions{Action{"start", 90}, Action{"monitor", 30, 10, 0}, Action{"reload-agent", 5},
                                Action{"meta-data", 5}};
  AgentSpec spec;
  Fixture() {
    Parameter config;
    config.name = "config";
    config.required = true;
    config.unique_group = "config";
    config.shortdesc = "Config";
    config.longdesc = "Path with <name> & more";
    params.push_back(config);
    Parameter mode;
    mode.name = "mode";
    mode.type = ParamType::Select;
    mode.options = {"acpi", "agent"};
    mode.default_value = "acpi";
    mode.reloadable = true;
    mode.shortdesc = "Mode";
    mode.longdesc = "How";
    params.push_back(mode);
    Parameter old;
    old.name = "old";
    old.deprecated = true;
    old.replaced_with = "config";
    old.type = ParamType::Time;
    old.shortdesc = "Old";
    old.longdesc = "Old way";
    params.push_back(old);
    spec = AgentSpec{"T", "1.0", "short", "long", params, actions};
  }
};

// xmllint's verdict on a document; `dir` is where a DOCTYPE's relative DTD is found.
int xmllint(const std::string& xml, const std::string& args, const std::string& dir) {
  char path[] = "/tmp/vmha-metadata-XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  FILE* f = fdopen(fd, "w");
  std::fputs(xml.c_str(), f);
  std::fclose(f);
  std::string cmd = "cd " + dir + " && xmllint --noout " + args + " - < " + path + " 2>&1";
  int rc = std::system(cmd.c_str());
  std::remove(path);
  return rc;
}

}  // namespace

TEST(Metadata, Ocf10FormIsValidAgainstResourceAgentsRngAndDtd) {
  Fixture f;
  std::string xml = render_metadata(f.spec, MetadataDialect::Ocf10);
  EXPECT_EQ(xmllint(xml, "--relaxng " RESOURCE_AGENTS_DATADIR "/metadata.rng", "/"), 0) << xml;
  EXPECT_EQ(xmllint(xml, "--valid", RESOURCE_AGENTS_DATADIR), 0) << xml;
}

TEST(Metadata, Ocf10FoldsWhatItCannotSay) {
  Fixture f;
  std::string xml = render_metadata(f.spec, MetadataDialect::Ocf10);
  EXPECT_EQ(xml.find("reload-agent"), std::string::npos);
  EXPECT_EQ(xml.find("reloadable"), std::string::npos);
  EXPECT_NE(xml.find("Allowed values: acpi, agent"), std::string::npos);
  EXPECT_NE(xml.find("Deprecated: use config instead"), std::string::npos);
  EXPECT_NE(xml.find("unique=\"1\""), std::string::npos);
}

TEST(Metadata, Ocf11CarriesReloadableUniqueGroupSelectAndDeprecation) {
  Fixture f;
  tinyxml2::XMLDocument doc;
  std::string xml = render_metadata(f.spec, MetadataDialect::Ocf11);
  ASSERT_EQ(doc.Parse(xml.c_str()), tinyxml2::XML_SUCCESS);
  auto* root = doc.FirstChildElement("resource-agent");
  ASSERT_TRUE(root);
  EXPECT_STREQ(root->FirstChildElement("version")->GetText(), "1.1");
  auto* p = root->FirstChildElement("parameters")->FirstChildElement("parameter");
  EXPECT_STREQ(p->Attribute("unique-group"), "config");
  EXPECT_STREQ(p->Attribute("required"), "1");
  EXPECT_STREQ(p->FirstChildElement("longdesc")->GetText(), "Path with <name> & more");
  p = p->NextSiblingElement("parameter");
  EXPECT_STREQ(p->Attribute("reloadable"), "1");
  auto* content = p->FirstChildElement("content");
  EXPECT_STREQ(content->Attribute("type"), "select");
  EXPECT_STREQ(content->FirstChildElement("option")->Attribute("value"), "acpi");
  p = p->NextSiblingElement("parameter");
  EXPECT_STREQ(p->FirstChildElement("deprecated")->FirstChildElement("replaced-with")->Attribute("name"), "config");
  bool has_reload_agent = false;
  for (auto* a = root->FirstChildElement("actions")->FirstChildElement("action"); a; a = a->NextSiblingElement())
    has_reload_agent |= std::string(a->Attribute("name")) == "reload-agent";
  EXPECT_TRUE(has_reload_agent);
}

TEST(Metadata, RgmanagerDialectHasSpecialBlockAndPrimary) {
  Fixture f;
  RgmanagerSpecial special{1};
  f.spec.rgmanager = &special;
  f.params[0].primary = true;
  f.spec.parameters = f.params;
  std::string xml = render_metadata(f.spec, MetadataDialect::Rgmanager);
  EXPECT_NE(xml.find("primary=\"1\""), std::string::npos);
  EXPECT_NE(xml.find("<special tag=\"rgmanager\">"), std::string::npos);
  EXPECT_NE(xml.find("maxinstances=\"1\""), std::string::npos);
  EXPECT_NE(xml.find("timeout=\"90\""), std::string::npos);
}

TEST(Metadata, CallerVersionChoosesTheDialect) {
  EXPECT_EQ(dialect_for_caller(nullptr, nullptr), MetadataDialect::Ocf10);
  EXPECT_EQ(dialect_for_caller("1", "0"), MetadataDialect::Ocf10);
  EXPECT_EQ(dialect_for_caller("1", "1"), MetadataDialect::Ocf11);
  EXPECT_EQ(dialect_for_caller("2", "0"), MetadataDialect::Ocf11);
}
