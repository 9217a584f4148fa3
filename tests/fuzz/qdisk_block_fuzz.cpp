// libFuzzer target for the qdisk block decoder (quorum/core/disk_format.cpp): whatever a disk
// holds, decoding never reads past the block, never crashes, and whatever it accepts
// re-encodes to a block that decodes to the same value; labels shown to people are escaped to
// one printable line. Then the decoded image drives the pure qdisk cycle for a few steps.
//
// The first byte picks a mode: with bit 0 set the CRC fields are recomputed after the fuzzer's
// mutation, so the field checks behind the CRC are reached too (a random CRC almost never matches).
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/crc32.hpp"
#include "core/cycle.hpp"
#include "core/disk_format.hpp"
#include "core/printable.hpp"

using namespace vmha::quorum;

namespace {

constexpr std::size_t kHeaderCrcAt = 216;
constexpr std::size_t kSlotCrcAt = 68;

void resign(std::vector<std::uint8_t>& b, std::size_t at, std::size_t crc_at) {
  if (b.size() < at + crc_at + 4) return;
  const std::uint32_t c = crc32(b.data() + at, crc_at);
  for (int i = 0; i < 4; ++i) b[at + crc_at + i] = static_cast<std::uint8_t>(c >> (8 * i));
}

void check_shown(const std::string& s) {
  for (unsigned char c : escaped(s))
    if (c < 0x20 || c == 0x7f) std::abort();  // a control byte would reach the terminal
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size > 64 * 1024) return 0;
  const std::uint8_t mode = data[0];
  // An exact-size heap copy: ASan reports any read past the block.
  std::vector<std::uint8_t> image(data + 1, data + size);
  const std::uint32_t block = 512;  // small blocks: more slots per input
  if (mode & 1) {
    resign(image, 0, kHeaderCrcAt);
    for (std::size_t at = block; at < image.size(); at += block) resign(image, at, kSlotCrcAt);
  }

  std::string why;
  std::vector<std::uint8_t> first(image.begin(),
                                  image.begin() + static_cast<long>(std::min<std::size_t>(image.size(), block)));
  auto header = decode_header(first.data(), first.size(), &why);
  if (!header) {
    if (why.empty()) std::abort();  // every refusal has a reason
  } else {
    check_shown(header->label);
    check_shown(header->cluster);
    (void)validate_header(*header);
    DiskHeader h = *header;
    h.block_size = block;
    auto again = encode_header(h);
    auto back = decode_header(again.data(), again.size());
    if (!back || back->label != h.label || back->cluster != h.cluster || back->slot_count != h.slot_count) std::abort();
  }

  // Slots: every following block, as read_slots sees them.
  CycleInput in;
  in.slots.assign(1, std::nullopt);
  for (std::size_t at = block; at + 1 <= image.size() && in.slots.size() <= kMaxSlots; at += block) {
    const std::size_t len = std::min<std::size_t>(block, image.size() - at);
    std::vector<std::uint8_t> b(image.begin() + static_cast<long>(at), image.begin() + static_cast<long>(at + len));
    std::string slot_why;
    auto s = decode_slot(b.data(), b.size(), &slot_why);
    if (!s && slot_why.empty()) std::abort();
    if (s) {
      auto again = encode_slot(*s, block);
      auto back = decode_slot(again.data(), again.size());
      if (!back || !(*back == *s)) std::abort();
    }
    in.slots.push_back(s);
  }
  if (in.slots.size() < 2) return 0;

  // A few cycles of host 1 over what was read (the same image each cycle: a frozen disk).
  CycleConfig config;
  QdiskCycle cycle(1, 42, config);
  in.members = mode & 2 ? std::optional<std::uint64_t>(~0ULL) : std::nullopt;
  in.io_ok = !(mode & 4);
  for (int step = 0; step < 8; ++step) {
    CycleOutput out = cycle.step(in);
    if (out.own.owner != 1) std::abort();
    for (const Slot& n : out.notices)
      if (n.owner < 1 || n.owner >= in.slots.size()) std::abort();  // a notice only for a slot that exists
  }
  return 0;
}
