// The checker's judgement on a table of disk images, each one a sequence of slots as the guest's
// writer (or two of them, or a lost write) would leave it.
#include <gtest/gtest.h>

#include "record_log.hpp"

namespace vmha::lab {
namespace {

const std::string A = "aaaaaaaa11111111";
const std::string B = "bbbbbbbb22222222";
const std::string C = "cccccccc33333333";

// One record line as vmha-writer writes it; prev "" means the disk's first record.
std::string rec(const std::string& boot, int seq, const std::string& prev) {
  return "VMHAREC1 boot=" + boot + " seq=" + std::to_string(seq) + " up=1.00 prev=" + (prev.empty() ? "-" : prev);
}
std::string id(const std::string& boot, int seq) { return boot + ":" + std::to_string(seq); }

// A disk: the header, then one slot per line ("" leaves a slot empty), then 4 empty slots.
std::string disk(const std::vector<std::string>& lines, const std::string& header = std::string(kHeader)) {
  std::string image;
  auto slot = [&](const std::string& text) {
    std::string s = text.empty() ? "" : text + "\n";
    s.resize(kSlotSize, '\0');
    image += s;
  };
  slot(header);
  for (const auto& l : lines) slot(l);
  for (int i = 0; i < 4; ++i) slot("");
  return image;
}

struct Case {
  const char* name;
  std::string image;
  std::vector<std::string> required;
  std::vector<std::string> expect;  // a substring of each violation, in order; empty: the disk is fine
  std::size_t first_bad_slot = 0;
};

std::vector<Case> cases() {
  return {
      {"one boot", disk({rec(A, 0, ""), rec(A, 1, id(A, 0)), rec(A, 2, id(A, 1))}), {}, {}},
      {"a live migration continues the sequence under one boot id",
       disk({rec(A, 0, ""), rec(A, 1, id(A, 0)), rec(A, 2, id(A, 1)), rec(A, 3, id(A, 2))}),
       {id(A, 3)},
       {}},
      {"failover: a new boot after the last synced record, then a third",
       disk({rec(A, 0, ""), rec(A, 1, id(A, 0)), rec(B, 0, id(A, 1)), rec(B, 1, id(B, 0)), rec(C, 0, id(B, 1))}),
       {id(A, 1), id(B, 1)},
       {}},
      {"header only: no records, nothing violated", disk({}), {}, {}},
      {"two writers interleaved: A writes again after B took over",
       disk({rec(A, 0, ""), rec(A, 1, id(A, 0)), rec(B, 0, id(A, 1)), rec(A, 3, id(A, 2))}),
       {},
       {"boot aaaaaaaa writes again (aaaaaaaa:3) after boot bbbbbbbb (bbbbbbbb:0 in slot 3) took over",
        "aaaaaaaa:3 was written after aaaaaaaa:2 but follows bbbbbbbb:0"},
       4},
      {"two writers that started on the same slot: B overwrote A's tail",
       disk({rec(A, 0, ""), rec(B, 0, ""), rec(B, 1, id(B, 0)), rec(A, 3, id(A, 2))}),
       {},
       {"bbbbbbbb:0 was written after nothing but follows aaaaaaaa:0", "boot aaaaaaaa writes again",
        "aaaaaaaa:3 was written after aaaaaaaa:2 but follows bbbbbbbb:1"},
       2},
      {"a failover that overwrote the last synced record (the test saw aaaaaaaa:1 before the kill)",
       disk({rec(A, 0, ""), rec(B, 0, id(A, 0)), rec(B, 1, id(B, 0))}),
       {id(A, 1)},
       {"record aaaaaaaa:1 reached the disk but is no longer there"}},
      {"a required record is gone",
       disk({rec(A, 0, ""), rec(B, 0, id(A, 0))}),
       {id(A, 1)},
       {"record aaaaaaaa:1 reached the disk but is no longer there"}},
      {"a gap in one boot's sequence",
       disk({rec(A, 0, ""), rec(A, 1, id(A, 0)), rec(A, 5, id(A, 4))}),
       {},
       {"aaaaaaaa:5 follows aaaaaaaa:1 in slot 2: the sequence is broken",
        "aaaaaaaa:5 was written after aaaaaaaa:4 but follows aaaaaaaa:1"},
       3},
      {"a boot that does not begin at 0", disk({rec(A, 4, "")}), {}, {"boot aaaaaaaa begins at aaaaaaaa:4"}, 1},
      {"a hole: a record after an empty slot",
       disk({rec(A, 0, ""), "", rec(A, 2, id(A, 1))}),
       {},
       {"a record after the empty slot 2: the log has a hole"},
       3},
      {"garbage in a slot", disk({rec(A, 0, ""), "hello world"}), {}, {"not a record: \"hello world\""}, 2},
      {"no header", disk({rec(A, 0, "")}, "something else"), {}, {"no header"}},
      {"an empty image", std::string(), {}, {"no header"}},
  };
}

TEST(GuestDisk, TableOfImages) {
  for (const auto& c : cases()) {
    std::vector<RecordId> required;
    for (const auto& r : c.required) required.push_back(*parse_record_id(r));
    auto v = check_disk(c.image, required);
    ASSERT_EQ(v.violations.size(), c.expect.size())
        << c.name << ": " << (v.violations.empty() ? "" : v.violations[0].what);
    for (std::size_t i = 0; i < c.expect.size(); ++i)
      EXPECT_NE(v.violations[i].what.find(c.expect[i]), std::string::npos)
          << c.name << ": violation " << i << " is \"" << v.violations[i].what << "\"";
    if (c.first_bad_slot) {
      EXPECT_EQ(v.violations[0].slot, c.first_bad_slot) << c.name;
    }
  }
}

TEST(GuestDisk, OnlyAnImageWithTheHeaderIsARecordDisk) {
  EXPECT_TRUE(check_disk(disk({})).record_disk);
  EXPECT_FALSE(check_disk(disk({}, "VMHADISK2 slot=4096")).record_disk);
  EXPECT_FALSE(check_disk(std::string(100, 'x')).record_disk);
}

TEST(GuestDisk, SummaryNamesEachRunInDiskOrder) {
  auto v = check_disk(disk({rec(A, 0, ""), rec(A, 1, id(A, 0)), rec(B, 0, id(A, 1))}));
  EXPECT_EQ(v.summary, "boot aaaaaaaa seq 0..1 (slots 1-2), boot bbbbbbbb seq 0..0 (slots 3-3)");
}

TEST(GuestDisk, RecordIds) {
  EXPECT_EQ(parse_record_id("ab12:7"), (RecordId{"ab12", 7}));
  EXPECT_FALSE(parse_record_id("ab12"));
  EXPECT_FALSE(parse_record_id("XY:1"));
  EXPECT_FALSE(parse_record_id("ab:"));
  EXPECT_FALSE(parse_record_id("ab:1x"));
}

}  // namespace
}  // namespace vmha::lab
