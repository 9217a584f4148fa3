// qdiskd's configuration, read from corosync's cmap under quorum.device (there is no file of
// qdiskd's own). One table (config.cpp, kOptions) declares every key once: its type, bounds,
// default and meaning; parsing, validation, defaults and `qdiskd --keys` all come from it.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/cycle.hpp"
#include "core/score.hpp"

namespace vmha::quorum {

enum class HeuristicsMode { Off, Sync, On };

struct QdiskConfig {
  std::string device;                            // quorum.device.disk.device
  std::string label;                             // quorum.device.disk.label
  std::uint32_t votes = 1;                       // quorum.device.votes (corosync counts them; shown in status)
  std::uint32_t device_timeout_ms = 10000;       // quorum.device.timeout
  std::uint32_t device_sync_timeout_ms = 30000;  // quorum.device.sync_timeout
  std::uint32_t interval = 1;                    // seconds per cycle
  std::uint32_t tko = 4;
  std::uint32_t tko_up = 0;  // 0 = derived
  std::uint32_t upgrade_wait = 2;
  std::uint32_t master_wait = 0;  // 0 = derived
  std::uint32_t io_timeout = 0;   // seconds, 0 = derived
  std::uint32_t min_score = 0;    // 0 = derived
  bool reboot = false;
  std::optional<bool> master_wins;  // nullopt = auto (on for a two-node nodelist)
  HeuristicsMode heuristics_mode = HeuristicsMode::Off;
  bool heuristics_mode_given = false;
  std::uint32_t heuristics_interval_ms = 0;  // 0 = derived
  std::uint32_t heuristics_timeout_ms = 0;   // 0 = derived
  std::vector<HeuristicSpec> heuristics;

  CycleConfig cycle() const;
  bool master_wins_effective(std::size_t nodelist_size) const;
};

struct ConfigResult {
  QdiskConfig config;
  std::vector<std::string> warnings;
  std::string error;  // one line naming the key; empty = usable
};

// `keys` holds cmap keys with their values as text (e.g. "quorum.device.disk.tko" -> "4").
ConfigResult parse_config(const std::map<std::string, std::string>& keys);

// The table as text: one line per key with type, default and meaning (qdiskd --keys).
std::string describe_keys();

constexpr const char* kDevicePrefix = "quorum.device.";

}  // namespace vmha::quorum
