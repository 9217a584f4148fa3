// Hostile input for the qdisk block decoder: every block a disk can hold that we did not write
// (torn, damaged, another program's, cman's format, crafted with a valid CRC but fields out of
// range) is refused with a one-phrase reason, and nothing is read past the block.
#include <gtest/gtest.h>

#include <cstring>
#include <functional>

#include "core/crc32.hpp"
#include "core/disk_format.hpp"
#include "core/printable.hpp"

using namespace vmha::quorum;

namespace {

constexpr std::size_t kHeaderCrcAt = 4 * 4 + 8 + kLabelBytes + kClusterBytes;  // 216
constexpr std::size_t kSlotCrcAt = 4 * 3 + 4 + 4 * 3 + 8 * 5;                  // 68

void put32(std::vector<std::uint8_t>& b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}
// A crafted block: fields changed and the CRC made to match again, as an attacker (or another
// implementation's bug) would write it.
void resign(std::vector<std::uint8_t>& b, std::size_t crc_at) { put32(b, crc_at, crc32(b.data(), crc_at)); }

std::vector<std::uint8_t> good_header() {
  DiskHeader h;
  h.label = "refarch-qdisk";
  h.cluster = "refarch";
  h.created = 1700000000;
  return encode_header(h);
}

std::vector<std::uint8_t> good_slot() {
  Slot s;
  s.owner = s.written_by = 2;
  s.state = SlotState::Run;
  s.heartbeat = 9;
  s.incarnation = 5;
  return encode_slot(s, 4096);
}

struct Case {
  const char* what;
  std::function<void(std::vector<std::uint8_t>&)> damage;
  const char* reason;  // the refusal must say this
};

std::string header_refusal(std::vector<std::uint8_t> block) {
  std::string why;
  auto h = decode_header(block.data(), block.size(), &why);
  if (!h) return why.empty() ? "(refused without a reason)" : why;
  return validate_header(*h);
}

std::string slot_refusal(std::vector<std::uint8_t> block) {
  std::string why;
  auto s = decode_slot(block.data(), block.size(), &why);
  return s ? "" : (why.empty() ? "(refused without a reason)" : why);
}

}  // namespace

class HostileHeader : public ::testing::TestWithParam<Case> {};

TEST_P(HostileHeader, IsRefusedWithItsReason) {
  auto block = good_header();
  GetParam().damage(block);
  const std::string why = header_refusal(block);
  EXPECT_NE(why.find(GetParam().reason), std::string::npos) << GetParam().what << ": got '" << why << "'";
  EXPECT_EQ(why.find('\n'), std::string::npos) << "one line";
}

INSTANTIATE_TEST_SUITE_P(
    Table, HostileHeader,
    ::testing::Values(
        Case{"empty block", [](auto& b) { b.clear(); }, "block is 0 bytes, a header needs 220"},
        Case{"shorter than the header", [](auto& b) { b.resize(219); }, "block is 219 bytes"},
        Case{"torn: the label's tail from an older header",
             [](auto& b) {
               DiskHeader old;
               old.label = "an-older-label-of-another-length";
               auto o = encode_header(old);
               std::copy(o.begin() + 40, o.end(), b.begin() + 40);
             },
             "CRC-32 does not match"},
        Case{"bad CRC", [](auto& b) { b[kHeaderCrcAt] ^= 0x01; }, "CRC-32 does not match"},
        Case{"one bit flipped in the slot count", [](auto& b) { b[12] ^= 0x04; }, "CRC-32 does not match"},
        Case{"bad magic", [](auto& b) { b[0] = 'X'; }, "magic is 0x4b445158, not 0x4b445156 (VQDK)"},
        Case{"a cman qdisk (shared header magic 0x00debb1e first)", [](auto& b) { put32(b, 0, 0x00DEBB1E); },
             "magic is 0x00debb1e"},
        Case{"all zero (blank disk)", [](auto& b) { std::fill(b.begin(), b.end(), 0); }, "magic is 0x00000000"},
        Case{"label fills its whole field",
             [](auto& b) {
               std::memset(b.data() + 24, 'A', kLabelBytes);
               resign(b, kHeaderCrcAt);
             },
             "label fills all 128 bytes of its field (at most 127)"},
        Case{"cluster name fills its whole field",
             [](auto& b) {
               std::memset(b.data() + 24 + kLabelBytes, 'C', kClusterBytes);
               resign(b, kHeaderCrcAt);
             },
             "cluster name fills all 64 bytes"},
        Case{"version 2",
             [](auto& b) {
               put32(b, 4, 2);
               resign(b, kHeaderCrcAt);
             },
             "version 2 is not supported"},
        Case{"block size 0xffffffff",
             [](auto& b) {
               put32(b, 8, 0xffffffff);
               resign(b, kHeaderCrcAt);
             },
             "block_size 4294967295 is not a power of two in 512..65536"},
        Case{"block size 2^31 (a power of two, far too large)",
             [](auto& b) {
               put32(b, 8, 0x80000000u);
               resign(b, kHeaderCrcAt);
             },
             "block_size 2147483648"},
        Case{"block size 0",
             [](auto& b) {
               put32(b, 8, 0);
               resign(b, kHeaderCrcAt);
             },
             "block_size 0"},
        Case{"slot count 0",
             [](auto& b) {
               put32(b, 12, 0);
               resign(b, kHeaderCrcAt);
             },
             "slot_count 0 is outside 1..64"},
        Case{"slot count 65",
             [](auto& b) {
               put32(b, 12, 65);
               resign(b, kHeaderCrcAt);
             },
             "slot_count 65"},
        Case{"slot count 0xffffffff",
             [](auto& b) {
               put32(b, 12, 0xffffffff);
               resign(b, kHeaderCrcAt);
             },
             "slot_count 4294967295"}),
    [](const ::testing::TestParamInfo<Case>& info) { return "case" + std::to_string(info.index); });

