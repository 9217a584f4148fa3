#include "qemu_exit_watch.hpp"

#include <poll.h>
#include <strings.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>

namespace vmha::fence {
namespace {

std::string read_whole(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return {};
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

}  // namespace

bool is_local_system_qemu(const std::string& uri) { return uri == "qemu:///system"; }

bool cmdline_runs_guest(const std::string& cmdline, const std::string& uuid) {
  std::istringstream args(cmdline);
  std::string arg;
  bool next_is_uuid = false;
  while (std::getline(args, arg, '\0')) {
    if (next_is_uuid) return strcasecmp(arg.c_str(), uuid.c_str()) == 0;
    next_is_uuid = arg == "-uuid";
  }
  return false;
}

std::optional<QemuExitWatch> QemuExitWatch::open(const std::string& state_dir, const std::string& name,
                                                 const std::string& uuid) {
  // A guest name may hold any character but '/', which libvirt refuses; a name that would leave
  // the state directory cannot be one of its pid files.
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") return std::nullopt;
  long pid = 0;
  {
    std::istringstream text(read_whole(state_dir + "/" + name + ".pid"));
    if (!(text >> pid) || pid <= 1) return std::nullopt;
  }
  const int fd = static_cast<int>(syscall(SYS_pidfd_open, static_cast<pid_t>(pid), 0));
  if (fd < 0) return std::nullopt;
  QemuExitWatch watch(fd, static_cast<int>(pid));
  // Identified after the pidfd is held, so the process read is the process held (its pid cannot be
  // reused before it is reaped). One that already exited has no command line and is not trusted:
  // a stale pid file must never pass for a guest that just died.
  if (!cmdline_runs_guest(read_whole("/proc/" + std::to_string(pid) + "/cmdline"), uuid)) return std::nullopt;
  return watch;
}

QemuExitWatch::QemuExitWatch(QemuExitWatch&& other) noexcept : fd_(other.fd_), pid_(other.pid_) { other.fd_ = -1; }

QemuExitWatch& QemuExitWatch::operator=(QemuExitWatch&& other) noexcept {
  std::swap(fd_, other.fd_);
  std::swap(pid_, other.pid_);
  return *this;
}

QemuExitWatch::~QemuExitWatch() {
  if (fd_ >= 0) close(fd_);
}

bool QemuExitWatch::exited() const {
  pollfd p{fd_, POLLIN, 0};
  return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

}  // namespace vmha::fence
