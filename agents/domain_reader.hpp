// What a monitor needs to know about a guest, whoever answers it: libvirt's client library
// (LibvirtSession) or the agents' own small RPC client for the local daemon (LibvirtWire).
#pragma once
#include <optional>
#include <string>

namespace vmha::agents {

struct DomainStatus {
  int state;   // virDomainState
  int reason;  // its per-state reason enum
};

struct DomainResources {
  unsigned int vcpus;
  unsigned long long max_memory_kib;
};

class DomainReader {
 public:
  virtual ~DomainReader() = default;
  virtual std::optional<DomainStatus> status(const std::string& name) = 0;  // nullopt: no such domain
  virtual DomainResources resources(const std::string& name) = 0;
};

}  // namespace vmha::agents
