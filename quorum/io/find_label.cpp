#include "io/find_label.hpp"

#include <fstream>
#include <sstream>

#include "core/printable.hpp"
#include "io/qdisk_device.hpp"

namespace vmha::quorum {

std::vector<FoundDisk> scan_disks(const std::vector<std::string>& extra_paths, std::vector<std::string>* skipped) {
  std::vector<std::string> paths;
  std::ifstream partitions("/proc/partitions");
  std::string line;
  while (std::getline(partitions, line)) {
    std::istringstream fields(line);
    std::string major, minor, blocks, name;
    if (fields >> major >> minor >> blocks >> name && major != "major") paths.push_back("/dev/" + name);
  }
  const std::size_t scanned = paths.size();
  paths.insert(paths.end(), extra_paths.begin(), extra_paths.end());
  std::vector<FoundDisk> found;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const std::string& p = paths[i];
    std::string error;
    auto dev = QdiskDevice::open(p, error, /*read_only=*/true);
    if (dev) {
      dev->set_io_timeout(std::chrono::milliseconds(2000));
      if (auto h = dev->read_header(error)) {
        found.push_back({p, *h});
        continue;
      }
    }
    // A partition without a header is the normal case; a path the caller named is worth a word.
    if (skipped && i >= scanned) skipped->push_back(error);
  }
  return found;
}

std::string find_by_label(const std::string& label, const std::vector<std::string>& extra_paths, std::string& error,
                          std::vector<std::string>* skipped) {
  std::vector<std::string> matches;
  for (const auto& d : scan_disks(extra_paths, skipped))
    if (d.header.label == label) matches.push_back(d.path);
  if (matches.empty()) {
    error = "no quorum disk labelled '" + escaped(label) + "' found";
    return "";
  }
  if (matches.size() > 1) {
    error = "label '" + escaped(label) + "' is on " + std::to_string(matches.size()) + " disks (" + matches[0] + ", " +
            matches[1] + "); set quorum.device.disk.device";
    return "";
  }
  return matches[0];
}

}  // namespace vmha::quorum
