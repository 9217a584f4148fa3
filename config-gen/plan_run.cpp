// run_plan: the scheduler's runs behind a plan. One crm_simulate for the steady state (every
// host up, from an empty status), then one per failure scenario on the CIB that states that
// steady state, several processes at once.
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <thread>

#include "cib_writer.hpp"
#include "plan.hpp"

namespace vmha::config {

namespace {

// A private directory for the planner's CIBs, removed with everything in it.
class WorkDirectory {
 public:
  WorkDirectory() {
    const char* tmp = getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/vmha-plan.XXXXXX";
    if (mkdtemp(pattern.data())) path_ = pattern;
  }
  ~WorkDirectory() {
    for (const auto& file : files_) unlink(file.c_str());
    if (!path_.empty()) rmdir(path_.c_str());
  }
  WorkDirectory(const WorkDirectory&) = delete;
  WorkDirectory& operator=(const WorkDirectory&) = delete;
  bool ok() const { return !path_.empty(); }
  // Writes `text` as NAME in the directory; returns its path, empty on failure.
  std::string write(const std::string& name, const std::string& text) {
    std::string file = path_ + "/" + name;
    files_.push_back(file);
    std::ofstream out(file);
    out << text;
    out.close();
    return out ? file : std::string();
  }

 private:
  std::string path_;
  std::vector<std::string> files_;
};

}  // namespace

Plan run_plan(const Topology& t, PlanOptions options, std::string& error) {
  Plan plan;
  plan.cluster = t.cluster.get_or("name", "");
  plan.failures = options.failures;
  WorkDirectory work;
  if (!work.ok()) {
    error = "cannot create a temporary directory for the scheduler's input";
    return plan;
  }
  const std::string cib = write_cib(t);
  // Every host up, nothing running yet: where the scheduler starts each guest.
  std::string empty_file = work.write("every-host-up.xml", planner_cib(t, cib, {}));
  Simulation first = simulate({empty_file, {}, true});
  if (!first.error.empty()) {
    error = first.error;
    return plan;
  }
  const std::map<std::string, std::string> steady = apply_actions({}, first);
  plan.scenarios.push_back(outcome(t, {}, true, steady, steady));
  const std::string steady_cib = planner_cib(t, cib, steady);
  std::string steady_file = work.write("steady.xml", steady_cib);
  if (!options.save_cib.empty()) {
    std::ofstream keep(options.save_cib);
    keep << steady_cib;
    if (!keep) error = "cannot write " + options.save_cib;
  }
  if (empty_file.empty() || steady_file.empty()) {
    const char* tmpdir = getenv("TMPDIR");  // read once: the null test and the use see one value
    error = "cannot write the scheduler's input in " + std::string(tmpdir ? tmpdir : "/tmp");
    return plan;
  }

  auto sets = options.only;
  if (sets.empty()) {
    sets = failure_sets(t, options.failures);
    sets.erase(sets.begin());  // every host up: done above
  }
  std::vector<Scenario> results(sets.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < sets.size(); i = next++) {
      SimulateRequest request = failure_request(t, steady_file, sets[i], steady);
      request.timeout_seconds = options.scenario_timeout;
      const bool quorum = request.quorum.value_or(true);
      Simulation run = simulate(request);
      if (!run.error.empty()) {
        results[i].failed = sets[i];
        results[i].error = run.error;
        continue;
      }
      results[i] = outcome(t, sets[i], quorum, steady, apply_actions(steady, run));
    }
  };
  int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> threads;
  for (int j = 0; j < jobs && static_cast<std::size_t>(j) < sets.size(); ++j) threads.emplace_back(worker);
  for (auto& thread : threads) thread.join();
  for (auto& s : results) plan.scenarios.push_back(std::move(s));
  return plan;
}

}  // namespace vmha::config
