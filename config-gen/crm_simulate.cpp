#include "crm_simulate.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <tinyxml2.h>
#include <unistd.h>

#include <signal.h>

#include <cerrno>
#include <chrono>
#include <cstring>

extern char** environ;

namespace vmha::config {

namespace {

std::string attribute(const tinyxml2::XMLElement* e, const char* name) {
  const char* value = e->Attribute(name);
  return value ? value : "";
}

constexpr int kTimedOut = -2;

// Runs argv with stdout (and stderr) captured; returns the exit status, -1, or kTimedOut when it ran
// longer than `timeout_seconds` (> 0) and was killed.
int run_captured(const std::vector<std::string>& args, std::string& out, std::string& err, int timeout_seconds) {
  int out_pipe[2], err_pipe[2];
  // O_CLOEXEC: a child started by another thread must not hold our pipe open.
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return -1;
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    return -1;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (spawned != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    err = std::string("cannot run ") + args[0] + ": " + std::strerror(spawned);
    return -1;
  }
  // Both pipes at once: crm_simulate may write much to stderr while stdout is still open.
  char buffer[65536];
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&out, &err};
  int open_count = 2;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  bool timed_out = false;
  while (open_count > 0) {
    int wait_ms = -1;
    if (timeout_seconds > 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        kill(pid, SIGKILL);  // the scheduler's own run: nothing of it is kept, nothing needs a clean stop
        timed_out = true;
        break;
      }
      wait_ms = static_cast<int>(left.count());
    }
    int ready = poll(fds, 2, wait_ms);
    if (ready == 0) continue;
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
  close(out_pipe[0]);
  close(err_pipe[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) return kTimedOut;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

Simulation parse_simulation(const std::string& xml) {
  Simulation result;
  tinyxml2::XMLDocument document;
  if (document.Parse(xml.c_str(), xml.size()) != tinyxml2::XML_SUCCESS) {
    result.error = "crm_simulate's output is not XML";
    return result;
  }
  const auto* root = document.RootElement();
  if (!root || std::strcmp(root->Name(), "pacemaker-result") != 0) {
    result.error = "crm_simulate's output has no <pacemaker-result>";
    return result;
  }
  if (const auto* status = root->FirstChildElement("status"); status && attribute(status, "code") != "0") {
    result.error = "crm_simulate: " + attribute(status, "message");
    for (const auto* e = status->FirstChildElement("errors"); e; e = nullptr)
      for (const auto* line = e->FirstChildElement("error"); line; line = line->NextSiblingElement("error"))
        if (line->GetText()) result.error += std::string("; ") + line->GetText();
    return result;
  }
  const auto* actions = root->FirstChildElement("actions");
  for (const auto* a = actions ? actions->FirstChildElement() : nullptr; a; a = a->NextSiblingElement()) {
    if (std::strcmp(a->Name(), "node_action") == 0) {
      if (attribute(a, "task").rfind("Fence", 0) == 0) result.fenced.push_back(attribute(a, "node"));
      continue;
    }
    if (std::strcmp(a->Name(), "rsc_action") != 0) continue;
    result.actions.push_back({attribute(a, "action"), attribute(a, "resource"), attribute(a, "node"),
                              attribute(a, "source"), attribute(a, "dest"), attribute(a, "reason")});
  }
  return result;
}

Simulation simulate(const SimulateRequest& request) {
  std::vector<std::string> args = {"crm_simulate", "-x", request.cib_file, "-R", "--output-as=xml"};
  for (const auto& node : request.failed_nodes) args.insert(args.end(), {"--node-fail", node});
  for (const auto& op : request.injected_ops) args.insert(args.end(), {"--op-inject", op});
  if (request.quorum) args.insert(args.end(), {"--quorum", *request.quorum ? "true" : "false"});
  std::string out, err;
  int status = run_captured(args, out, err, request.timeout_seconds);
  if (status == kTimedOut)
    return {"Pacemaker's scheduler did not answer within " + std::to_string(request.timeout_seconds) + " s", {}, {}};
  if (status < 0 && out.empty()) return {err.empty() ? "crm_simulate did not finish" : err, {}, {}};
  Simulation result = parse_simulation(out);
  if (result.error.empty() && status != 0) result.error = "crm_simulate exited with " + std::to_string(status);
  if (!result.error.empty() && !err.empty()) result.error += ": " + err.substr(0, err.find('\n'));
  return result;
}

}  // namespace vmha::config
