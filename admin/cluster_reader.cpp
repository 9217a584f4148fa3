#include "cluster_reader.hpp"

#include <sys/utsname.h>

#include <cstdlib>
#include <future>
#include <optional>

#include "cib_query.hpp"
#include "io/status_file.hpp"
#include "pacemaker_status.hpp"
#include "pacemaker_thread.hpp"
#include "quorum_query.hpp"
#include "tool_runner.hpp"

namespace vmha::admin {

namespace {

struct PacemakerReads {
  PacemakerStatus status;
  CibQuery cib;
};

// crm_mon's document from the crm_mon process: only when libpacemaker cannot be loaded (not
// installed, or not the Pacemaker whose symbols vmha binds), since it costs a fork and crm_mon's
// whole start-up.
std::string run_crm_mon(std::chrono::steady_clock::time_point deadline) {
  ToolResult mon = run_tool({"crm_mon", "--one-shot", "--inactive", "--output-as=xml"}, deadline);
  // crm_mon reports its own failures inside the XML (and may exit 0 doing so).
  if (!mon.started || mon.timed_out || mon.out.find("<pacemaker-result") == std::string::npos)
    throw StatusError(mon.describe("crm_mon"));
  if (std::string problem = crm_mon_problem(mon.out); !problem.empty()) throw StatusError(problem);
  return mon.out;
}

}  // namespace

// The status (libpacemaker's pcmk_status(), crm_mon's document) and the CIB (libcib) are read on
// the Pacemaker thread, one after the other, while corosync's quorum and qdiskd's status are read
// beside them: no process is started, and a Pacemaker that does not answer is reported at the
// deadline.
StatusInputs read_cluster(std::chrono::steady_clock::time_point deadline, CibPart cib_part) {
  StatusInputs in;
  // A file CIB has no corosync behind it; a live host's quorum comes from corosync itself.
  const bool live = std::getenv("CIB_file") == nullptr;
  auto pacemaker_job = start_on_pacemaker_thread([cib_part] {
    PacemakerReads r;
    // The CIB query goes out first and the CIB manager answers it while libpacemaker builds the
    // status (its own CIB session, the fencer, pacemakerd), where one after the other the second
    // session's round trips came on top of everything libpacemaker waited for.
    auto cib = start_cib_query(cib_part);
    r.status = query_pacemaker_status();
    // The CIB's answer is not waited for when the status already says Pacemaker is not there.
    if (r.status.ok || !r.status.loaded) r.cib = finish_cib_query(std::move(cib));
    return r;
  });
  // Corosync's quorum on a thread of its own, beside the Pacemaker thread's work.
  std::optional<VotequorumQuery> votes;
  if (live) votes.emplace();
  // The quorum disk daemon's own view, as `qdiskd -s` prints it (none when it does not run here).
  if (live) {
    if (auto qdisk = quorum::read_running_status()) in.qdisk_status = qdisk->status;
  }
  std::optional<PacemakerReads> pacemaker = pacemaker_answer(pacemaker_job, deadline);
  if (votes) in.quorum = votes->answer(deadline);
  if (!pacemaker)
    throw StatusError("libpacemaker: no answer before the deadline (pacemakerd, the CIB manager or the fencer hangs)");
  if (pacemaker->status.loaded) {
    if (!pacemaker->status.ok) throw StatusError(pacemaker->status.error);
    in.crm_mon_xml = std::move(pacemaker->status.xml);
  } else {
    in.crm_mon_xml = run_crm_mon(deadline);
  }
  if (!pacemaker->cib.ok) throw StatusError(pacemaker->cib.error);
  in.cib_xml = std::move(pacemaker->cib.xml);
  utsname u{};
  if (uname(&u) == 0) in.local_host = u.nodename;
  return in;
}

}  // namespace vmha::admin
