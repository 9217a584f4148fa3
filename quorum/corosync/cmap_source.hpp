// Reads qdiskd's configuration and the facts it needs from the running corosync's cmap.
#pragma once
#include <cstdint>
#include <map>
#include <string>

namespace vmha::quorum {

struct CorosyncFacts {
  std::map<std::string, std::string> device_keys;  // quorum.device.* as text
  std::string cluster_name;                         // totem.cluster_name
  std::uint32_t local_node = 0;                     // runtime.votequorum.this_node_id
  std::size_t nodelist_size = 0;                    // nodelist.node.N entries
};

// One connection, one snapshot. error names what could not be read.
bool read_corosync_facts(CorosyncFacts& facts, std::string& error);

}  // namespace vmha::quorum
