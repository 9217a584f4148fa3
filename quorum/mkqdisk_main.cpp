// mkqdisk: initialize, list, find and show quorum disks. Options as cman's mkqdisk where they
// overlap: -c DEVICE -l LABEL, -L, -f LABEL, and -d as a flag ("details": the slots too), so
// cman's `mkqdisk -L -d` works; `mkqdisk -d DEVICE...` shows the named disks in detail.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <string>
#include <vector>

#include <vmha/options.hpp>

#include "core/printable.hpp"
#include "core/status.hpp"
#include "io/find_label.hpp"
#include "io/qdisk_device.hpp"

using namespace vmha::quorum;
namespace cli = vmha::cli;

namespace {

const cli::Command kCommand{
    "mkqdisk",
    {"-c DEVICE -l LABEL [-n CLUSTER] [-s SLOTS]", "-L [-d] [PATH...]", "-f LABEL [-d] [PATH...]", "-d PATH..."},
    {
        {'c', "create", "DEVICE",
         "initialize DEVICE (an existing block device or regular file; a file is grown as needed)"},
        {'l', "label", "LABEL", "the label to write with -c (printable, at most 127 bytes)"},
        {'n', "cluster", "CLUSTER",
         "with -c: the totem.cluster_name the disk belongs to (qdiskd refuses other clusters)"},
        {'s', "slots", "SLOTS", "with -c: host slots, 1..64 (default 16)"},
        {'L', "list", nullptr, "list the labelled disks among /proc/partitions and the PATHs"},
        {'f', "find", "LABEL", "print the path of the one disk labelled LABEL"},
        {'d', "details", nullptr, "also show every slot (with -L/-f; alone: show the PATHs)"},
    },
    "Do not run -c on a disk qdiskd uses. Times are shown in local time.\n"};

int fail(const std::string& line) {
  std::cerr << "mkqdisk: " << line << "\n";
  return 1;
}

int usage(const std::string& why) {
  std::cerr << "mkqdisk: " << why << "\n" << cli::usage_text(kCommand);
  return 2;
}

std::uint64_t wall_now() { return static_cast<std::uint64_t>(std::time(nullptr)); }

// As cman's mkqdisk showed it (ctime(3)): "Tue Dec  1 19:42:32 2026", local time.
std::string local_time(std::uint64_t unix_seconds) {
  if (unix_seconds == 0) return "-";
  const auto t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  char buf[64];
  if (!localtime_r(&t, &tm) || std::strftime(buf, sizeof buf, "%a %b %e %H:%M:%S %Y", &tm) == 0)
    return std::to_string(unix_seconds);
  return buf;
}

int create(const std::string& path, const std::string& label, const std::string& cluster, std::uint32_t slots) {
  if (label.empty()) return usage("-c needs -l LABEL");
  if (label.size() >= kLabelBytes) return fail("label is longer than " + std::to_string(kLabelBytes - 1) + " bytes");
  if (std::string why = unprintable_reason(label); !why.empty()) return fail("label '" + escaped(label) + "': " + why);
  if (cluster.size() >= kClusterBytes)
    return fail("cluster name is longer than " + std::to_string(kClusterBytes - 1) + " bytes");
  if (std::string why = unprintable_reason(cluster); !why.empty())
    return fail("cluster name '" + escaped(cluster) + "': " + why);
  std::string error;
  auto dev = QdiskDevice::open(path, error);
  if (!dev) {
    // Never create the disk: a mistyped path, or a shared file system that is not mounted,
    // would give this host a private "quorum disk" that no other host sees.
    if (error == path + ": No such file or directory")
      error += " (mkqdisk does not create the disk: create the file on the shared storage first, e.g. truncate -s 1M " +
               path + ")";
    return fail(error);
  }
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
  std::cout << escaped(path) << ":\n"
            << "\tLabel: " << escaped(h.label) << "\n"
            << "\tCluster: " << (h.cluster.empty() ? "-" : escaped(h.cluster)) << "\n"
            << "\tCreated: " << local_time(h.created) << "\n"
            << "\tBlock size: " << h.block_size << "\n"
            << "\tSlots: " << h.slot_count << "\n";
}

// The slot table of one disk; false (with error) when the slots cannot be read.
bool print_slots(QdiskDevice& dev, const DiskHeader& h, std::string& error) {
  std::vector<std::optional<Slot>> slots;
  if (!dev.read_slots(h, slots, error)) return false;
  const std::uint64_t now = wall_now();
  std::printf("%-5s %-9s %-7s %-9s %-10s %-18s %-8s %s\n", "node", "state", "score", "age", "heartbeat", "incarnation",
              "writer", "sees / grants");
  for (std::uint32_t n = 1; n <= h.slot_count; ++n) {
    if (!slots[n]) {
      std::vector<std::uint8_t> block;
      std::string why = "unreadable";
      if (dev.read(slot_offset(h.block_size, n), block, h.block_size, error))
        decode_slot(block.data(), block.size(), &why);
      std::printf("%-5u (corrupt or torn: not trusted: %s)\n", n, why.c_str());
      continue;
    }
    const Slot& s = *slots[n];
    if (s.state == SlotState::None && s.heartbeat == 0) continue;  // never used
    std::string age =
        s.timestamp == 0 ? "-" : (now >= s.timestamp ? std::to_string(now - s.timestamp) + "s" : "future");
    std::string score = std::to_string(s.score) + "/" + std::to_string(s.score_max);
    std::printf("%-5u %-9s %-7s %-9s %-10llu %-18llx %-8u %s / %s\n", n, to_string(s.state), score.c_str(), age.c_str(),
                static_cast<unsigned long long>(s.heartbeat), static_cast<unsigned long long>(s.incarnation),
                s.written_by, format_mask(s.seen_mask).c_str(), format_mask(s.master_mask).c_str());
  }
  std::fflush(stdout);
  return true;
}

// Header (and with details, the slots) of one disk.
int show(const std::string& path, bool details) {
  std::string error;
  DiskHeader h;
  auto dev = open_qdisk(path, "", "", h, error, std::chrono::milliseconds(2000));
  if (!dev) return fail(error);
  print_header(path, h);
  if (details && !print_slots(*dev, h, error)) return fail(error);
  return 0;
}

void warn_skipped(const std::vector<std::string>& skipped) {
  for (const auto& line : skipped) std::cerr << "mkqdisk: skipped " << escaped(line) << "\n";
}

int list(const std::vector<std::string>& paths, bool details) {
  std::vector<std::string> skipped;
  auto found = scan_disks(paths, &skipped);
  warn_skipped(skipped);
  int rc = 0;
  for (const auto& d : found) {
    if (!details) {
      print_header(d.path, d.header);
      continue;
    }
    std::cout << std::flush;
    if (show(d.path, true) != 0) rc = 1;
  }
  return rc;
}

int find(const std::string& label, const std::vector<std::string>& paths, bool details) {
  std::string error;
  std::vector<std::string> skipped;
  std::string path = find_by_label(label, paths, error, &skipped);
  warn_skipped(skipped);
  if (path.empty()) return fail(error);
  std::cout << path << "\n" << std::flush;
  return details ? show(path, true) : 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string create_path, label, cluster, find_label;
  std::uint32_t slots = kDefaultSlots;
  bool do_list = false, details = false;
  std::vector<std::string> rest;
  const int rc = cli::parse(
      kCommand, argc, argv,
      [&](int key, const char* arg) -> std::string {
        switch (key) {
          case 'c':
            create_path = arg;
            break;
          case 'l':
            label = arg;
            break;
          case 'n':
            cluster = arg;
            break;
          case 's': {
            char* end = nullptr;
            unsigned long v = std::strtoul(arg, &end, 10);
            if (!end || *end || v < 1 || v > kMaxSlots)
              return "-s: '" + escaped(arg) + "' is not a slot count in 1..64";
            slots = static_cast<std::uint32_t>(v);
            break;
          }
          case 'L':
            do_list = true;
            break;
          case 'f':
            find_label = arg;
            break;
          case 'd':
            details = true;
            break;
        }
        return "";
      },
      rest);
  if (rc >= 0) return rc;
  const int actions = !create_path.empty() + do_list + !find_label.empty();
  if (actions > 1) return usage("give one of -c, -L, -f");
  if (!create_path.empty())
    return rest.empty() ? create(create_path, label, cluster, slots) : usage("unexpected arguments");
  if (do_list) return list(rest, details);
  if (!find_label.empty()) return find(find_label, rest, details);
  if (!details || rest.empty()) return usage("give one of -c, -L, -f, or -d PATH...");
  int result = 0;
  for (const auto& p : rest)
    if (show(p, true) != 0) result = 1;
  return result;
}
