// The cluster-wide backend: every host's fence_virtd joins one CPG group, shares the guests its
// libvirt knows, and a request for a guest that runs on another host is carried out there.
#pragma once
#include <corosync/cpg.h>

#include <map>

#include "backend.hpp"
#include "cpg_protocol.hpp"

namespace vmha::virtd {

class CpgBackend : public Backend {
 public:
  CpgBackend(std::string uri, std::string group);
  ~CpgBackend() override;
  std::string open();  // error text or ""

  uint8_t perform(uint8_t command, const std::string& domain) override;
  std::vector<xvm::HostState> hosts() override;
  int event_fd() override { return fd_; }
  void on_event() override;
  void tick() override;

  // called from libcpg callbacks
  void deliver(uint32_t from, const std::string& text);
  void membership(const std::vector<uint32_t>& members);

 private:
  std::vector<GuestEntry> local_guests();
  void send(const CpgMessage& m);
  void announce();

  LibvirtBackend local_;
  std::string group_;
  cpg_handle_t handle_ = 0;
  int fd_ = -1;
  uint32_t self_ = 0;
  uint32_t next_id_ = 1;
  double last_announce_ = 0;
  std::map<uint32_t, std::vector<GuestEntry>> lists_;  // node id -> its guests (members only)
  std::map<uint32_t, uint8_t> results_;                // request id -> result from the acting node
};

}  // namespace vmha::virtd
