// Storage leases: reading libvirt's configuration, deciding whether a start may proceed, and
// turning libvirt's busy lease into a line that names the lock and the disk.
#include "lock_manager.hpp"

#include <gtest/gtest.h>

namespace vmha::agents {
namespace {

TEST(LibvirtConfValue, ReadsTheFirstAssignmentAsLibvirtDoes) {
  struct Case {
    const char* text;
    std::optional<std::string> want;
  } cases[] = {
      {"", std::nullopt},
      {"#lock_manager = \"lockd\"\n", std::nullopt},
      {"lock_manager = \"lockd\"\n", "lockd"},
      {"  lock_manager=\"sanlock\"  # comment\n", "sanlock"},
      {"user = \"root\"\nlock_manager = 'lockd'\nlock_manager = \"nop\"\n", "lockd"},
      {"lock_manager_x = \"lockd\"\n", std::nullopt},
      {"lock_manager = \"unterminated\n", std::nullopt},
  };
  for (const auto& c : cases) EXPECT_EQ(libvirt_conf_value(c.text, "lock_manager"), c.want) << c.text;
  EXPECT_EQ(libvirt_conf_value("auto_disk_leases = 1 # on\n", "auto_disk_leases"), "1");
}

TEST(LeaseRefusal, RequiredByDefaultExactlyWhenTheHostHasALockManager) {
  HostLocking none, lockd{true, "lockd", "", "/shared/locks"}, broken{true, "lockd", "virtlockd is not running", ""},
      remote{false, "", "", ""};
  std::vector<std::string> disk{"/shared/g.img"};
  struct Case {
    const char* require;
    HostLocking host;
    std::vector<std::string> disks;
    const char* refusal;  // substring, "" = may start
    int leases;           // beside the bool: no padding after either
    bool guest_fault;
  } cases[] = {
      {"", none, disk, "", 0, false},
      {"false", none, disk, "", 0, false},
      {"true", none, disk, "has no lock manager", 0, false},
      {"1", none, {}, "has no lock manager", 0, false},
      {"", lockd, disk, "", 0, false},
      {"", lockd, {}, "", 1, false},
      {"", lockd, {}, "no writable file or block disk", 0, true},
      {"no", lockd, {}, "", 0, false},
      {"", broken, disk, "virtlockd is not running", 0, false},
      {"", remote, disk, "", 0, false},
      {"yes", remote, disk, "is not this host's own libvirt", 0, false},
  };
  for (const auto& c : cases) {
    bool fault = !c.guest_fault;
    std::string why = lease_refusal({c.require, c.host, c.disks, c.leases, "qemu+tcp://far/system"}, &fault);
    if (*c.refusal)
      EXPECT_NE(why.find(c.refusal), std::string::npos) << c.require << ": " << why;
    else
      EXPECT_EQ(why, "") << c.require;
    EXPECT_EQ(fault, c.guest_fault) << c.require << ": " << why;
  }
}

TEST(BusyLease, NamesTheLockFileAndTheDiskItLeases) {
  const std::string disk = "/var/lib/vmha-lab/shared/vm1.img";
  const std::string hash = sha256_hex(disk);
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  std::string line = describe_busy_lease("vm1", "resource busy: Lockspace resource '" + hash + "' is locked",
                                         "/var/lib/vmha-lab/shared/locks", {"/other.img", disk});
  EXPECT_NE(line.find("the lease of disk " + disk +
                      " of vm1 is held by another host (lock /var/lib/vmha-lab/shared/locks/" + hash + ")"),
            std::string::npos)
      << line;
  // Direct lockspace: the resource is the disk path itself.
  line = describe_busy_lease("vm1", "resource busy: Lockspace resource '" + disk + "' is locked", "", {disk});
  EXPECT_NE(line.find("the lease of disk " + disk + " of vm1 is held by another host (lock " + disk + ")"),
            std::string::npos)
      << line;
  // A message of another shape is passed on whole.
  // QEMU's own image lock, where the hosts' kernels share it.
  std::string qemu =
      "internal error: process exited while connecting to monitor: ...: Failed to get \"write\" lock\n"
      "Is another process using the image [" +
      disk + "]?";
  EXPECT_TRUE(is_lease_conflict(1, qemu));
  EXPECT_TRUE(is_lease_conflict(87, "anything"));
  EXPECT_FALSE(is_lease_conflict(1, "internal error: no such file"));
  line = describe_busy_lease("vm1", qemu, "", {disk});
  EXPECT_NE(line.find("the disk " + disk + " of vm1 is locked by another QEMU"), std::string::npos) << line;
  line = describe_busy_lease("vm1", "resource busy: something else", "", {disk});
  EXPECT_NE(line.find("the storage lease of vm1 is held by another host (resource busy: something else)"),
            std::string::npos)
      << line;
}

}  // namespace
}  // namespace vmha::agents
