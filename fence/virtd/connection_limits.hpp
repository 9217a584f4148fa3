// Which connection fence_virtd closes to make room for a new one. Connections that have not yet
// proven they hold the key (no signed request read) are "pending"; they are cheap to open, so
// they are bounded per source address and in all. A connection whose request passed the gate is
// never counted or evicted here: garbage must not be able to push a real fence request out.
// Pure (no sockets), so the policy is unit-tested by tables.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vmha::virtd {

struct ConnectionLimits {
  size_t per_source = 32;  // pending connections one address may hold
  size_t total = 256;      // pending connections in all (far below the 1024 descriptors of a default ulimit)
};

struct PendingConnection {
  uint64_t id = 0;
  std::string source;
  double opened = 0;
};

// The pending connection to close so that one more from `source` fits, or nullopt when it fits.
// Over the per-source bound: that source's oldest. Over the total: the oldest of the source that
// holds the most (one flooding address cannot evict another address's single connection).
std::optional<uint64_t> connection_to_evict(const std::vector<PendingConnection>& pending, const std::string& source,
                                            const ConnectionLimits& limits);

}  // namespace vmha::virtd
