// libFuzzer target: any text as a cluster.conf goes through the importer and validate. It must
// never crash; what it accepts must be a topology that reads back through the topology reader
// and validate without an error (import writes only what its own validate accepts).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "canonical_xml.hpp"
#include "cluster_conf_reader.hpp"
#include "topology_reader.hpp"
#include "topology_writer.hpp"
#include "validate.hpp"

using namespace vmha::config;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string error;
  canonical_cluster_conf(text, error);  // compare's reader
  ImportResult r = read_cluster_conf(text);
  if (r.diagnostics.empty()) validate(r.topology, r.diagnostics);
  if (!r.diagnostics.empty()) return 0;
  ReadResult back = read_topology(write_topology(r.topology, "fuzz"));
  if (back.diagnostics.empty()) validate(back.topology, back.diagnostics);
  if (!back.diagnostics.empty()) std::abort();
  return 0;
}
