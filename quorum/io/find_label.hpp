// Finding quorum disks by label: the block devices of /proc/partitions, plus any paths the
// caller names (regular files cannot be discovered).
#pragma once
#include <string>
#include <vector>

#include "core/disk_format.hpp"

namespace vmha::quorum {

struct FoundDisk {
  std::string path;
  DiskHeader header;
};

// Paths are only opened when they are block devices or regular files (never a FIFO). skipped, when
// given, gets one error line per extra path that holds no readable quorum disk.
std::vector<FoundDisk> scan_disks(const std::vector<std::string>& extra_paths,
                                  std::vector<std::string>* skipped = nullptr);
// The path of the one disk labelled `label`; error if none or several.
std::string find_by_label(const std::string& label, const std::vector<std::string>& extra_paths, std::string& error,
                          std::vector<std::string>* skipped = nullptr);

}  // namespace vmha::quorum
