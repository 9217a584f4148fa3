// The heuristic runner against real processes (no mocks): exit codes, timeouts, no shell.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <fstream>

#include "io/heuristic_runner.hpp"

using namespace vmha::quorum;
using namespace std::chrono_literals;

namespace {
HeuristicSpec h(const std::string& name, const std::string& command) { return {name, command, 1, 1}; }
bool no_children_left() { return waitpid(-1, nullptr, WNOHANG) == -1 && errno == ECHILD; }
}  // namespace

TEST(QdiskHeuristicRunner, ExitCodeDecides) {
  struct Row {
    const char* command;
    bool passed;
  };
  const Row rows[] = {
      {"/bin/true", true},
      {"/bin/false", false},
      {"true", true},                 // found in PATH
      {"/bin/sh -c 'exit 0'", true},  // a shell only when asked for
      {"/bin/sh -c 'exit 3'", false},
      {"/bin/test -e /nonexistent", false},
      {"/bin/echo a; /bin/false", true},  // no shell: ';' is just an argument
      {"/nonexistent/program", false},
  };
  std::vector<HeuristicSpec> specs;
  for (const auto& r : rows) specs.push_back(h("x", r.command));
  auto got = run_heuristics(specs, 5000ms);
  ASSERT_EQ(got.size(), specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i) EXPECT_EQ(got[i], rows[i].passed) << rows[i].command;
  EXPECT_TRUE(no_children_left());
}

TEST(QdiskHeuristicRunner, OverrunIsKilledAndFails) {
  // The shell's child (sleep) shares its process group and is killed with it.
  auto got = run_heuristics({h("slow", "/bin/sh -c '/bin/sleep 31.77; exit 0'"), h("fast", "/bin/true")}, 300ms);
  EXPECT_FALSE(got[0]);
  EXPECT_TRUE(got[1]);
  EXPECT_TRUE(no_children_left());
  // pgrep exits 1 when nothing matches: the grandchild died with the group.
  EXPECT_EQ(WEXITSTATUS(system("pgrep -f '^/bin/sleep 31.77$' >/dev/null")), 1);
}

TEST(QdiskHeuristicRunner, CheckProgramsNamesTheKey) {
  char dir_template[] = "/var/tmp/vmha-quorum-runner.XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  const std::string dir = dir_template;
  const std::string noexec = dir + "/noexec";
  std::ofstream(noexec) << "#!/bin/sh\nexit 0\n";
  chmod(noexec.c_str(), 0644);
  EXPECT_EQ(check_heuristic_programs({h("a", "/bin/true"), h("b", "true -x")}), "");
  EXPECT_EQ(check_heuristic_programs({h("gw", "/nonexistent/ping -c1")}),
            "quorum.device.heuristics.exec_gw: /nonexistent/ping: cannot execute (No such file or directory)");
  EXPECT_EQ(check_heuristic_programs({h("p", "no-such-program-here")}),
            "quorum.device.heuristics.exec_p: no-such-program-here: not found in PATH");
  EXPECT_EQ(check_heuristic_programs({h("n", noexec)}),
            "quorum.device.heuristics.exec_n: " + noexec + ": cannot execute (Permission denied)");
  unlink(noexec.c_str());
  rmdir(dir.c_str());
}
