// fence_virt.conf: nested "name { ... }" blocks of  key = "value";  lines with # comments.
// Parsed into "block/sub/key" paths (the same paths fence-virt's sc_get uses without '@'),
// then the subset vmha's fence_virtd serves is read out of it. Pure: text in, values out.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "wire.hpp"

namespace vmha::virtd {

// One "name { ... }" block as written: repeated blocks of the same name (groups { group {..}
// group {..} }) stay apart here, where the flat paths above merge them.
struct ConfigEntry {
  std::string key;
  std::string value;
  int line = 0;
  int column = 0;
};
struct ConfigBlock {
  std::string path;                  // "groups/group"
  int line = 0;                      // where it opens
  std::vector<ConfigEntry> entries;  // its own key = "value"; lines, in order
};

struct ConfigTree {
  std::multimap<std::string, std::string> values;        // "listeners/tcp/port" -> "1229"; repeatable keys kept
  std::map<std::string, std::pair<int, int>> positions;  // path -> (line, column) of its first value
  std::vector<ConfigBlock> blocks;                       // in the order they open
  std::optional<std::string> get(const std::string& path) const;
  std::string where(const std::string& path) const;  // "LINE:COLUMN:" of the path's value, or ""
  std::vector<const ConfigBlock*> blocks_at(const std::string& path) const;
};

// Bounds: fence-virt's own files are a few hundred bytes, three blocks deep.
constexpr size_t kMaxConfigBytes = 1 << 20;
constexpr size_t kMaxDepth = 32;
constexpr size_t kMaxNameLength = 256;

// error is "FILE:LINE:COLUMN: message" when the text does not parse (too large, too deep,
// a duplicate key or block, a syntax error); the tree is then empty.
struct ConfigParse {
  ConfigTree tree;
  std::string error;
};
ConfigParse parse_config_text(const std::string& text, const std::string& file_name);

struct DaemonConfig {
  std::string listener = "multicast";  // multicast | tcp
  std::string backend = "libvirt";     // libvirt | cpg
  std::string key_file = "/etc/cluster/fence_xvm.key";
  xvm::HashType hash = xvm::HashType::Sha256;  // minimum accepted request hash
  xvm::HashType auth = xvm::HashType::Sha256;  // challenge-response
  bool ipv6 = false;                           // the listener's family (`family`, else the address's form)
  std::string address;                         // multicast group or TCP bind address
  uint16_t port = xvm::kDefaultPort;
  std::string interface;               // multicast only
  std::string uri = "qemu:///system";  // backend URI
  std::string cpg_name_mode = "name";
};

// error names the config path that is wrong.
struct DaemonConfigResult {
  DaemonConfig config;
  std::string error;
};
DaemonConfigResult daemon_config(const ConfigTree& tree, const std::string& file_name);

}  // namespace vmha::virtd