class HostileSlot : public ::testing::TestWithParam<Case> {};

TEST_P(HostileSlot, IsRefusedWithItsReason) {
  auto block = good_slot();
  GetParam().damage(block);
  const std::string why = slot_refusal(block);
  EXPECT_NE(why.find(GetParam().reason), std::string::npos) << GetParam().what << ": got '" << why << "'";
}

INSTANTIATE_TEST_SUITE_P(
    Table, HostileSlot,
    ::testing::Values(Case{"empty block", [](auto& b) { b.clear(); }, "block is 0 bytes, a slot needs 72"},
                      Case{"torn at 40 bytes", [](auto& b) { b.resize(40); }, "block is 40 bytes"},
                      Case{"torn: the tail of an older write",
                           [](auto& b) {
                             Slot old;
                             old.owner = old.written_by = 2;
                             old.state = SlotState::Init;
                             old.heartbeat = 8;
                             auto o = encode_slot(old, 4096);
                             std::copy(o.begin() + 32, o.end(), b.begin() + 32);
                           },
                           "CRC-32 does not match"},
                      Case{"bad CRC", [](auto& b) { b[kSlotCrcAt + 3] ^= 0x80; }, "CRC-32 does not match"},
                      Case{"bad magic", [](auto& b) { b[3] = 0; }, "magic is 0x00535156, not 0x54535156 (VQST)"},
                      Case{"a header where a slot belongs", [](auto& b) { b = good_header(); }, "magic is 0x4b445156"},
                      Case{"unknown state 3",
                           [](auto& b) {
                             b[12] = 3;
                             resign(b, kSlotCrcAt);
                           },
                           "state 3 is not one of 0 1 2 5 6"},
                      Case{"state 255",
                           [](auto& b) {
                             b[12] = 255;
                             resign(b, kSlotCrcAt);
                           },
                           "state 255"},
                      Case{"unknown message 7",
                           [](auto& b) {
                             b[13] = 7;
                             resign(b, kSlotCrcAt);
                           },
                           "message 7 is not one of 0 1 2"},
                      Case{"owner 0",
                           [](auto& b) {
                             put32(b, 4, 0);
                             resign(b, kSlotCrcAt);
                           },
                           "owner 0 is outside 1..64"},
                      Case{"owner 65",
                           [](auto& b) {
                             put32(b, 4, 65);
                             resign(b, kSlotCrcAt);
                           },
                           "owner 65"},
                      Case{"writer 0xffffffff",
                           [](auto& b) {
                             put32(b, 8, 0xffffffff);
                             resign(b, kSlotCrcAt);
                           },
                           "writer 4294967295 is outside 1..64"},
                      Case{"an ack for node 1000",
                           [](auto& b) {
                             b[13] = 2;
                             put32(b, 16, 1000);
                             resign(b, kSlotCrcAt);
                           },
                           "message argument 1000 is outside 0..64"}),
    [](const ::testing::TestParamInfo<Case>& info) { return "case" + std::to_string(info.index); });

TEST(HostileLabel, AControlCharacterOnDiskIsShownEscaped) {
  auto block = good_header();
  const char evil[] = "lab\x1b]0;owned\x07\nForged: line";
  std::memcpy(block.data() + 24, evil, sizeof evil);
  resign(block, kHeaderCrcAt);
  auto h = decode_header(block.data(), block.size());
  ASSERT_TRUE(h);
  const std::string shown = escaped(h->label);
  EXPECT_EQ(shown, "lab\\x1b]0;owned\\x07\\x0aForged: line");
  EXPECT_NE(unprintable_reason(h->label), "");
}

TEST(Printable, Table) {
  struct Row {
    std::string in;
    bool ok;
    std::string shown;
  };
  for (const auto& r :
       {Row{"mycluster-qdisk", true, "mycluster-qdisk"}, Row{"caf\xc3\xa9", true, "caf\xc3\xa9"},
        Row{"a\tb", false, "a\\x09b"}, Row{"a\x7f", false, "a\\x7f"},
        Row{"csi\xc2\x9b"
            "2J",
            false, "csi\\xc2\\x9b2J"},
        Row{"bad\xff", false, "bad\\xff"}, Row{"overlong\xc0\xaf", false, "overlong\\xc0\\xaf"},
        Row{"cut\xe2\x82", false, "cut\\xe2\\x82"}, Row{"back\\slash", true, "back\\\\slash"}, Row{"", true, ""}}) {
    EXPECT_EQ(unprintable_reason(r.in).empty(), r.ok) << r.shown;
    EXPECT_EQ(escaped(r.in), r.shown);
  }
}
