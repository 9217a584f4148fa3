// libFuzzer target: any text as a topology goes through the reader and validate; what they
// accept goes through the three writers. It must never crash, every error must be one line with
// a position, and an accepted topology's corosync.conf must hold only well-formed lines (no value
// ever starts a key or a section of its own).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "cib_writer.hpp"
#include "cluster_conf_writer.hpp"
#include "corosync_conf_writer.hpp"
#include "topology_reader.hpp"
#include "validate.hpp"

using namespace vmha::config;

namespace {
void check_corosync(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  int depth = 0;
  while (std::getline(in, line)) {
    if (line.size() > 510) std::abort();
    auto start = line.find_first_not_of(' ');
    if (start == std::string::npos || line[start] == '#') continue;
    std::string body = line.substr(start);
    if (body == "}") {
      if (--depth < 0) std::abort();
    } else if (body.size() > 2 && body.compare(body.size() - 2, 2, " {") == 0) {
      if (body.find('{') != body.size() - 1 || body.find(':') != std::string::npos) std::abort();
      ++depth;
    } else if (body.find(": ") == std::string::npos || body.find('{') != std::string::npos) {
      std::abort();
    }
  }
  if (depth != 0) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  ReadResult r = read_topology(text);
  if (r.diagnostics.empty()) validate(r.topology, r.diagnostics);
  if (!r.diagnostics.empty()) {
    std::string report = r.diagnostics.format("fuzz.yaml");
    std::istringstream lines(report);
    std::string line;
    std::size_t n = 0;
    while (std::getline(lines, line)) {
      if (line.rfind("fuzz.yaml:", 0) != 0 || line.find(": error: ") == std::string::npos) std::abort();
      ++n;
    }
    if (n != r.diagnostics.errors().size()) std::abort();  // one line per error, never more
    return 0;
  }
  write_cluster_conf(r.topology);
  write_cib(r.topology, {});
  check_corosync(write_corosync_conf(r.topology));
  return 0;
}
