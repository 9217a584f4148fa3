#include "utilization.hpp"

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "ocf/child_process.hpp"
#include "vmha/log.hpp"
#include "vmha/atomic_file.hpp"

namespace vmha::agents {
namespace {

std::map<std::string, std::string> parse_lines(const std::string& text) {
  std::map<std::string, std::string> m;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    auto eq = line.find('=');
    if (eq != std::string::npos) m[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return m;
}

void consider(std::vector<UtilizationChange>& out, const std::map<std::string, std::string>& last,
              const char* attribute, std::optional<long long> value, bool unset) {
  auto it = last.find(attribute);
  if (value) {
    if (it == last.end() || it->second != std::to_string(*value)) out.push_back({attribute, value});
  } else if (unset) {
    if (it == last.end() || !it->second.empty()) out.push_back({attribute, std::nullopt});
  }
}

}  // namespace

std::vector<UtilizationChange> utilization_changes(const UtilizationWish& w, const std::string& last_written) {
  auto last = parse_lines(last_written);
  std::vector<UtilizationChange> out;
  consider(out, last, "cpu", w.cpu, w.unset_cpu);
  consider(out, last, "host_memory", w.host_memory, w.unset_host_memory);
  consider(out, last, "hv_memory", w.hv_memory, w.unset_hv_memory);
  return out;
}

std::string apply_changes(const std::string& last_written, const std::vector<UtilizationChange>& changes) {
  auto m = parse_lines(last_written);
  for (const auto& c : changes) m[c.attribute] = c.value ? std::to_string(*c.value) : "";
  std::string out;
  for (const auto& [k, v] : m) out += k + "=" + v + "\n";
  return out;
}

void update_utilization(const ocf::EnvMap& env, const std::string& resource, const UtilizationWish& wish,
                        Deadline deadline) {
  if (resource.empty()) return;
  std::string dir(ocf::lookup(env, "HA_RSCTMP").value_or("/run/resource-agents"));
  std::string path = dir + "/vmha-VirtualDomain-" + resource + ".utilization";
  std::string last;
  if (std::ifstream in(path); in) {
    std::stringstream b;
    b << in.rdbuf();
    last = b.str();
  }
  auto changes = utilization_changes(wish, last);
  if (changes.empty()) return;
  std::vector<UtilizationChange> done;
  for (const auto& c : changes) {
    std::vector<std::string> argv = {"crm_resource", "--resource", resource, "--utilization"};
    if (c.value) {
      argv.insert(argv.end(), {"--set-parameter", c.attribute, "--parameter-value", std::to_string(*c.value)});
    } else {
      argv.insert(argv.end(), {"--delete-parameter", c.attribute});
    }
    auto r = ocf::run_child(argv, deadline);
    // Deleting an attribute that is not there is not a failure worth retrying every monitor.
    if (r.succeeded() || (!c.value && r.started && !r.timed_out)) {
      done.push_back(c);
      log::info("utilization ", c.attribute, c.value ? " set to " + std::to_string(*c.value) : " removed");
    } else {
      log::warning("crm_resource could not update utilization ", c.attribute, ": ", r.describe(), " ", r.output);
    }
  }
  if (done.empty()) return;
  if (std::string err = write_file_atomically(path, apply_changes(last, done), 0644); !err.empty())
    log::debug("cannot remember the utilization written: ", err);
}

}  // namespace vmha::agents
