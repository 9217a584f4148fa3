#include "cluster_reader.hpp"

#include <sys/utsname.h>

#include <cstdlib>

#include "tool_runner.hpp"

namespace vmha::admin {

StatusInputs read_cluster(std::chrono::steady_clock::time_point deadline) {
  StatusInputs in;
  ToolResult mon = run_tool({"crm_mon", "--one-shot", "--inactive", "--output-as=xml"}, deadline);
  // crm_mon reports its own failures inside the XML (and may exit 0 doing so).
  if (!mon.started || mon.timed_out || mon.out.find("<pacemaker-result") == std::string::npos)
    throw StatusError(mon.describe("crm_mon"));
  if (std::string problem = crm_mon_problem(mon.out); !problem.empty()) throw StatusError(problem);
  in.crm_mon_xml = mon.out;
  ToolResult cib = run_tool({"cibadmin", "--query", "--local"}, deadline);
  if (!cib.started || cib.timed_out || cib.exit_status != 0) throw StatusError(cib.describe("cibadmin"));
  in.cib_xml = cib.out;
  // A file CIB has no corosync behind it; a live host's quorum comes from corosync itself.
  if (!std::getenv("CIB_file")) {
    ToolResult q = run_tool({"corosync-quorumtool", "-s", "-p"}, deadline);
    // It exits non-zero when not quorate, yet still prints the summary.
    if (q.started && !q.timed_out && q.out.find("Quorate:") != std::string::npos) in.quorum_text = q.out;
    // The quorum disk daemon's own view (key: value lines); exit 3 when it does not run here.
    ToolResult d = run_tool({"qdiskd", "-s"}, deadline);
    if (d.started && !d.timed_out && d.exit_status == 0) in.qdisk_status = d.out;
  }
  utsname u{};
  if (uname(&u) == 0) in.local_host = u.nodename;
  return in;
}

}  // namespace vmha::admin
