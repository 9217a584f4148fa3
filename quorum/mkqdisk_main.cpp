// mkqdisk: initialize, list, find and dump quorum disks.
//   mkqdisk -c DEVICE -l LABEL [-n CLUSTER] [-s SLOTS]   write a fresh header and empty slots
//   mkqdisk -L [PATH...]                                  list labelled disks (/proc/partitions + PATHs)
//   mkqdisk -f LABEL [PATH...]                            print the path of the disk labelled LABEL
//   mkqdisk -d DEVICE                                     dump the header and every slot
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "io/find_label.hpp"
#include "io/qdisk_device.hpp"

using namespace vmha::quorum;

namespace {

int usage(const std::string& why) {
  if (!why.empty()) std::cerr << "mkqdisk: " << why << "\n";
  std::cerr << "usage: mkqdisk -c DEVICE -l LABEL [-n CLUSTER] [-s SLOTS]\n"
               "       mkqdisk -L [PATH...]\n"
               "       mkqdisk -f LABEL [PATH...]\n"
               "       mkqdisk -d DEVICE\n";
  return 2;
}

int fail(const std::string& line) {
  std::cerr << "mkqdisk: " << line << "\n";
  return 1;
}

std::uint64_t wall_now() { return static_cast<std::uint64_t>(std::time(nullptr)); }

int create(const std::string& path, const std::string& label, const std::string& cluster, std::uint32_t slots) {
  if (label.empty()) return usage("-c needs -l LABEL");
  if (label.size() >= kLabelBytes) return fail("label is longer than " + std::to_string(kLabelBytes - 1) + " bytes");
  if (cluster.size() >= kClusterBytes) return fail("cluster name is longer than " + std::to_string(kClusterBytes - 1) + " bytes");
  std::string error;
  auto dev = QdiskDevice::open(path, error);
  if (!dev) return fail(error);
  DiskHeader h;
  h.block_size = std::max<std::uint32_t>(kDefaultBlockSize, dev->native_block_size());
  h.slot_count = slots;
  h.created = wall_now();
  h.label = label;
  h.cluster = cluster;
  if (std::string why = validate_header(h); !why.empty()) return fail(why);
  const std::uint64_t need = disk_bytes(h.block_size, h.slot_count);
  if (!dev->extend_to(need, error)) return fail(error);
  if (dev->size_bytes() < need)
    return fail(path + ": " + std::to_string(dev->size_bytes()) + " bytes is too small, need " + std::to_string(need));
  // The whole image in one write: either the old disk or the new one, never a mix.
  std::vector<std::uint8_t> image = encode_header(h);
  image.resize(need, 0);
  for (std::uint32_t n = 1; n <= h.slot_count; ++n) {
    Slot s;
    s.owner = s.written_by = n;
    auto block = encode_slot(s, h.block_size);
    std::copy(block.begin(), block.end(), image.begin() + static_cast<long>(slot_offset(h.block_size, n)));
  }
  if (!dev->write(0, image, error)) return fail(error);
  std::cout << "Initialized " << path << ": label '" << label << "', " << h.slot_count << " slots of " << h.block_size
            << " bytes" << (cluster.empty() ? "" : ", cluster '" + cluster + "'") << "\n";
  return 0;
}

void print_header(const std::string& path, const DiskHeader& h) {
  std::cout << path << ":\n"
            << "\tLabel: " << h.label << "\n"
            << "\tCluster: " << (h.cluster.empty() ? "-" : h.cluster) << "\n"
            << "\tCreated: " << h.created << "\n"
            << "\tBlock size: " << h.block_size << "\n"
            << "\tSlots: " << h.slot_count << "\n";
}

int list(const std::vector<std::string>& paths) {
  for (const auto& d : scan_disks(paths)) print_header(d.path, d.header);
  return 0;
}

int find(const std::string& label, const std::vector<std::string>& paths) {
  std::string error;
  std::string path = find_by_label(label, paths, error);
  if (path.empty()) return fail(error);
  std::cout << path << "\n";
  return 0;
}

int dump(const std::string& path) {
  std::string error;
  DiskHeader h;
  auto dev = open_qdisk(path, "", "", h, error);
  if (!dev) return fail(error);
  std::vector<std::optional<Slot>> slots;
  if (!dev->read_slots(h, slots, error)) return fail(error);
  print_header(path, h);
  const std::uint64_t now = wall_now();
  std::printf("%-5s %-9s %-7s %-9s %-10s %-18s %-8s %s\n", "node", "state", "score", "age", "heartbeat", "incarnation",
              "writer", "sees / grants");
  for (std::uint32_t n = 1; n <= h.slot_count; ++n) {
    if (!slots[n]) {
      std::printf("%-5u %s\n", n, "(corrupt or torn: not trusted)");
      continue;
    }
    const Slot& s = *slots[n];
    if (s.state == SlotState::None && s.heartbeat == 0) continue;  // never used
    std::string age = s.timestamp == 0 ? "-" : (now >= s.timestamp ? std::to_string(now - s.timestamp) + "s" : "future");
    std::string score = std::to_string(s.score) + "/" + std::to_string(s.score_max);
    std::printf("%-5u %-9s %-7s %-9s %-10llu %-18llx %-8u %s / %s\n", n, to_string(s.state), score.c_str(), age.c_str(),
                static_cast<unsigned long long>(s.heartbeat), static_cast<unsigned long long>(s.incarnation), s.written_by,
                format_mask(s.seen_mask).c_str(), format_mask(s.master_mask).c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string create_path, label, cluster, dump_path, find_label;
  std::uint32_t slots = kDefaultSlots;
  bool do_list = false;
  int opt;
  while ((opt = getopt(argc, argv, "c:l:n:s:Lf:d:h")) != -1) {
    switch (opt) {
      case 'c': create_path = optarg; break;
      case 'l': label = optarg; break;
      case 'n': cluster = optarg; break;
      case 's': {
        char* end = nullptr;
        unsigned long v = std::strtoul(optarg, &end, 10);
        if (!end || *end || v < 1 || v > kMaxSlots) return usage("-s: '" + std::string(optarg) + "' is not a slot count in 1..64");
        slots = static_cast<std::uint32_t>(v);
        break;
      }
      case 'L': do_list = true; break;
      case 'f': find_label = optarg; break;
      case 'd': dump_path = optarg; break;
      case 'h': usage(""); return 0;
      default: return usage("");
    }
  }
  std::vector<std::string> rest(argv + optind, argv + argc);
  const int actions = !create_path.empty() + do_list + !find_label.empty() + !dump_path.empty();
  if (actions != 1) return usage("give exactly one of -c, -L, -f, -d");
  if (!create_path.empty()) return rest.empty() ? create(create_path, label, cluster, slots) : usage("unexpected arguments");
  if (do_list) return list(rest);
  if (!find_label.empty()) return find(find_label, rest);
  return rest.empty() ? dump(dump_path) : usage("unexpected arguments");
}
