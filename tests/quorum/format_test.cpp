#include <gtest/gtest.h>

#include "core/disk_format.hpp"
#include "core/status.hpp"

using namespace vmha::quorum;

TEST(QdiskFormat, HeaderRoundTrips) {
  DiskHeader h;
  h.slot_count = 16;
  h.created = 1700000000;
  h.label = "vmha-qdisk";
  h.cluster = "refarch";
  auto block = encode_header(h);
  ASSERT_EQ(block.size(), 4096u);
  auto back = decode_header(block.data(), block.size());
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, h);
}

TEST(QdiskFormat, SlotRoundTrips) {
  Slot s;
  s.owner = 3;
  s.written_by = 1;
  s.state = SlotState::Master;
  s.message = Message::Ack;
  s.message_arg = 2;
  s.score = 2;
  s.score_max = 3;
  s.heartbeat = 123456789012ULL;
  s.timestamp = 1700000001;
  s.incarnation = 0xfeedfacecafebeefULL;
  s.seen_mask = 0b1011;
  s.master_mask = 0b11;
  auto block = encode_slot(s, 4096);
  auto back = decode_slot(block.data(), block.size());
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, s);
}

// Damage that must make a block untrusted: one flipped bit anywhere in the covered bytes, a
// torn write (the tail of an older block), a foreign magic, an unknown state.
struct Damage {
  const char* what;
  void (*apply)(std::vector<std::uint8_t>&);
};

class SlotDamage : public ::testing::TestWithParam<Damage> {};

TEST_P(SlotDamage, IsNotTrusted) {
  Slot s;
  s.owner = 2;
  s.written_by = 2;
  s.state = SlotState::Run;
  s.heartbeat = 77;
  s.incarnation = 5;
  auto block = encode_slot(s, 4096);
  GetParam().apply(block);
  EXPECT_FALSE(decode_slot(block.data(), block.size())) << GetParam().what;
}

INSTANTIATE_TEST_SUITE_P(
    Table, SlotDamage,
    ::testing::Values(Damage{"bit flip in heartbeat", [](std::vector<std::uint8_t>& b) { b[28] ^= 0x01; }},
                      Damage{"bit flip in checksum", [](std::vector<std::uint8_t>& b) { b[69] ^= 0x80; }},
                      Damage{"torn: second half from an older write",
                             [](std::vector<std::uint8_t>& b) {
                               Slot old;
                               old.owner = 2;
                               old.written_by = 2;
                               old.state = SlotState::Init;
                               old.heartbeat = 76;
                               old.incarnation = 5;
                               auto o = encode_slot(old, 4096);
                               std::copy(o.begin() + 32, o.end(), b.begin() + 32);
                             }},
                      Damage{"foreign magic", [](std::vector<std::uint8_t>& b) { b[0] = 'X'; }},
                      Damage{"all zero (never written)",
                             [](std::vector<std::uint8_t>& b) { std::fill(b.begin(), b.end(), 0); }},
                      Damage{"too short", [](std::vector<std::uint8_t>& b) { b.resize(40); }}),
    [](const ::testing::TestParamInfo<Damage>& info) { return "case" + std::to_string(info.index); });

TEST(QdiskFormat, HeaderDamageIsNotTrusted) {
  DiskHeader h;
  h.label = "x";
  auto block = encode_header(h);
  block[40] ^= 0x10;  // inside the label
  EXPECT_FALSE(decode_header(block.data(), block.size()));
}

TEST(QdiskFormat, HeaderValidation) {
  struct Row {
    std::uint32_t block, slots;
    bool ok;
  };
  for (auto r : {Row{4096, 16, true}, Row{512, 1, true}, Row{4096, 64, true}, Row{4096, 65, false}, Row{4096, 0, false},
                 Row{3000, 16, false}, Row{256, 16, false}}) {
    DiskHeader h;
    h.block_size = r.block;
    h.slot_count = r.slots;
    EXPECT_EQ(validate_header(h).empty(), r.ok) << r.block << " " << r.slots;
  }
}

TEST(QdiskFormat, Geometry) {
  EXPECT_EQ(slot_offset(4096, 1), 4096u);
  EXPECT_EQ(disk_bytes(4096, 16), 17u * 4096);
  EXPECT_EQ(node_bit(1), 1u);
  EXPECT_EQ(node_bit(64), 1ULL << 63);
  EXPECT_EQ(node_bit(65), 0u);
}

// qdiskd -s lists every host's slot (state, score) after the fields scripts already read, so
// vmha status can show each host's score and the master from any host.
TEST(QdiskStatus, ListsEveryHostAfterTheExistingFields) {
  StatusReport r;
  r.node = 1;
  r.device = "/dev/qdisk";
  r.state = "master";
  r.score = 2;
  r.score_max = 3;
  r.min_score = 2;
  r.master = 1;
  r.heuristics = {"gw: up (score 2)"};
  r.hosts = {{1, "master", 2, 3, "self"}, {2, "running", 1, 3, "online"}, {3, "none", 0, 0, "offline"}};
  const std::string text = format_status(r);
  EXPECT_NE(text.find("Score: 2/3 (minimum 2)\nMaster: 1\n"), std::string::npos) << text;
  const std::string hosts =
      "Heuristic gw: up (score 2)\nHost 1: master, score 2/3, self\n"
      "Host 2: running, score 1/3, online\nHost 3: none, score 0/0, offline\n";
  ASSERT_GE(text.size(), hosts.size());
  EXPECT_EQ(text.substr(text.size() - hosts.size()), hosts) << text;
}
