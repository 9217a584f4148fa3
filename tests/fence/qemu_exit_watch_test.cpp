// QemuExitWatch: which process it trusts as a guest's qemu, and that it sees that process exit.
// Real child processes stand in for qemu (only the "-uuid UUID" arguments matter to the watch).
#include "libvirt/qemu_exit_watch.hpp"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>

using namespace vmha::fence;

namespace {

const std::string kUuid = "6c2f1f0e-3d5a-4c1b-9e7a-0b8d2f4a9c11";
// Arguments as /proc/PID/cmdline holds them: each ended by a NUL.
std::string cmdline(std::initializer_list<std::string> args) {
  std::string out;
  for (const auto& a : args) out += a + '\0';
  return out;
}
const std::string kCmdline =
    cmdline({"/usr/bin/qemu-system-x86_64", "-name", "guest=g1,debug-threads=on", "-uuid", kUuid, "-nographic"});

// A child whose command line carries "-uuid UUID", as qemu's does.
pid_t spawn_with_uuid(const std::string& uuid) {
  const pid_t pid = fork();
  if (pid == 0) {
    // The shell stops itself (no child of its own to outlive the test) and waits to be killed.
    execl("/bin/sh", "/bin/sh", "-c", "kill -STOP $$", "-uuid", uuid.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

class StateDir : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/vmha-qemu-watch.XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void pid_file(const std::string& name, const std::string& text) { std::ofstream(dir_ + "/" + name + ".pid") << text; }
  std::string dir_;
};

}  // namespace

TEST(QemuCmdline, RecognisesTheGuestByItsUuid) {
  EXPECT_TRUE(cmdline_runs_guest(kCmdline, kUuid));
  EXPECT_TRUE(cmdline_runs_guest(kCmdline, "6C2F1F0E-3D5A-4C1B-9E7A-0B8D2F4A9C11"));  // libvirt's case may differ
  EXPECT_FALSE(cmdline_runs_guest(kCmdline, "6c2f1f0e-3d5a-4c1b-9e7a-0b8d2f4a9c12"));
}

TEST(QemuCmdline, TheUuidMustFollowTheUuidFlag) {
  EXPECT_FALSE(cmdline_runs_guest(cmdline({"qemu", "-name", kUuid}), kUuid));
  EXPECT_FALSE(cmdline_runs_guest(cmdline({"qemu", "-uuid"}), kUuid));  // flag without a value
  EXPECT_FALSE(cmdline_runs_guest("", kUuid));                          // an exited process
}

TEST(QemuUri, OnlyTheLocalSystemDaemon) {
  EXPECT_TRUE(is_local_system_qemu("qemu:///system"));
  EXPECT_FALSE(is_local_system_qemu("qemu:///session"));
  EXPECT_FALSE(is_local_system_qemu("qemu+ssh://other/system"));
  EXPECT_FALSE(is_local_system_qemu("qemu+tcp://localhost/system"));
}

TEST_F(StateDir, WatchesTheGuestsProcessUntilItExits) {
  const pid_t child = spawn_with_uuid(kUuid);
  ASSERT_GT(child, 0);
  // exec may not have happened yet: until then the child's command line is the test's own.
  std::optional<QemuExitWatch> watch;
  pid_file("g1", std::to_string(child) + "\n");
  for (int i = 0; i < 200 && !watch; ++i, usleep(10000)) watch = QemuExitWatch::open(dir_, "g1", kUuid);
  ASSERT_TRUE(watch.has_value());
  EXPECT_EQ(watch->pid(), child);
  EXPECT_FALSE(watch->exited());
  kill(child, SIGKILL);
  pollfd p{watch->fd(), POLLIN, 0};
  ASSERT_EQ(poll(&p, 1, 10000), 1);  // woken by the exit itself, before anyone reaps it
  EXPECT_TRUE(watch->exited());
  waitpid(child, nullptr, 0);
}

TEST_F(StateDir, DistrustsAnyOtherProcess) {
  const pid_t child = spawn_with_uuid("00000000-0000-0000-0000-000000000000");
  ASSERT_GT(child, 0);
  usleep(200000);
  pid_file("g1", std::to_string(child));
  EXPECT_FALSE(QemuExitWatch::open(dir_, "g1", kUuid).has_value()) << "a process running another guest";
  pid_file("g2", std::to_string(getpid()));
  EXPECT_FALSE(QemuExitWatch::open(dir_, "g2", kUuid).has_value()) << "a process that is no qemu";
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  EXPECT_FALSE(QemuExitWatch::open(dir_, "g1", kUuid).has_value()) << "a stale pid file";
  pid_file("g3", "not a pid");
  EXPECT_FALSE(QemuExitWatch::open(dir_, "g3", kUuid).has_value()) << "a torn pid file";
  EXPECT_FALSE(QemuExitWatch::open(dir_, "missing", kUuid).has_value()) << "no pid file";
  EXPECT_FALSE(QemuExitWatch::open(dir_, "../g1", kUuid).has_value()) << "a name leaving the directory";
}
