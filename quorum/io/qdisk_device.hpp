// The quorum disk as the daemon and mkqdisk see it: a block device or regular file with
// aligned direct I/O where the filesystem allows it (O_DIRECT|O_DSYNC, else O_DSYNC), and every
// read and write bounded by a deadline (a hung I/O is reported as failed, not waited for).
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/disk_format.hpp"

namespace vmha::quorum {

class QdiskDevice {
 public:
  static constexpr std::chrono::milliseconds kDefaultIoTimeout{10000};  // until the caller sets its own
  // Opens path read-write; error names the path and the reason.
  static std::unique_ptr<QdiskDevice> open(const std::string& path, std::string& error, bool read_only = false);
  ~QdiskDevice();

  void set_io_timeout(std::chrono::milliseconds t) { io_timeout_ = t; }
  const std::string& path() const { return path_; }
  bool direct() const { return direct_; }
  std::uint32_t native_block_size() const { return native_block_; }
  std::uint64_t size_bytes() const;
  bool is_regular_file() const { return regular_; }

  bool read(std::uint64_t offset, std::vector<std::uint8_t>& out, std::size_t length, std::string& error);
  bool write(std::uint64_t offset, const std::vector<std::uint8_t>& data, std::string& error);
  bool extend_to(std::uint64_t bytes, std::string& error);  // regular files only

  // Format-level helpers.
  std::optional<DiskHeader> read_header(std::string& error);
  // One read of all slots; index = node id (0 unused). Torn or blank blocks are nullopt.
  bool read_slots(const DiskHeader& header, std::vector<std::optional<Slot>>& slots, std::string& error);
  bool write_slot(const DiskHeader& header, std::uint32_t node, const Slot& slot, std::string& error);

 private:
  QdiskDevice() = default;
  bool run_bounded(bool is_write, std::uint64_t offset, std::uint8_t* buffer, std::size_t length, std::string& error);

  struct Worker;
  std::string path_;
  int fd_ = -1;
  bool direct_ = false;
  bool regular_ = false;
  std::uint32_t native_block_ = 512;
  std::chrono::milliseconds io_timeout_ = kDefaultIoTimeout;
  std::shared_ptr<Worker> worker_;
};

// Opens and checks a qdisk: header present and valid, label (if wanted) matching, cluster name
// (if the header has one) matching. error is one line naming the device and what is wrong.
// io_timeout bounds the header read already (the daemon's first read of a hung disk included).
std::unique_ptr<QdiskDevice> open_qdisk(const std::string& path, const std::string& want_label,
                                        const std::string& cluster_name, DiskHeader& header, std::string& error,
                                        std::chrono::milliseconds io_timeout = QdiskDevice::kDefaultIoTimeout);

}  // namespace vmha::quorum
