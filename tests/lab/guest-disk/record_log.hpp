// The record disk of the lab's tiny Linux guest (tests/lab/guest/vmha-writer, docs/lab.md): a
// header slot, then one text record per 512-byte slot, appended in order. The pure core of the
// checker: parse a disk image, then judge it against the two promises of an HA cluster: one writer
// at a time, and nothing that reached the disk is lost by a failover.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vmha::lab {

inline constexpr std::size_t kSlotSize = 512;
inline constexpr std::string_view kHeader = "VMHADISK1 slot=512";

// A record's identity: the boot that wrote it and its sequence number within that boot.
struct RecordId {
  std::string boot;
  std::uint64_t seq = 0;
  bool operator==(const RecordId&) const = default;
};

struct Record {
  std::size_t slot = 0;
  RecordId id;
  std::string up;                // the guest's uptime when written (seconds, as /proc/uptime says)
  std::optional<RecordId> prev;  // the record its writer saw last; none for the disk's first
};

struct Violation {
  std::size_t slot = 0;  // 0: about the disk as a whole
  std::string what;
};

struct Verdict {
  std::vector<Record> records;
  std::vector<Violation> violations;
  std::string summary;       // boots in disk order with their sequence and slot ranges
  bool record_disk = false;  // slot 0 holds the header: the image is a guest record disk at all
};

// "boot:seq" → RecordId; nullopt when malformed.
std::optional<RecordId> parse_record_id(std::string_view text);
// The short form used in messages: the boot id's first 8 characters and the sequence number.
std::string show(const RecordId& id);

// Judges a disk image. `required`: records that must still be on the disk (the last one seen
// before a failover, say); each one missing is a violation.
Verdict check_disk(std::string_view image, const std::vector<RecordId>& required = {});

}  // namespace vmha::lab
