#include "canonical_xml.hpp"

#include <gtest/gtest.h>

namespace vmha::config {
namespace {

std::string canon(const std::string& text) {
  std::string error;
  return canonical_cluster_conf(text, error).value_or("ERROR " + error);
}

TEST(CanonicalXml, Table) {
  struct Case {
    const char* a;
    const char* b;
    bool equivalent;
  } cases[] = {
      {"<cluster name='c' config_version='1'/>", "<?xml version='1.0'?>\n<cluster config_version='1'  name='c'/>",
       true},
      {"<cluster name='c'><cman/><rm><resources/></rm></cluster>", "<cluster name='c'/>", true},  // empty elements
      {"<cluster name='c'><a x='1'/><b y='2'/></cluster>", "<cluster name='c'><b y='2'/><a x='1'/></cluster>", true},
      {"<cluster name='c'><!-- note --><a x='1'/></cluster>", "<cluster name='c'><a x='1'/></cluster>", true},
      {"<cluster name='c'/>", "<cluster name='d'/>", false},
      {"<cluster name='c'><a x='1'/></cluster>", "<cluster name='c'><a x='1' y='2'/></cluster>", false},
      // Fence methods are tried in order: swapping them is a different cluster.
      {"<fence><method name='1'/><method name='2'/></fence>", "<fence><method name='2'/><method name='1'/></fence>",
       false},
  };
  for (const auto& c : cases) EXPECT_EQ(canon(c.a) == canon(c.b), c.equivalent) << c.a << " vs " << c.b;
  EXPECT_EQ(canon("<a>").substr(0, 5), "ERROR");
}

}  // namespace
}  // namespace vmha::config
