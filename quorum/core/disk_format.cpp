#include "core/disk_format.hpp"

#include <cstdio>
#include <cstring>
#include <utility>

#include "core/crc32.hpp"

namespace vmha::quorum {
namespace {

// Little-endian field writer/reader over a fixed block; offsets advance as fields are added,
// so the field order in encode and decode below is the layout.
class Writer {
 public:
  explicit Writer(std::vector<std::uint8_t>& out) : out_(out) {}
  void u8(std::uint8_t v) { out_[pos_++] = v; }
  void u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out_[pos_++] = static_cast<std::uint8_t>(v >> (8 * i));
  }
  void u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out_[pos_++] = static_cast<std::uint8_t>(v >> (8 * i));
  }
  void text(const std::string& s, std::size_t width) {
    std::size_t n = s.size() < width - 1 ? s.size() : width - 1;
    std::memcpy(out_.data() + pos_, s.data(), n);
    pos_ += width;
  }
  void crc() { u32(crc32(out_.data(), pos_)); }

 private:
  std::vector<std::uint8_t>& out_;
  std::size_t pos_ = 0;
};

class Reader {
 public:
  Reader(const std::uint8_t* in, std::size_t size) : in_(in), size_(size) {}
  bool room(std::size_t n) const { return pos_ + n <= size_; }
  std::uint8_t u8() { return in_[pos_++]; }
  std::uint32_t u32() {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= std::uint32_t{in_[pos_++]} << (8 * i);
    return v;
  }
  std::uint64_t u64() {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= std::uint64_t{in_[pos_++]} << (8 * i);
    return v;
  }
  // A text field is NUL-terminated inside its width (the encoder always leaves the last byte 0);
  // a field that fills its width is not ours and is refused, never silently cut.
  std::string text(std::size_t width, bool& terminated) {
    const char* p = reinterpret_cast<const char*>(in_ + pos_);
    pos_ += width;
    terminated = p[width - 1] == '\0';
    return std::string(p, strnlen(p, width - 1));
  }
  bool crc_ok() {
    std::uint32_t want = crc32(in_, pos_);
    return u32() == want;
  }
  std::size_t pos() const { return pos_; }

