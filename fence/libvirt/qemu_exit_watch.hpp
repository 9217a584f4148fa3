// Seeing a local guest's qemu process exit the moment it happens.
//
// virDomainDestroy signals qemu and then looks for its exit only every 200 ms, so a destroyed
// guest has stopped running well before libvirt's call returns. Fencing needs to know that the
// guest can no longer run (its qemu, the only thing that can touch its disks, is gone), not that
// libvirt has finished its bookkeeping; a pidfd on the guest's own qemu process tells exactly that.
// Only for the local system daemon, where the guest's pid file and process are visible here.
#pragma once
#include <optional>
#include <string>

namespace vmha::fence {

// Where the local system daemon (qemu:///system, libvirtd or virtqemud) keeps NAME.pid.
inline constexpr const char* kQemuSystemStateDir = "/run/libvirt/qemu";

// True for the URI of the local system qemu daemon as libvirt reports it after connecting.
bool is_local_system_qemu(const std::string& uri);

// True if a /proc/PID/cmdline (arguments separated by NUL) is qemu's for the guest with this UUID
// (libvirt passes "-uuid UUID" to every guest it starts; the UUID names one guest only).
bool cmdline_runs_guest(const std::string& cmdline, const std::string& uuid);

class QemuExitWatch {
 public:
  // A watch on the qemu process of the guest with this name and UUID, or nullopt when that process
  // cannot be identified with certainty (no pid file, another process under that pid, no pidfd).
  static std::optional<QemuExitWatch> open(const std::string& state_dir, const std::string& name,
                                           const std::string& uuid);
  QemuExitWatch(QemuExitWatch&& other) noexcept;
  QemuExitWatch& operator=(QemuExitWatch&& other) noexcept;
  QemuExitWatch(const QemuExitWatch&) = delete;
  ~QemuExitWatch();

  int fd() const { return fd_; }  // readable (POLLIN) once the process has exited
  int pid() const { return pid_; }
  bool exited() const;  // without waiting

 private:
  QemuExitWatch(int fd, int pid) : fd_(fd), pid_(pid) {}
  int fd_ = -1;
  int pid_ = 0;
};

}  // namespace vmha::fence
