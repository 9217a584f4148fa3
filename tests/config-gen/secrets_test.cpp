#include "secrets.hpp"

#include <gtest/gtest.h>

#include <map>

#include "test_topologies.hpp"

namespace vmha::config {
namespace {

class FakeSource : public SecretSource {
 public:
  std::map<std::string, std::string> env, files;
  std::vector<std::string> paths_read;
  std::optional<std::string> environment(const std::string& name) override {
    auto it = env.find(name);
    return it == env.end() ? std::nullopt : std::optional(it->second);
  }
  SecretFile file(const std::string& path) override {
    paths_read.push_back(path);
    auto it = files.find(path);
    if (it == files.end()) return {std::nullopt, "cannot read password file " + path, true};
    if (it->second == "world-readable") return {std::nullopt, "password file " + path + " is world-readable", false};
    return {it->second, "", false};
  }
};

const char* kYaml = R"(cluster: {name: c}
nodes: [{name: n1, id: 1}]
fence_devices:
  - {name: a, agent: fence_apc, password: inline-pw}
  - {name: b, agent: fence_apc, password: {env: PW_B}}
  - {name: c, agent: fence_apc, password: {file: pw/c}}
  - {name: d, agent: fence_apc, password: {file: /abs/d}}
  - {name: e, agent: fence_manual}
)";

TEST(Secrets, ResolvesEveryKindOfReference) {
  Topology t = testing::parse(kYaml);
  FakeSource source;
  source.env["PW_B"] = "from-env";
  source.files["/topo/pw/c"] = "from-file\n";
  source.files["/abs/d"] = "absolute";
  Diagnostics d;
  resolve_secrets(t, source, "/topo", d);
  EXPECT_TRUE(d.empty()) << d.format("t.yaml");
  std::vector<std::string> values;
  for (const auto& device : t.fence_devices) values.push_back(device.password.value);
  EXPECT_EQ(values, (std::vector<std::string>{"inline-pw", "from-env", "from-file", "absolute", ""}));
  EXPECT_EQ(source.paths_read, (std::vector<std::string>{"/topo/pw/c", "/abs/d"}));
  EXPECT_TRUE(has_secrets(t));
}

TEST(Secrets, MissingReferencesAreErrorsAtTheirLine) {
  Topology t = testing::parse(kYaml);
  FakeSource source;
  Diagnostics d;
  resolve_secrets(t, source, "/topo", d);
  EXPECT_EQ(d.format("t.yaml"),
            "t.yaml:5:43: error: password of fence device 'b': environment variable PW_B is not set\n"
            "t.yaml:6:43: error: password of fence device 'c': cannot read password file /topo/pw/c\n"
            "t.yaml:7:43: error: password of fence device 'd': cannot read password file /abs/d\n");
}

// validate: a secret that is not there is a warning (the administrator may validate where the
// secrets are not); one that is there but refused stays an error.
TEST(Secrets, MissingReferencesCanBeWarnings) {
  Topology t = testing::parse(kYaml);
  FakeSource source;
  source.files["/abs/d"] = "world-readable";
  Diagnostics errors, missing;
  resolve_secrets(t, source, "/topo", errors, &missing);
  EXPECT_EQ(errors.format("t.yaml"),
            "t.yaml:7:43: error: password of fence device 'd': password file /abs/d is world-readable\n");
  EXPECT_EQ(missing.format("t.yaml", "warning"),
            "t.yaml:5:43: warning: password of fence device 'b': environment variable PW_B is not set "
            "(generating cluster.conf or the CIB needs it)\n"
            "t.yaml:6:43: warning: password of fence device 'c': cannot read password file /topo/pw/c "
            "(generating cluster.conf or the CIB needs it)\n");
}

}  // namespace
}  // namespace vmha::config
