// The quorum device face of votequorum: register under one cluster-wide name, follow the
// ring id and membership from the nodelist callback, poll with cast_vote, unregister.
#pragma once
#include <corosync/votequorum.h>

#include <cstdint>
#include <functional>
#include <string>

namespace vmha::quorum {

constexpr const char* kDeviceName = "QDisk";

class VotequorumDevice {
 public:
  ~VotequorumDevice();
  bool connect(std::string& error);
  bool register_device(std::string& error);
  bool set_master_wins(bool allow, std::string& error);
  // Polls with the current ring id. Returns "" when accepted, else the reason.
  std::string poll(bool cast_vote);
  void unregister();
  int fd() const { return fd_; }
  // Runs pending callbacks; false when the connection to corosync is gone.
  bool dispatch();

  std::uint64_t members_mask() const { return members_; }
  votequorum_ring_id_t ring_id() const { return ring_; }
  bool quorate() const { return quorate_; }
  std::function<void()> on_membership;  // after every nodelist callback (sync!)

 private:
  static void nodelist_cb(votequorum_handle_t, uint64_t, votequorum_ring_id_t, uint32_t, uint32_t[]);
  static void quorum_cb(votequorum_handle_t, uint64_t, uint32_t, uint32_t, votequorum_node_t[]);

  votequorum_handle_t handle_ = 0;
  bool connected_ = false;
  bool registered_ = false;
  int fd_ = -1;
  votequorum_ring_id_t ring_{0, 0};
  std::uint64_t members_ = 0;
  bool quorate_ = false;
};

const char* cs_error_name(cs_error_t e);

}  // namespace vmha::quorum
