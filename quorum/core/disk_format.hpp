// The quorum disk's on-disk format: a header block, then one status slot block per host.
//
//   block 0        header  (magic, version, label, cluster name, block size, slot count, crc)
//   block N        slot of corosync node id N, 1 <= N <= slot_count
//
// Every block is block_size bytes (4096, or the device's logical sector size if larger) so a
// block is one aligned direct write; each host writes only its own slot, except that the
// master writes an eviction notice into the slot of a host it declared dead. All integers are
// little-endian. A block whose magic or CRC-32 does not match is not trusted (a torn write
// or another program's data): decode returns nullopt and the reader treats it as unread.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vmha::quorum {

constexpr std::uint32_t kHeaderMagic = 0x4B445156;  // "VQDK"
constexpr std::uint32_t kSlotMagic = 0x54535156;    // "VQST"
constexpr std::uint32_t kFormatVersion = 1;
constexpr std::uint32_t kDefaultBlockSize = 4096;
constexpr std::uint32_t kMaxSlots = 64;  // host bitmaps are 64 bits wide
constexpr std::uint32_t kDefaultSlots = 16;
constexpr std::size_t kLabelBytes = 128;
constexpr std::size_t kClusterBytes = 64;

struct DiskHeader {
  std::uint32_t version = kFormatVersion;
  std::uint32_t block_size = kDefaultBlockSize;
  std::uint32_t slot_count = kDefaultSlots;
  std::uint64_t created = 0;  // unix seconds, informational
  std::string label;          // at most 127 bytes
  std::string cluster;        // totem.cluster_name the disk belongs to; empty = any
  bool operator==(const DiskHeader&) const = default;
};

// A host's life cycle as written in its slot (numbers kept from cman's qdiskd).
enum class SlotState : std::uint8_t { None = 0, Evicted = 1, Init = 2, Run = 5, Master = 6 };
// The election message a slot carries.
enum class Message : std::uint8_t { None = 0, Bid = 1, Ack = 2 };

const char* to_string(SlotState state);

struct Slot {
  std::uint32_t owner = 0;       // node id this slot belongs to
  std::uint32_t written_by = 0;  // != owner: written by the master (an eviction notice)
  SlotState state = SlotState::None;
  Message message = Message::None;
  std::uint32_t message_arg = 0;  // Ack: the bidder acknowledged
  std::uint32_t score = 0;
  std::uint32_t score_max = 0;
  std::uint64_t heartbeat = 0;    // +1 on every write: liveness never depends on clocks
  std::uint64_t timestamp = 0;    // writer's wall clock (unix s), for humans only
  std::uint64_t incarnation = 0;  // chosen at daemon start; a new value = a new life
  std::uint64_t seen_mask = 0;    // bit N-1: node N seen alive on the disk by this host
  std::uint64_t master_mask = 0;  // master only: nodes granted the vote
  bool operator==(const Slot&) const = default;
};

constexpr std::uint64_t node_bit(std::uint32_t node) { return node >= 1 && node <= 64 ? 1ULL << (node - 1) : 0; }

// Encoders fill a whole block (block_size bytes, zero padded). Decoders check size, magic, CRC
// and every field's range; on refusal, *why (when given) says what is wrong in one phrase.
// Decoders never read past size, whatever the block holds.
std::vector<std::uint8_t> encode_header(const DiskHeader& header);
std::optional<DiskHeader> decode_header(const std::uint8_t* block, std::size_t size, std::string* why = nullptr);
std::vector<std::uint8_t> encode_slot(const Slot& slot, std::uint32_t block_size);
std::optional<Slot> decode_slot(const std::uint8_t* block, std::size_t size, std::string* why = nullptr);

// Bytes a disk needs for slot_count slots.
constexpr std::uint64_t disk_bytes(std::uint32_t block_size, std::uint32_t slot_count) {
  return std::uint64_t{block_size} * (slot_count + 1);
}
constexpr std::uint64_t slot_offset(std::uint32_t block_size, std::uint32_t node) {
  return std::uint64_t{block_size} * node;
}

// Checks a header a daemon is about to use; empty string = fine, else one line naming the field.
std::string validate_header(const DiskHeader& header);

}  // namespace vmha::quorum
