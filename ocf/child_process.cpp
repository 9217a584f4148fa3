#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace vmha::ocf {

std::string ChildOutcome::describe() const {
  if (!started) return "could not start: " + error;
  if (timed_out) return "timed out";
  if (signal) return "killed by signal " + std::to_string(signal);
  return "exit status " + std::to_string(exit_status);
}

ChildOutcome run_child(const std::vector<std::string>& argv, Deadline deadline) {
  ChildOutcome out;
  if (argv.empty()) {
    out.error = "empty command";
    return out;
  }
  int pipefd[2];
  if (pipe2(pipefd, O_CLOEXEC) != 0) {
    out.error = std::strerror(errno);
    return out;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipefd[1], 1);
  posix_spawn_file_actions_adddup2(&actions, pipefd[1], 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);  // its own group, so a timeout kills its children too

  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(pipefd[1]);
  if (rc != 0) {
    close(pipefd[0]);
    out.error = argv[0] + ": " + std::strerror(rc);
    return out;
  }
  out.started = true;

  auto keep = [&out](const char* buf, ssize_t n) {
    out.output.append(buf, static_cast<size_t>(n));
    if (out.output.size() > 4096) out.output.erase(0, out.output.size() - 4096);
  };
  bool eof = false;
  int status = 0;
  while (true) {
    auto left = deadline.remaining().count();
    if (left <= 0) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      out.timed_out = true;
      break;
    }
    if (!eof) {
      pollfd pfd{pipefd[0], POLLIN, 0};
      if (poll(&pfd, 1, static_cast<int>(left > 100 ? 100 : left)) > 0) {
        char buf[1024];
        ssize_t got = read(pipefd[0], buf, sizeof buf);
        if (got > 0)
          keep(buf, got);
        else
          eof = true;
      }
    } else {
      usleep(20'000);
    }
    if (waitpid(pid, &status, WNOHANG) == pid) {
      // What the child wrote just before it exited is still in the pipe.
      fcntl(pipefd[0], F_SETFL, O_NONBLOCK);
      char buf[1024];
      for (ssize_t got; !eof && (got = read(pipefd[0], buf, sizeof buf)) > 0;) keep(buf, got);
      break;
    }
  }
  close(pipefd[0]);
  if (!out.timed_out) {
    if (WIFEXITED(status))
      out.exit_status = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
      out.signal = WTERMSIG(status);
  }
  return out;
}

}  // namespace vmha::ocf
