// One binary, two faces: installed as VirtualDomain it speaks Pacemaker's OCF dialect, as
// vm.sh it speaks rgmanager's. The name it is called by decides.
#include <cstdio>
#include <string>
#include <vector>

#include "virtualdomain_face.hpp"
#include "vmsh_face.hpp"
#include "ocf/env_map.hpp"

#include <signal.h>
#include <unistd.h>

namespace {
void ignore_signal(int) {}
}  // namespace

int main(int argc, char** argv) {
  // A daemon that drops the connection mid-call must turn into an error the agent reports, not
  // a SIGPIPE that kills it without a word (libvirt's library writes without MSG_NOSIGNAL).
  // A handler rather than SIG_IGN: children the agent spawns get the default back at exec.
  struct sigaction quiet {};
  quiet.sa_handler = ignore_signal;
  sigaction(SIGPIPE, &quiet, nullptr);
  std::vector<std::string> args(argv, argv + argc);
  std::string invoked_as = args.empty() ? "VirtualDomain" : args[0];
  std::string base = invoked_as.substr(invoked_as.rfind('/') + 1);
  const vmha::ocf::EnvMap env = vmha::ocf::capture_environment();

  int code;
  if (base == "vm.sh" || base == "vm") {
    code = vmha::agents::run_vmsh(args, env, invoked_as);
  } else {
    // OCF: the action is the sole argument; anything after it is ignored.
    code = vmha::agents::run_virtualdomain(args.size() > 1 ? args[1] : "", env, invoked_as);
  }
  std::fflush(stdout);
  std::fflush(stderr);
  // A migration worker may still be blocked in libvirt after an abort: leave without running
  // destructors that would race with it.
  _exit(code);
}
