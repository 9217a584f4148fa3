#include "io/heuristic_runner.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <thread>

extern char** environ;

namespace vmha::quorum {
namespace {

// The program argv[0] resolves to: as given when it has a '/', else the first PATH match.
std::string resolve(const std::string& program) {
  if (program.find('/') != std::string::npos) return program;
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/sbin:/usr/bin:/sbin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = dirs.substr(start, end - start) + "/" + program;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

}  // namespace

std::string check_heuristic_programs(const std::vector<HeuristicSpec>& specs) {
  for (const auto& h : specs) {
    std::string err;
    auto argv = split_command(h.command, err);
    const std::string key = "quorum.device.heuristics.exec_" + h.name;
    if (argv.empty()) return key + ": " + err;
    std::string program = resolve(argv[0]);
    if (program.empty()) return key + ": " + argv[0] + ": not found in PATH";
    if (access(program.c_str(), X_OK) != 0)
      return key + ": " + program + ": cannot execute (" + std::strerror(errno) + ")";
  }
  return "";
}

std::vector<bool> run_heuristics(const std::vector<HeuristicSpec>& specs, std::chrono::milliseconds timeout) {
  std::vector<bool> passed(specs.size(), false);
  std::vector<pid_t> pids(specs.size(), -1);
  for (std::size_t i = 0; i < specs.size(); ++i) {
    std::string err;
    auto args = split_command(specs[i].command, err);
    std::string program = args.empty() ? "" : resolve(args[0]);
    if (program.empty()) continue;
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    for (int fd = 0; fd <= 2; ++fd)
      posix_spawn_file_actions_addopen(&fa, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    // Own process group, so a timed-out heuristic's children die with it.
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setpgroup(&attr, 0);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    pid_t pid = -1;
    if (posix_spawn(&pid, program.c_str(), &fa, &attr, argv.data(), environ) == 0) pids[i] = pid;
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t running = 0;
  for (pid_t p : pids) running += p > 0;
  while (running > 0) {
    for (std::size_t i = 0; i < pids.size(); ++i) {
      if (pids[i] <= 0) continue;
      int status = 0;
      pid_t r = waitpid(pids[i], &status, WNOHANG);
      if (r == pids[i] || (r < 0 && errno == ECHILD)) {
        passed[i] = r == pids[i] && WIFEXITED(status) && WEXITSTATUS(status) == 0;
        pids[i] = -1;
        --running;
      }
    }
    if (running == 0) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      for (pid_t& p : pids) {
        if (p <= 0) continue;
        kill(-p, SIGKILL);
        kill(p, SIGKILL);
        waitpid(p, nullptr, 0);
        p = -1;
      }
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return passed;
}

}  // namespace vmha::quorum
