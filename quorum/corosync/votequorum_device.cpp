#include "corosync/votequorum_device.hpp"

#include "core/disk_format.hpp"

namespace vmha::quorum {

const char* cs_error_name(cs_error_t e) {
  switch (e) {
    case CS_OK:
      return "ok";
    case CS_ERR_LIBRARY:
      return "corosync not reachable";
    case CS_ERR_TRY_AGAIN:
      return "try again";
    case CS_ERR_INVALID_PARAM:
      return "invalid parameter (wrong device name?)";
    case CS_ERR_ACCESS:
      return "access denied (quorum device disabled by corosync.conf: two_node, LMS, ATB or votes?)";
    case CS_ERR_EXIST:
      return "another quorum device name is registered";
    case CS_ERR_NOT_EXIST:
      return "device not registered";
    case CS_ERR_MESSAGE_ERROR:
      return "stale ring id";
    case CS_ERR_BAD_HANDLE:
      return "bad handle";
    default:
      return "corosync error";
  }
}

VotequorumDevice::~VotequorumDevice() {
  if (connected_) votequorum_finalize(handle_);
}

void VotequorumDevice::nodelist_cb(votequorum_handle_t h, uint64_t, votequorum_ring_id_t ring, uint32_t n,
                                   uint32_t nodes[]) {
  void* ctx = nullptr;
  votequorum_context_get(h, &ctx);
  auto* self = static_cast<VotequorumDevice*>(ctx);
  self->ring_ = ring;
  self->members_ = 0;
  for (uint32_t i = 0; i < n; ++i) self->members_ |= node_bit(nodes[i]);
  if (self->on_membership) self->on_membership();
}

void VotequorumDevice::quorum_cb(votequorum_handle_t h, uint64_t, uint32_t quorate, uint32_t, votequorum_node_t[]) {
  void* ctx = nullptr;
  votequorum_context_get(h, &ctx);
  static_cast<VotequorumDevice*>(ctx)->quorate_ = quorate != 0;
}

bool VotequorumDevice::connect(std::string& error) {
  votequorum_callbacks_t cb{};
  cb.votequorum_quorum_notify_fn = quorum_cb;
  cb.votequorum_nodelist_notify_fn = nodelist_cb;
  cs_error_t rc = votequorum_initialize(&handle_, &cb);
  if (rc != CS_OK) {
    error = std::string("votequorum_initialize: ") + cs_error_name(rc);
    return false;
  }
  connected_ = true;
  votequorum_context_set(handle_, this);
  votequorum_fd_get(handle_, &fd_);
  rc = votequorum_trackstart(handle_, 0, CS_TRACK_CURRENT | CS_TRACK_CHANGES);
  if (rc != CS_OK) {
    error = std::string("votequorum_trackstart: ") + cs_error_name(rc);
    return false;
  }
  // CS_TRACK_CURRENT delivers the current ring id and membership right away.
  votequorum_dispatch(handle_, CS_DISPATCH_ALL);
  return true;
}

bool VotequorumDevice::register_device(std::string& error) {
  cs_error_t rc = votequorum_qdevice_register(handle_, kDeviceName);
  if (rc != CS_OK) {
    error = std::string("votequorum_qdevice_register(") + kDeviceName + "): " + cs_error_name(rc);
    return false;
  }
  registered_ = true;
  return true;
}

bool VotequorumDevice::set_master_wins(bool allow, std::string& error) {
  cs_error_t rc = votequorum_qdevice_master_wins(handle_, kDeviceName, allow ? 1 : 0);
  if (rc != CS_OK) {
    error = std::string("votequorum_qdevice_master_wins: ") + cs_error_name(rc);
    return false;
  }
  return true;
}

std::string VotequorumDevice::poll(bool cast_vote) {
  cs_error_t rc = votequorum_qdevice_poll(handle_, kDeviceName, cast_vote ? 1 : 0, ring_);
  return rc == CS_OK ? "" : std::string("votequorum_qdevice_poll: ") + cs_error_name(rc);
}

void VotequorumDevice::unregister() {
  if (!registered_) return;
  votequorum_qdevice_unregister(handle_, kDeviceName);
  registered_ = false;
}

bool VotequorumDevice::dispatch() {
  cs_error_t rc = votequorum_dispatch(handle_, CS_DISPATCH_ALL);
  return rc == CS_OK || rc == CS_ERR_TRY_AGAIN;
}

}  // namespace vmha::quorum
