#include <gtest/gtest.h>

#include "config.hpp"
#include "request_gate.hpp"

using namespace vmha::virtd;
using namespace vmha::xvm;

namespace {

const char* kConf = R"(# comment
fence_virtd {
	listener = "tcp";
	backend = "libvirt";
}
listeners {
	tcp {
		key_file = "/k";   # trailing comment
		hash = "sha512";
		auth = "sha1";
		address = "127.0.0.1";
		port = "2000";
	}
	multicast { interface = "lo"; }
}
backends { libvirt { uri = "test:///default"; } }
groups { group { name = "a"; uuid = "x"; uuid = "y"; } }
)";

TEST(VirtdConfig, ParsesPathsAndTheServedSubset) {
  auto p = parse_config_text(kConf, "f.conf");
  ASSERT_EQ(p.error, "");
  EXPECT_EQ(p.tree.get("listeners/multicast/interface"), "lo");
  EXPECT_EQ(p.tree.values.count("groups/group/uuid"), 2u);
  auto d = daemon_config(p.tree, "f.conf");
  ASSERT_EQ(d.error, "");
  EXPECT_EQ(d.config.listener, "tcp");
  EXPECT_EQ(d.config.key_file, "/k");
  EXPECT_EQ(d.config.hash, HashType::Sha512);
  EXPECT_EQ(d.config.auth, HashType::Sha1);
  EXPECT_EQ(d.config.port, 2000);
  EXPECT_EQ(d.config.uri, "test:///default");
}

struct BadCase {
  const char* text;
  const char* error_part;
};
class VirtdConfigErrors : public ::testing::TestWithParam<BadCase> {};
TEST_P(VirtdConfigErrors, NameFileLineOrPath) {
  auto p = parse_config_text(GetParam().text, "f.conf");
  std::string err = p.error;
  if (err.empty()) err = daemon_config(p.tree, "f.conf").error;
  EXPECT_NE(err.find(GetParam().error_part), std::string::npos) << err;
}
INSTANTIATE_TEST_SUITE_P(
    Table, VirtdConfigErrors,
    ::testing::Values(BadCase{"a {\n b = \"c\"\n}\n", "f.conf:3:1: missing ';'"},
                      BadCase{"a {\n b = c;\n}\n", "f.conf:2:6: value of 'b' must be in double quotes"},
                      BadCase{"a {\n", "f.conf:2:1: block 'a' (opened at line 1) is not closed"},
                      BadCase{"}\n", "f.conf:1:1: '}'"},
                      BadCase{"fence_virtd { listener = \"serial\"; }", "fence_virtd/listener"},
                      BadCase{"listeners { multicast { hash = \"md5\"; } }", "f.conf:1:25: listeners/multicast/hash"},
                      BadCase{"listeners { multicast { port = \"99999\"; } }", "listeners/multicast/port"},
                      BadCase{"listeners { multicast { family = \"ipx\"; } }", "listeners/multicast/family: 'ipx'"},
                      BadCase{"listeners { multicast { address = \"nowhere\"; } }",
                              "listeners/multicast/address: 'nowhere' is not an IPv4 or IPv6 address"},
                      BadCase{"listeners { multicast { family = \"ipv6\"; address = \"225.0.0.12\"; } }",
                              "'225.0.0.12' is not an IPv6 address (family ipv6)"}));

struct FamilyCase {
  const char* text;
  bool ipv6;
  const char* address;
};
class VirtdFamily : public ::testing::TestWithParam<FamilyCase> {};
TEST_P(VirtdFamily, PicksDefaultAddressAsFenceVirt) {
  auto p = parse_config_text(GetParam().text, "f.conf");
  ASSERT_EQ(p.error, "");
  auto d = daemon_config(p.tree, "f.conf");
  ASSERT_EQ(d.error, "");
  EXPECT_EQ(d.config.ipv6, GetParam().ipv6);
  EXPECT_EQ(d.config.address, GetParam().address);
}
INSTANTIATE_TEST_SUITE_P(
    Table, VirtdFamily,
    ::testing::Values(
        FamilyCase{"", false, "225.0.0.12"},
        FamilyCase{"listeners { multicast { family = \"ipv6\"; } }", true, "ff05::3:1"},
        FamilyCase{"listeners { multicast { address = \"ff02::1:3\"; } }", true, "ff02::1:3"},
        FamilyCase{"fence_virtd { listener = \"tcp\"; }", false, "127.0.0.1"},
        FamilyCase{"fence_virtd { listener = \"tcp\"; } listeners { tcp { family = \"ipv6\"; } }", true, "::1"},
        FamilyCase{"fence_virtd { listener = \"tcp\"; } listeners { tcp { address = \"::\"; } }", true, "::"}));

