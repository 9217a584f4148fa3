#include "corosync_conf_writer.hpp"

#include <gtest/gtest.h>

#include "test_topologies.hpp"

namespace vmha::config {
namespace {

using testing::parse;

// The stripped lines of the file, so tests need not care about indentation.
std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    std::string line = text.substr(start, end - start);
    line.erase(0, line.find_first_not_of(' '));
    out.push_back(line);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

bool contains(const std::string& text, const std::string& line) {
  auto all = lines(text);
  return std::find(all.begin(), all.end(), line) != all.end();
}

const char* kDisk = R"(cluster: {name: c}
nodes: [{name: a, id: 1}, {name: b, id: 2, addresses: [10.0.0.2, 10.1.0.2]}]
quorum:
  disk:
    label: qd
    interval: 3
    tko: 4
    min_score: 1
    master_wins: true
    io_timeout: true
    heuristics:
      - {name: gw, program: ping -c1 gw, score: 2, interval: 4, tko: 3}
      - {name: link, program: ethtool eth0, interval: 2}
)";

TEST(CorosyncConf, TwoNodeOnlyForExactlyTwoNodesWithoutDevice) {
  struct Case {
    const char* nodes;
    bool disk;
    bool two_node;
  } cases[] = {
      {"[{name: a, id: 1}, {name: b, id: 2}]", false, true},
      {"[{name: a, id: 1}, {name: b, id: 2}, {name: c, id: 3}]", false, false},
      {"[{name: a, id: 1}, {name: b, id: 2}]", true, false},  // corosync refuses two_node with a device
      {"[{name: a, id: 1}]", false, false},
  };
  for (const auto& c : cases) {
    std::string yaml = std::string("cluster: {name: c}\nnodes: ") + c.nodes + "\n" +
                       (c.disk ? "quorum: {disk: {device: /dev/q}}\n" : "");
    EXPECT_EQ(contains(write_corosync_conf(parse(yaml)), "two_node: 1"), c.two_node) << c.nodes << c.disk;
  }
}

TEST(CorosyncConf, QuorumDiskKeysAreThoseQdiskdReads) {
  std::string text = write_corosync_conf(parse(kDisk));
  for (const char* line :
       {"model: disk", "votes: 1", "label: qd", "interval: 3", "tko: 4", "min_score: 1", "master_wins: 1", "mode: on",
        "interval: 2000", "exec_gw: ping -c1 gw", "score_gw: 2", "tko_gw: 3", "exec_link: ethtool eth0"})
    EXPECT_TRUE(contains(text, line)) << line << "\n" << text;
  EXPECT_FALSE(contains(text, "score_link: 1"));  // unset: qdiskd's default applies
  // cluster.conf's io_timeout flag is not qdiskd's io_timeout (seconds): not carried over.
  EXPECT_EQ(text.find("io_timeout"), std::string::npos);
  EXPECT_NE(text.find("device {\n        model: disk"), std::string::npos);
  EXPECT_NE(text.find("disk {\n            label: qd"), std::string::npos);
}

TEST(CorosyncConf, NodelistAndTotem) {
  std::string text = write_corosync_conf(parse(kDisk));
  for (const char* line :
       {"cluster_name: c", "transport: knet", "crypto_cipher: aes256", "crypto_hash: sha256", "ring0_addr: a",
        "ring0_addr: 10.0.0.2", "ring1_addr: 10.1.0.2", "nodeid: 2", "provider: corosync_votequorum"})
    EXPECT_TRUE(contains(text, line)) << line;
  std::string udpu = write_corosync_conf(parse("cluster: {name: c, transport: udpu}\nnodes: [{name: a, id: 1}]\n"));
  EXPECT_TRUE(contains(udpu, "transport: udpu"));
  EXPECT_FALSE(contains(udpu, "crypto_cipher: aes256"));
}

}  // namespace
}  // namespace vmha::config
