// What fence_virtd does once a request is admitted. The libvirt backend follows fence-virt's
// answers: status of an unknown guest is OFF, off of an unknown guest fails, reboot leaves a
// stopped guest stopped.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "libvirt/libvirt_device.hpp"
#include "wire.hpp"

namespace vmha::virtd {

class Backend {
 public:
  virtual ~Backend() = default;
  virtual uint8_t perform(uint8_t command, const std::string& domain) = 0;  // a response byte
  virtual std::vector<xvm::HostState> hosts() = 0;
  // Backends that talk to peers (CPG) hand the server a descriptor to watch and a periodic tick.
  virtual int event_fd() { return -1; }
  virtual void on_event() {}
  virtual void tick() {}
};

class LibvirtBackend : public Backend {
 public:
  explicit LibvirtBackend(std::string uri) : uri_(std::move(uri)) {}
  uint8_t perform(uint8_t command, const std::string& domain) override;
  std::vector<xvm::HostState> hosts() override;

 private:
  fence::LibvirtDevice& device();  // (re)connects on demand: survives a libvirtd restart
  std::string uri_;
  std::unique_ptr<fence::LibvirtDevice> device_;
};

}  // namespace vmha::virtd
