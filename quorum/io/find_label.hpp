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

std::vector<FoundDisk> scan_disks(const std::vector<std::string>& extra_paths);
// The path of the one disk labelled `label`; error if none or several.
std::string find_by_label(const std::string& label, const std::vector<std::string>& extra_paths, std::string& error);

}  // namespace vmha::quorum
