// vmha-guest-disk: reads the record disk of a lab guest after a run and proves one writer at a
// time and no lost records (record_log.hpp); `last` names the newest record, for a test to require
// later.
#include <fstream>
#include <iostream>
#include <string>
#include <vector>
#include <vmha/version.hpp>

#include "record_log.hpp"

namespace {

constexpr const char* kUsage =
    "usage: vmha-guest-disk check IMAGE [--require BOOT:SEQ]...\n"
    "       vmha-guest-disk last IMAGE\n"
    "  check   exit 0 when IMAGE shows one writer at a time and every required record; else name\n"
    "          each offending record and exit 1\n"
    "  last    print the newest record as BOOT:SEQ (exit 1 when the disk holds none)\n"
    "  --require BOOT:SEQ  a record that must still be on the disk (repeatable)\n";

int usage_error(const std::string& what) {
  std::cerr << "vmha-guest-disk: " << what << "\n" << kUsage;
  return 2;
}

bool read_image(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  // One read of the whole file: tests poll `last` several times a second on a busy machine.
  in.seekg(0, std::ios::end);
  auto size = in.tellg();
  in.seekg(0);
  if (size < 0) return false;
  out.resize(static_cast<std::size_t>(size));
  return static_cast<bool>(in.read(out.data(), size));
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 1 && args[0] == "--help") return std::cout << kUsage, 0;
  if (args.size() == 1 && args[0] == "--version") return std::cout << "vmha-guest-disk " << vmha::version << "\n", 0;
  if (args.size() < 2 || (args[0] != "check" && args[0] != "last")) return usage_error("a command and an IMAGE");
  const std::string& path = args[1];
  std::vector<vmha::lab::RecordId> required;
  for (std::size_t i = 2; i < args.size(); ++i) {
    if (args[0] != "check" || args[i] != "--require" || i + 1 >= args.size())
      return usage_error("bad argument " + args[i]);
    auto id = vmha::lab::parse_record_id(args[++i]);
    if (!id) return usage_error("--require " + args[i] + ": not BOOT:SEQ (hex boot id, decimal sequence)");
    required.push_back(*id);
  }
  std::string image;
  if (!read_image(path, image)) return std::cerr << "vmha-guest-disk: cannot read " << path << "\n", 2;

  auto verdict = vmha::lab::check_disk(image, required);
  if (!verdict.record_disk)  // bad input, not a verdict on a run
    return std::cerr << "vmha-guest-disk: " << path << ": " << verdict.violations.front().what << "\n", 2;
  if (args[0] == "last") {
    if (verdict.records.empty()) return std::cerr << "vmha-guest-disk: " << path << ": no records\n", 1;
    const auto& id = verdict.records.back().id;
    std::cout << id.boot << ":" << id.seq << "\n";
    return 0;
  }
  for (const auto& v : verdict.violations)
    std::cout << path << ": " << (v.slot ? "slot " + std::to_string(v.slot) + ": " : "") << v.what << "\n";
  if (!verdict.violations.empty()) {
    std::cout << path << ": " << verdict.violations.size() << " violation(s); the disk holds " << verdict.records.size()
              << " records: " << verdict.summary << "\n";
    return 1;
  }
  std::cout << path << ": ok: " << verdict.records.size() << " records, one writer at a time: " << verdict.summary
            << "\n";
  return 0;
}
