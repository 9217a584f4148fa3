#include "process_table.hpp"

#include <dirent.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iterator>

namespace vmha::agents {
namespace {

bool is_hypervisor_binary(std::string_view path) {
  auto slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return base.starts_with("qemu-system-") || base == "qemu-kvm" || base == "kvm" || base == "libvirt_lxc" ||
         base.starts_with("qemu-dm");
}

bool name_option_matches(std::string_view value, std::string_view guest) {
  if (value == guest) return true;
  if (!value.starts_with("guest=")) return false;
  value.remove_prefix(6);
  // qemu escapes a literal ',' in an option value as ",,".
  std::string unescaped;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == ',') {
      if (i + 1 < value.size() && value[i + 1] == ',') {
        unescaped += ',';
        ++i;
        continue;
      }
      break;
    }
    unescaped += value[i];
  }
  return unescaped == guest;
}

}  // namespace

bool argv_runs_guest(const std::vector<std::string>& argv, std::string_view guest) {
  if (argv.empty() || !is_hypervisor_binary(argv[0])) return false;
  for (size_t i = 0; i + 1 < argv.size(); ++i)
    if (argv[i] == "-name" && name_option_matches(argv[i + 1], guest)) return true;
  return false;
}

std::vector<int> find_guest_processes(std::string_view guest) {
  std::vector<int> pids;
  DIR* proc = opendir("/proc");
  if (!proc) return pids;
  while (dirent* e = readdir(proc)) {
    if (!std::isdigit(static_cast<unsigned char>(e->d_name[0]))) continue;
    std::ifstream f(std::string("/proc/") + e->d_name + "/cmdline", std::ios::binary);
    if (!f) continue;
    std::string raw((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    std::vector<std::string> argv;
    size_t start = 0;
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '\0') {
        argv.emplace_back(raw.substr(start, i - start));
        start = i + 1;
      }
    }
    if (argv_runs_guest(argv, guest)) pids.push_back(std::atoi(e->d_name));
  }
  closedir(proc);
  return pids;
}

}  // namespace vmha::agents
