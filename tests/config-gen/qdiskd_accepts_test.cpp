// qdiskd is the fourth reader of what vmha-config writes: it takes the quorum.device.* keys of
// corosync.conf from cmap and refuses what its own table does not allow. Each quorum disk and
// heuristic key at the lowest and the highest value of its range (keys.cpp) must give a
// corosync.conf that qdiskd's own parser accepts (issue 13 item 6).
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "core/config.hpp"
#include "corosync_conf_writer.hpp"
#include "keys.hpp"
#include "topology_reader.hpp"
#include "validate.hpp"

namespace vmha::config {
namespace {

// corosync.conf text → the flat cmap keys corosync would hand qdiskd.
std::map<std::string, std::string> cmap_keys(const std::string& text) {
  std::map<std::string, std::string> keys;
  std::vector<std::string> path;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    auto start = line.find_first_not_of(' ');
    if (start == std::string::npos || line[start] == '#') continue;
    std::string body = line.substr(start);
    if (body == "}")
      path.pop_back();
    else if (body.size() > 2 && body.compare(body.size() - 2, 2, " {") == 0)
      path.push_back(body.substr(0, body.size() - 2));
    else {
      auto colon = body.find(": ");
      std::string key;
      for (const auto& p : path) key += p + ".";
      keys[key + body.substr(0, colon)] = body.substr(colon + 2);
    }
  }
  return keys;
}

std::string qdiskd_verdict(const std::string& disk_extra, const std::string& heuristic_extra, long score = 1) {
  std::string yaml =
      "cluster: {name: c, fencing_enabled: false}\nnodes: [{name: a, id: 1}, {name: b, id: 2}, {name: c, id: 3}]\n"
      "quorum: {disk: {" +
      disk_extra + "label: q, heuristics: [{" + heuristic_extra +
      "name: gw, program: /bin/true, score: " + std::to_string(score) + "}]}}\n";
  ReadResult r = read_topology(yaml);
  if (r.diagnostics.empty()) validate(r.topology, r.diagnostics);
  if (!r.diagnostics.empty()) return "vmha-config refused it: " + r.diagnostics.format("t.yaml");
  return quorum::parse_config(cmap_keys(write_corosync_conf(r.topology))).error;
}

TEST(QdiskdAccepts, EveryQuorumDiskKeyAtItsBounds) {
  for (const auto& spec : keys::quorum_disk) {
    if (spec.kind != Kind::Int) continue;
    for (long value : {spec.min, spec.max}) {
      std::string extra = std::string(spec.key) + ": " + std::to_string(value) + ", ";
      if (spec.key == "master_wait") extra += "tko_up: 1, ";  // a bid must outlast tko_up
      long score = spec.key == "min_score" ? value : 1;       // reachable by the heuristics
      EXPECT_EQ(qdiskd_verdict(extra, "", score), "") << spec.key << " = " << value;
    }
  }
}

TEST(QdiskdAccepts, EveryHeuristicKeyAtItsBounds) {
  for (const auto& spec : keys::heuristic) {
    if (spec.kind != Kind::Int) continue;
    for (long value : {spec.min, spec.max}) {
      if (spec.key == "score") {
        EXPECT_EQ(qdiskd_verdict("", "", value), "") << "score = " << value;
        continue;
      }
      EXPECT_EQ(qdiskd_verdict("", std::string(spec.key) + ": " + std::to_string(value) + ", "), "")
          << spec.key << " = " << value;
    }
  }
}

TEST(QdiskdAccepts, TheLongestCycleAndHandover) {
  EXPECT_EQ(qdiskd_verdict("interval: 1800, tko: 1000, master_wait: 1000, tko_up: 2, ", "interval: 3600, "), "");
}

}  // namespace
}  // namespace vmha::config
