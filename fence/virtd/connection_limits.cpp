#include "connection_limits.hpp"

#include <map>

namespace vmha::virtd {

std::optional<uint64_t> connection_to_evict(const std::vector<PendingConnection>& pending, const std::string& source,
                                            const ConnectionLimits& limits) {
  std::map<std::string, size_t> per_source;
  for (const auto& p : pending) ++per_source[p.source];
  std::string victim_source;
  if (per_source[source] + 1 > limits.per_source) {
    victim_source = source;
  } else if (pending.size() + 1 > limits.total) {
    size_t most = 0;
    for (const auto& [s, n] : per_source)
      if (n > most) {
        most = n;
        victim_source = s;
      }
  } else {
    return std::nullopt;
  }
  const PendingConnection* oldest = nullptr;
  for (const auto& p : pending)
    if (p.source == victim_source && (!oldest || p.opened < oldest->opened)) oldest = &p;
  if (!oldest) return std::nullopt;  // limits of 0: nothing to evict, the caller refuses instead
  return oldest->id;
}

}  // namespace vmha::virtd
