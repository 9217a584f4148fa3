#include "runtime/metadata.hpp"

#include <gtest/gtest.h>

#include "runtime/common_options.hpp"

using namespace vmha::fence;

TEST(Metadata, RenamedOptionsAppearDeprecatedAndObsoleting) {
  OptionTable t = {common::action(), common::plug(), common::missing_as_off()};
  AgentInfo a{"fence_t", "short", "long <desc>", "https://x", {"fence_t2"}, {"on", "off"}, &t};
  const std::string x = metadata_xml(a);
  EXPECT_NE(x.find("<parameter name=\"port\" unique=\"0\" required=\"1\" deprecated=\"1\">"), std::string::npos);
  EXPECT_NE(x.find("<parameter name=\"plug\" unique=\"0\" required=\"1\" obsoletes=\"port\">"), std::string::npos);
  EXPECT_NE(x.find("<getopt mixed=\"-n, --plug=[id]\" />"), std::string::npos);
  EXPECT_NE(x.find("<getopt mixed=\"--missing-as-off\" />"), std::string::npos);
  EXPECT_NE(x.find("<content type=\"boolean\" />"), std::string::npos);
  EXPECT_NE(x.find("long &lt;desc&gt;"), std::string::npos);
  EXPECT_NE(x.find("<symlink name=\"fence_t2\""), std::string::npos);
  EXPECT_NE(x.find("<action name=\"on\" automatic=\"0\" />"), std::string::npos);
}
