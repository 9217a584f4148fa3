#include "cluster_reader.hpp"

#include <sys/utsname.h>

#include <cstdlib>
#include <future>

#include "cib_query.hpp"
#include "io/status_file.hpp"
#include "quorum_query.hpp"
#include "tool_runner.hpp"

namespace vmha::admin {

namespace {
std::future<ToolResult> start(std::vector<std::string> argv, std::chrono::steady_clock::time_point deadline) {
  return std::async(std::launch::async, [argv = std::move(argv), deadline] { return run_tool(argv, deadline); });
}
}  // namespace

// crm_mon runs while the CIB, corosync's quorum and qdiskd's status are read in-process: the wall
// time is crm_mon's (it runs the scheduler), and nothing else starts a process.
StatusInputs read_cluster(std::chrono::steady_clock::time_point deadline) {
  StatusInputs in;
  auto mon_job = start({"crm_mon", "--one-shot", "--inactive", "--output-as=xml"}, deadline);
  // A file CIB has no corosync behind it; a live host's quorum comes from corosync itself.
  const bool live = std::getenv("CIB_file") == nullptr;
  std::future<std::optional<CorosyncQuorum>> quorum_job;
  if (live) quorum_job = std::async(std::launch::async, [deadline] { return query_votequorum(deadline); });
  CibQuery cib = query_cib();
  if (live) {
    // The quorum disk daemon's own view, as `qdiskd -s` prints it (none when it does not run here).
    if (auto qdisk = quorum::read_running_status()) in.qdisk_status = qdisk->status;
    in.quorum = quorum_job.get();
  }
  ToolResult mon = mon_job.get();
  // crm_mon reports its own failures inside the XML (and may exit 0 doing so).
  if (!mon.started || mon.timed_out || mon.out.find("<pacemaker-result") == std::string::npos)
    throw StatusError(mon.describe("crm_mon"));
  if (std::string problem = crm_mon_problem(mon.out); !problem.empty()) throw StatusError(problem);
  in.crm_mon_xml = mon.out;
  if (!cib.ok) throw StatusError(cib.error);
  in.cib_xml = cib.xml;
  utsname u{};
  if (uname(&u) == 0) in.local_host = u.nodename;
  return in;
}

}  // namespace vmha::admin