Packet signed_request(const std::string& key, uint32_t seqno, uint8_t random_seed) {
  Request r;
  r.request = static_cast<uint8_t>(Command::Off);
  r.hashtype = static_cast<uint8_t>(HashType::Sha256);
  r.domain = "g";
  r.seqno = seqno;
  return sign(r, {reinterpret_cast<const uint8_t*>(key.data()), key.size()}, {random_seed, 0, 0, 0, 0, 0});
}

TEST(RequestGate, AcceptsOnceThenDuplicateThenReplay) {
  RequestGate gate(HashType::Sha256, "key");
  Packet p = signed_request("key", 7, 1);
  EXPECT_EQ(gate.admit(p, 0).verdict, GateVerdict::Accept);
  EXPECT_EQ(gate.admit(p, 1).verdict, GateVerdict::Duplicate);
  // a retransmission (same seqno, new random) inside 10 s is a duplicate too
  EXPECT_EQ(gate.admit(signed_request("key", 7, 2), 2).verdict, GateVerdict::Duplicate);
  // the very same packet long after the history window is still a replay
  EXPECT_EQ(gate.admit(p, 100).verdict, GateVerdict::Replay);
  // a new request is fine
  EXPECT_EQ(gate.admit(signed_request("key", 8, 3), 100).verdict, GateVerdict::Accept);
}

TEST(RequestGate, RefusesWrongKeyWeakHashAndMalformed) {
  RequestGate gate(HashType::Sha256, "key");
  EXPECT_EQ(gate.admit(signed_request("other", 1, 1), 0).verdict, GateVerdict::BadSignature);
  Request weak;
  weak.hashtype = 1;
  weak.domain = "g";
  EXPECT_EQ(gate.admit(sign(weak, {reinterpret_cast<const uint8_t*>("key"), 3}, {}), 0).verdict, GateVerdict::TooWeak);
  Packet p = signed_request("key", 2, 1);
  EXPECT_EQ(gate.admit(Bytes(p.data(), 100), 0).verdict, GateVerdict::Malformed);
}

}  // namespace

#include "cpg_protocol.hpp"

namespace {

TEST(CpgProtocol, RoundTripsEveryKind) {
  CpgMessage l;
  l.guests = {{"g1", "u1", true}, {"g2", "u2", false}};
  auto back = decode_cpg(encode_cpg(l));
  ASSERT_TRUE(back);
  ASSERT_EQ(back->guests.size(), 2u);
  EXPECT_EQ(back->guests[0].name, "g1");
  EXPECT_TRUE(back->guests[0].running);
  EXPECT_FALSE(back->guests[1].running);
  CpgMessage r;
  r.kind = CpgMessage::Kind::Request;
  r.id = 77;
  r.node = 2;
  r.command = 1;
  r.domain = "g 1";
  back = decode_cpg(encode_cpg(r));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->kind, CpgMessage::Kind::Request);
  EXPECT_EQ(back->id, 77u);
  EXPECT_EQ(back->domain, "g 1");
  CpgMessage s;
  s.kind = CpgMessage::Kind::Result;
  s.id = 77;
  s.node = 1;
  s.result = 2;
  back = decode_cpg(encode_cpg(s));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->result, 2);
}

TEST(CpgProtocol, RejectsGarbage) {
  for (const char* t : {"", "HELLO\n", "REQ\t1\t2\n", "REQ\tx\t2\t1\tg\n", "RES\t1\t2\t300\n", "LIST\ng\tu\t7\n"})
    EXPECT_FALSE(decode_cpg(t)) << t;
}

struct PlaceCase {
  const char* domain;
  Placement::Where where;
  uint32_t node;
};
class Placing : public ::testing::TestWithParam<PlaceCase> {};
TEST_P(Placing, RunningWinsThenDefinedThenNowhere) {
  std::map<uint32_t, std::vector<GuestEntry>> lists = {
      {1, {{"a", "ua", true}, {"c", "uc", false}}},
      {2, {{"b", "ub", true}, {"c", "uc", true}, {"d", "ud", false}}},
      {3, {{"d", "ud", false}}},
  };
  auto p = place(GetParam().domain, 1, lists);
  EXPECT_EQ(p.where, GetParam().where);
  if (p.where != Placement::Where::Nowhere) {
    EXPECT_EQ(p.node, GetParam().node);
  }
}
INSTANTIATE_TEST_SUITE_P(Table, Placing,
                         ::testing::Values(PlaceCase{"a", Placement::Where::Local, 1},
                                           PlaceCase{"ub", Placement::Where::Remote, 2},
                                           PlaceCase{"c", Placement::Where::Remote, 2},  // runs on 2, defined here
                                           PlaceCase{"d", Placement::Where::Remote, 2},  // lowest definer
                                           PlaceCase{"zz", Placement::Where::Nowhere, 0}));

}  // namespace
