#include "cluster_reader.hpp"

#include <sys/utsname.h>

#include <cstdlib>
#include <future>

#include "cib_query.hpp"
#include "tool_runner.hpp"

namespace vmha::admin {

namespace {
std::future<ToolResult> start(std::vector<std::string> argv, std::chrono::steady_clock::time_point deadline) {
  return std::async(std::launch::async, [argv = std::move(argv), deadline] { return run_tool(argv, deadline); });
}
}  // namespace

// The tools run side by side while the CIB is read in-process: the wall time is the slowest of
// them (crm_mon, which runs the scheduler), not their sum.
StatusInputs read_cluster(std::chrono::steady_clock::time_point deadline) {
  StatusInputs in;
  auto mon_job = start({"crm_mon", "--one-shot", "--inactive", "--output-as=xml"}, deadline);
  // A file CIB has no corosync behind it; a live host's quorum comes from corosync itself.
  const bool live = std::getenv("CIB_file") == nullptr;
  std::future<ToolResult> quorum_job, qdisk_job;
  if (live) {
    quorum_job = start({"corosync-quorumtool", "-s", "-p"}, deadline);
    // The quorum disk daemon's own view (key: value lines); exit 3 when it does not run here.
    qdisk_job = start({"qdiskd", "-s"}, deadline);
  }
  CibQuery cib = query_cib();
  ToolResult mon = mon_job.get();
  ToolResult q, d;
  if (live) {
    q = quorum_job.get();
    d = qdisk_job.get();
  }
  // crm_mon reports its own failures inside the XML (and may exit 0 doing so).
  if (!mon.started || mon.timed_out || mon.out.find("<pacemaker-result") == std::string::npos)
    throw StatusError(mon.describe("crm_mon"));
  if (std::string problem = crm_mon_problem(mon.out); !problem.empty()) throw StatusError(problem);
  in.crm_mon_xml = mon.out;
  if (!cib.ok) throw StatusError(cib.error);
  in.cib_xml = cib.xml;
  // It exits non-zero when not quorate, yet still prints the summary.
  if (q.started && !q.timed_out && q.out.find("Quorate:") != std::string::npos) in.quorum_text = q.out;
  if (d.started && !d.timed_out && d.exit_status == 0) in.qdisk_status = d.out;
  utsname u{};
  if (uname(&u) == 0) in.local_host = u.nodename;
  return in;
}

}  // namespace vmha::admin
