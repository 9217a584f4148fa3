#include "host_simulate.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tool_runner.hpp"

namespace vmha::admin {
namespace {

// A private directory for the copies, removed whatever happens.
struct ScratchDir {
  std::string path;
  ScratchDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/vmha-sim.XXXXXX";
    if (!mkdtemp(templ.data())) throw StatusError("crm_simulate: cannot make a scratch directory in " + templ);
    path = templ;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

std::string slurp(const std::string& file) {
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void run_ok(const std::vector<std::string>& argv, const std::string& cib_file,
            std::chrono::steady_clock::time_point deadline, ToolResult* out = nullptr) {
  // env(1) sets CIB_file for this one tool: Pacemaker's tools then work on the file, not the cluster.
  std::vector<std::string> full{"env", "CIB_file=" + cib_file};
  full.insert(full.end(), argv.begin(), argv.end());
  ToolResult r = run_tool(full, deadline);
  if (!r.started || r.timed_out || r.exit_status != 0)
    throw StatusError(r.describe(argv.front()) + " (on a copy of the CIB)");
  if (out) *out = std::move(r);
}

}  // namespace

Simulation simulate_change(const std::string& cib_xml, const std::vector<std::vector<std::string>>& edits,
                           std::chrono::steady_clock::time_point deadline) {
  ScratchDir dir;
  const std::string in = dir.path + "/in.xml", out = dir.path + "/out.xml", graph = dir.path + "/graph.xml";
  {
    std::ofstream f(in);
    f << cib_xml;
    if (!f.flush()) throw StatusError("crm_simulate: cannot write a copy of the CIB to " + in);
  }
  for (const auto& e : edits) run_ok(e, in, deadline);
  ToolResult sim =
      run_tool({"crm_simulate", "--xml-file", in, "--simulate", "--save-output", out, "--save-graph", graph, "--quiet"},
               deadline);
  if (!sim.started || sim.timed_out || sim.exit_status != 0) throw StatusError(sim.describe("crm_simulate"));
  Simulation s;
  s.graph_xml = slurp(graph);
  s.after.cib_xml = slurp(out);
  if (s.after.cib_xml.empty()) throw StatusError("crm_simulate: saved no result");
  // The crm_mon process, not libpacemaker's pcmk_status() as vmha status uses: pcmk_status() takes
  // its CIB file only from this process's CIB_file, which cannot be set safely while other threads
  // run, and a plan forks crm_simulate and its edits anyway.
  ToolResult mon;
  run_ok({"crm_mon", "--one-shot", "--inactive", "--output-as=xml"}, out, deadline, &mon);
  s.after.crm_mon_xml = mon.out;
  return s;
}

}  // namespace vmha::admin
