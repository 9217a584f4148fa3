// Reads qdiskd's configuration and the facts it needs from the running corosync's cmap.
#pragma once
#include <cstdint>
#include <map>
#include <string>

#include <corosync/cmap.h>

namespace vmha::quorum {

struct CorosyncFacts {
  std::map<std::string, std::string> device_keys;  // quorum.device.* as text
  std::string cluster_name;                        // totem.cluster_name
  std::uint32_t local_node = 0;                    // runtime.votequorum.this_node_id
  std::size_t nodelist_size = 0;                   // nodelist.node.N entries
};

// One connection, one snapshot. error names what could not be read.
bool read_corosync_facts(CorosyncFacts& facts, std::string& error);

}  // namespace vmha::quorum

namespace vmha::quorum {

// Watches quorum.device.* in cmap, so `corosync-cfgtool -R` (or corosync-cmapctl -s) reaches
// qdiskd without a signal. Changes made during a corosync config reload are reported once the
// reload is over (config.reload_in_progress back to 0), so qdiskd never reads a half-new set.
class CmapWatcher {
 public:
  ~CmapWatcher();
  bool start(std::string& error);
  int fd() const { return fd_; }
  bool dispatch();  // false when corosync is gone
  bool take_change() {
    bool c = changed_;
    changed_ = false;
    return c;
  }

 private:
  static void notify(cmap_handle_t, cmap_track_handle_t, int32_t, const char*, struct cmap_notify_value,
                     struct cmap_notify_value, void*);
  cmap_handle_t handle_ = 0;
  bool connected_ = false;
  int fd_ = -1;
  bool in_reload_ = false;
  bool pending_ = false;
  bool changed_ = false;
};

}  // namespace vmha::quorum