 private:
  const std::uint8_t* in_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

constexpr std::size_t kHeaderBytes = 4 * 4 + 8 + kLabelBytes + kClusterBytes + 4;
constexpr std::size_t kSlotBytes = 4 * 3 + 1 + 1 + 2 + 4 * 3 + 8 * 5 + 4;

// Records why a block is refused (when the caller asks) and refuses it.
std::nullopt_t refuse(std::string* why, std::string reason) {
  if (why) *why = std::move(reason);
  return std::nullopt;
}

std::string hex32(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

}  // namespace

const char* to_string(SlotState state) {
  switch (state) {
    case SlotState::None:
      return "none";
    case SlotState::Evicted:
      return "evicted";
    case SlotState::Init:
      return "init";
    case SlotState::Run:
      return "running";
    case SlotState::Master:
      return "master";
  }
  return "unknown";
}

std::vector<std::uint8_t> encode_header(const DiskHeader& h) {
  std::vector<std::uint8_t> block(h.block_size < kHeaderBytes ? kHeaderBytes : h.block_size, 0);
  Writer w(block);
  w.u32(kHeaderMagic);
  w.u32(h.version);
  w.u32(h.block_size);
  w.u32(h.slot_count);
  w.u64(h.created);
  w.text(h.label, kLabelBytes);
  w.text(h.cluster, kClusterBytes);
  w.crc();
  return block;
}

std::optional<DiskHeader> decode_header(const std::uint8_t* block, std::size_t size, std::string* why) {
  Reader r(block, size);
  if (!r.room(kHeaderBytes))
    return refuse(why, "block is " + std::to_string(size) + " bytes, a header needs " + std::to_string(kHeaderBytes));
  if (std::uint32_t magic = r.u32(); magic != kHeaderMagic)
    return refuse(why, "magic is " + hex32(magic) + ", not " + hex32(kHeaderMagic) + " (VQDK)");
  DiskHeader h;
  h.version = r.u32();
  h.block_size = r.u32();
  h.slot_count = r.u32();
  h.created = r.u64();
  bool label_ok = false, cluster_ok = false;
  h.label = r.text(kLabelBytes, label_ok);
  h.cluster = r.text(kClusterBytes, cluster_ok);
  if (!r.crc_ok()) return refuse(why, "CRC-32 does not match (a torn or damaged block)");
  if (!label_ok)
    return refuse(why, "label fills all " + std::to_string(kLabelBytes) + " bytes of its field (at most " +
                           std::to_string(kLabelBytes - 1) + ")");
  if (!cluster_ok)
    return refuse(why, "cluster name fills all " + std::to_string(kClusterBytes) + " bytes of its field (at most " +
                           std::to_string(kClusterBytes - 1) + ")");
  return h;
}

std::vector<std::uint8_t> encode_slot(const Slot& s, std::uint32_t block_size) {
  std::vector<std::uint8_t> block(block_size < kSlotBytes ? kSlotBytes : block_size, 0);
  Writer w(block);
  w.u32(kSlotMagic);
  w.u32(s.owner);
  w.u32(s.written_by);
  w.u8(static_cast<std::uint8_t>(s.state));
  w.u8(static_cast<std::uint8_t>(s.message));
  w.u8(0);
  w.u8(0);
  w.u32(s.message_arg);
  w.u32(s.score);
  w.u32(s.score_max);
  w.u64(s.heartbeat);
  w.u64(s.timestamp);
  w.u64(s.incarnation);
  w.u64(s.seen_mask);
  w.u64(s.master_mask);
  w.crc();
  return block;
}

std::optional<Slot> decode_slot(const std::uint8_t* block, std::size_t size, std::string* why) {
  Reader r(block, size);
  if (!r.room(kSlotBytes))
    return refuse(why, "block is " + std::to_string(size) + " bytes, a slot needs " + std::to_string(kSlotBytes));
  if (std::uint32_t magic = r.u32(); magic != kSlotMagic)
    return refuse(why, "magic is " + hex32(magic) + ", not " + hex32(kSlotMagic) + " (VQST)");
  Slot s;
  s.owner = r.u32();
  s.written_by = r.u32();
  std::uint8_t state = r.u8();
  std::uint8_t message = r.u8();
  r.u8();
  r.u8();
  s.message_arg = r.u32();
  s.score = r.u32();
  s.score_max = r.u32();
  s.heartbeat = r.u64();
  s.timestamp = r.u64();
  s.incarnation = r.u64();
  s.seen_mask = r.u64();
  s.master_mask = r.u64();
  if (!r.crc_ok()) return refuse(why, "CRC-32 does not match (a torn or damaged block)");
  switch (state) {
    case 0:
    case 1:
    case 2:
    case 5:
    case 6:
      s.state = static_cast<SlotState>(state);
      break;
    default:
      return refuse(why, "state " + std::to_string(state) + " is not one of 0 1 2 5 6");
  }
  if (message > 2) return refuse(why, "message " + std::to_string(message) + " is not one of 0 1 2");
  s.message = static_cast<Message>(message);
  if (s.owner < 1 || s.owner > kMaxSlots)
    return refuse(why, "owner " + std::to_string(s.owner) + " is outside 1.." + std::to_string(kMaxSlots));
  if (s.written_by < 1 || s.written_by > kMaxSlots)
    return refuse(why, "writer " + std::to_string(s.written_by) + " is outside 1.." + std::to_string(kMaxSlots));
  if (s.message != Message::None && (s.message_arg > kMaxSlots))
    return refuse(why,
                  "message argument " + std::to_string(s.message_arg) + " is outside 0.." + std::to_string(kMaxSlots));
  return s;
}

std::string validate_header(const DiskHeader& h) {
  if (h.version != kFormatVersion) return "version " + std::to_string(h.version) + " is not supported (want 1)";
  if (h.block_size < 512 || h.block_size > 65536 || (h.block_size & (h.block_size - 1)) != 0)
    return "block_size " + std::to_string(h.block_size) + " is not a power of two in 512..65536";
  if (h.slot_count < 1 || h.slot_count > kMaxSlots)
    return "slot_count " + std::to_string(h.slot_count) + " is outside 1.." + std::to_string(kMaxSlots);
  return "";
}

}  // namespace vmha::quorum
