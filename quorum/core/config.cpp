#include "core/config.hpp"

#include "core/sync_hold.hpp"

#include <functional>
#include <sstream>

namespace vmha::quorum {
namespace {

enum class Kind { Count, Flag, Path, Mode };

struct Option {
  const char* key;  // below quorum.device.
  Kind kind;
  std::uint32_t min;
  std::uint32_t max;
  const char* default_text;
  const char* meaning;
  std::function<void(QdiskConfig&, std::uint32_t, const std::string&)> set;
};

// Every key qdiskd reads, once. Heuristic keys exec_NAME / score_NAME / tko_NAME are
// families and are handled after the table.
const std::vector<Option>& options() {
  static const std::vector<Option> table = {
      {"model", Kind::Path, 0, 0, "(required)", "must be `disk` for qdiskd",
       [](QdiskConfig&, std::uint32_t, const std::string&) {}},
      {"votes", Kind::Count, 1, 65535, "corosync's: nodes-1 when unset",
       "votes the disk adds when this host casts it (corosync reads it; write 1 for two nodes)",
       [](QdiskConfig& c, std::uint32_t v, const std::string&) { c.votes = v; }},
      {"timeout", Kind::Count, 1000, 3600000, "10000",
       "ms without a poll before corosync drops the device (corosync reads it)",
       [](QdiskConfig& c, std::uint32_t v, const std::string&) { c.device_timeout_ms = v; }},
      {"sync_timeout", Kind::Count, 1000, 3600000, "30000",
       "ms corosync's sync waits for the device after a membership change (corosync reads it); qdiskd holds its answer "
       "while a lost master is taken over, at most this less 2 s",
       [](QdiskConfig& c, std::uint32_t v, const std::string&) { c.device_sync_timeout_ms = v; }},
      {"disk.device", Kind::Path, 0, 0, "none", "path of the shared block device or file (this or label)",
       [](QdiskConfig& c, std::uint32_t, const std::string& s) { c.device = s; }},
      {"disk.label", Kind::Path, 0, 0, "none", "find the disk by the label mkqdisk -l wrote; with device: must match",
       [](QdiskConfig& c, std::uint32_t, const std::string& s) { c.label = s; }},
      {"disk.interval", Kind::Count, 1, 3600, "1", "seconds per read/write cycle",
       [](QdiskConfig& c, std::uint32_t v, const std::string&) { c.interval = v; }},
      {"disk.tko", Kind::Count, 2, 1000, "4", "cycles a host may miss before it is declared dead and evicted",
       [](QdiskConfig& c, std::uint32_t v, const std::string&) { c.tko = v; }},
      {"disk.tko_up", Kind::Count, 1, 1000, "max(2, tko/3)", "cycles a host must be seen before it counts as online",
       [](QdiskConfig& c, std::uint32_t v, const std::string&) { c.tko_up = v; }},
      {"disk.upgrade_wait", Kind::Count, 1, 1000, "2", "cycles with a sufficient score before bidding for master",
       [](QdiskConfig& c, std::uint32_t v, const std::string&) { c.upgrade_wait = v; }},
      {"disk.master_wait", Kind::Count, 2, 1000, "max(tko/2, tko_up+1)",
       "cycles a bid stands before the bidder is master; > tko_up",
       [](QdiskConfig& c, std::uint32_t v, const std::string&) { c.master_wait = v; }},
      {"disk.io_timeout", Kind::Count, 1, 3600, "max(1, interval*tko/2)",
       "seconds one disk read or write may take before it counts as failed",
       [](QdiskConfig& c, std::uint32_t v, const std::string&) { c.io_timeout = v; }},
      {"disk.min_score", Kind::Count, 0, 1000000, "n/2+1 of the heuristics' total n (1 without heuristics)",
       "score needed to cast the vote; 0 = default",
       [](QdiskConfig& c, std::uint32_t v, const std::string&) { c.min_score = v; }},
      {"disk.reboot", Kind::Flag, 0, 1, "0", "1 = reboot this host when evicted or when the score drops",
       [](QdiskConfig& c, std::uint32_t v, const std::string&) { c.reboot = v != 0; }},
      {"disk.master_wins", Kind::Flag, 0, 1, "1 for a two-node nodelist, else 0",
       "only the master casts the vote (votequorum master_wins)",
       [](QdiskConfig& c, std::uint32_t v, const std::string&) { c.master_wins = v != 0; }},
      {"heuristics.mode", Kind::Mode, 0, 0, "on if any exec_ key, else off",
       "on: run every interval; sync: at start and membership changes; off: ignore",
       [](QdiskConfig& c, std::uint32_t v, const std::string&) {
         c.heuristics_mode = static_cast<HeuristicsMode>(v);
         c.heuristics_mode_given = true;
       }},
      {"heuristics.interval", Kind::Count, 100, 3600000, "1000*disk.interval", "ms between runs in mode on",
       [](QdiskConfig& c, std::uint32_t v, const std::string&) { c.heuristics_interval_ms = v; }},
      {"heuristics.timeout", Kind::Count, 10, 3600000, "heuristics.interval",
       "ms a run may take; longer = failed (killed)",
       [](QdiskConfig& c, std::uint32_t v, const std::string&) { c.heuristics_timeout_ms = v; }},
  };
  return table;
}

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::Count:
      return "number";
    case Kind::Flag:
      return "0|1";
    case Kind::Path:
      return "text";
    case Kind::Mode:
      return "on|sync|off";
  }
  return "";
}

std::optional<std::uint32_t> parse_count(const std::string& text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  std::uint32_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return v;
}

std::optional<std::uint32_t> parse_flag(const std::string& t) {
  if (t == "1" || t == "on" || t == "yes" || t == "true") return 1;
  if (t == "0" || t == "off" || t == "no" || t == "false") return 0;
  return std::nullopt;
}

std::optional<std::uint32_t> parse_mode(const std::string& t) {
  if (t == "off") return static_cast<std::uint32_t>(HeuristicsMode::Off);
  if (t == "sync") return static_cast<std::uint32_t>(HeuristicsMode::Sync);
  if (t == "on") return static_cast<std::uint32_t>(HeuristicsMode::On);
  return std::nullopt;
}

bool valid_heuristic_name(const std::string& n) {
  if (n.empty() || n.size() > 32) return false;
  for (char c : n)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  return true;
}

}  // namespace

CycleConfig QdiskConfig::cycle() const {
  return CycleConfig{tko, tko_up, upgrade_wait, master_wait, master_wins.value_or(false)};
}

bool QdiskConfig::master_wins_effective(std::size_t nodelist_size) const {
  return master_wins.value_or(nodelist_size == 2);
}

ConfigResult parse_config(const std::map<std::string, std::string>& keys) {
  ConfigResult r;
  QdiskConfig& c = r.config;
  const std::string prefix = kDevicePrefix;
  std::map<std::string, HeuristicSpec> heuristics;
  auto fail = [&](const std::string& key, const std::string& why) {
    r.error = key + ": " + why;
    return r;
  };

  for (const auto& [full_key, value] : keys) {
    if (full_key.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string key = full_key.substr(prefix.size());
    if (key.rfind("heuristics.exec_", 0) == 0 || key.rfind("heuristics.score_", 0) == 0 ||
        key.rfind("heuristics.tko_", 0) == 0) {
      const std::string rest = key.substr(std::string("heuristics.").size());
      const std::size_t cut = rest.find('_');
      const std::string what = rest.substr(0, cut), name = rest.substr(cut + 1);
      if (!valid_heuristic_name(name)) return fail(full_key, "heuristic name must be 1-32 of [A-Za-z0-9_-]");
      HeuristicSpec& h = heuristics[name];
      h.name = name;
      if (what == "exec") {
        if (value.empty()) return fail(full_key, "empty command");
        h.command = value;
      } else {
        auto v = parse_count(value);
        if (!v || *v < 1 || *v > 1000) return fail(full_key, "'" + value + "' is not a number in 1..1000");
        (what == "score" ? h.score : h.tko) = *v;
      }
      continue;
    }
    const Option* opt = nullptr;
    for (const auto& o : options())
      if (key == o.key) opt = &o;
    if (!opt) {
      // Other models' sections (net.*) and corosync's own keys are not ours to judge.
      if (key.rfind("disk.", 0) == 0 || key.rfind("heuristics.", 0) == 0)
        r.warnings.push_back(full_key + ": unknown key, ignored");
      continue;
    }
    std::optional<std::uint32_t> v;
    switch (opt->kind) {
      case Kind::Path:
        v = 0;
        break;
      case Kind::Count:
        v = parse_count(value);
        if (!v || *v < opt->min || *v > opt->max)
          return fail(full_key, "'" + value + "' is not a number in " + std::to_string(opt->min) + ".." +
                                    std::to_string(opt->max));
        break;
      case Kind::Flag:
        v = parse_flag(value);
        if (!v) return fail(full_key, "'" + value + "' is not 0 or 1");
        break;
      case Kind::Mode:
        v = parse_mode(value);
        if (!v) return fail(full_key, "'" + value + "' is not on, sync or off");
        break;
    }
    opt->set(c, *v, value);
  }

  auto model = keys.find(prefix + "model");
  if (model == keys.end()) return fail(prefix + "model", "missing (want `disk`)");
  if (model->second != "disk") return fail(prefix + "model", "'" + model->second + "' is not `disk`");
  if (c.device.empty() && c.label.empty())
    return fail(prefix + "disk.device", "neither disk.device nor disk.label is set");

  // Derived defaults, as in cman's qdiskd.
  if (c.tko_up == 0) c.tko_up = std::max<std::uint32_t>(2, c.tko / 3);
  if (c.master_wait == 0) c.master_wait = std::max(c.tko / 2, c.tko_up + 1);
  if (c.io_timeout == 0) c.io_timeout = std::max<std::uint32_t>(1, c.interval * c.tko / 2);
  if (c.master_wait <= c.tko_up)
    return fail(prefix + "disk.master_wait", "must be greater than tko_up (" + std::to_string(c.tko_up) + ")");
  if (c.tko_up > c.tko) r.warnings.push_back(prefix + "disk.tko_up: exceeds tko");
  if (c.master_wait > c.tko) r.warnings.push_back(prefix + "disk.master_wait: exceeds tko");
  if (c.upgrade_wait > c.tko) r.warnings.push_back(prefix + "disk.upgrade_wait: exceeds tko");
  if (std::uint64_t{c.interval} * 1000 * 2 > c.device_timeout_ms)
    return fail(prefix + "disk.interval",
                std::to_string(c.interval) + " s is more than half of quorum.device.timeout (" +
                    std::to_string(c.device_timeout_ms) + " ms): corosync would drop the device between polls");

  const std::uint64_t handover_ms = 1000ULL * c.interval * handover_cycles(c.cycle());
  if (handover_ms + 2000 > c.device_sync_timeout_ms)
    r.warnings.push_back(prefix + "sync_timeout: " + std::to_string(c.device_sync_timeout_ms) +
                         " ms is shorter than a master handover (" + std::to_string(handover_ms) +
                         " ms + 2 s): a survivor of the master's death will be inquorate until it takes the disk over");

  for (auto& [name, h] : heuristics) {
    if (h.command.empty()) return fail(prefix + "heuristics.exec_" + name, "missing (score_/tko_ given without exec_)");
    std::string err;
    split_command(h.command, err);
    if (!err.empty()) return fail(prefix + "heuristics.exec_" + name, err);
    c.heuristics.push_back(h);
  }
  if (!c.heuristics_mode_given) c.heuristics_mode = c.heuristics.empty() ? HeuristicsMode::Off : HeuristicsMode::On;
  if (c.heuristics_mode == HeuristicsMode::Off) c.heuristics.clear();
  if (c.heuristics_mode != HeuristicsMode::Off && c.heuristics.empty())
    return fail(prefix + "heuristics.mode", "heuristics are on but no exec_NAME key is set");
  if (c.heuristics_interval_ms == 0) c.heuristics_interval_ms = 1000 * c.interval;
  // A run may take until the next one is due: `ping -c3` needs just over 2 s, and killing it at
  // half an interval would make a healthy gateway look dead.
  if (c.heuristics_timeout_ms == 0) c.heuristics_timeout_ms = c.heuristics_interval_ms;

  std::uint32_t total = 0, worst_tko = 0;
  for (const auto& h : c.heuristics) {
    total += h.score;
    worst_tko = std::max(worst_tko, h.tko);
  }
  // The promise: a failing heuristic takes the vote away within interval x tko.
  const std::uint64_t withdrawal_ms =
      std::uint64_t{c.heuristics_interval_ms} * worst_tko + c.heuristics_timeout_ms + 1000ULL * c.interval;
  if (!c.heuristics.empty() && withdrawal_ms > 1000ULL * c.interval * c.tko)
    r.warnings.push_back(prefix + "heuristics.interval: a failing heuristic may keep the vote for " +
                         std::to_string(withdrawal_ms) + " ms, longer than disk.interval x tko (" +
                         std::to_string(1000ULL * c.interval * c.tko) + " ms)");
  if (c.min_score == 0)
    c.min_score = default_min_score(total);
  else if (c.min_score > std::max<std::uint32_t>(total, 1))
    return fail(prefix + "disk.min_score", std::to_string(c.min_score) + " exceeds the heuristics' total score " +
                                               std::to_string(total) + ": the vote could never be cast");
  return r;
}

std::string describe_keys() {
  std::ostringstream out;
  for (const auto& o : options())
    out << kDevicePrefix << o.key << " (" << kind_name(o.kind) << ", default " << o.default_text << "): " << o.meaning
        << "\n";
  out << kDevicePrefix
      << "heuristics.exec_NAME (text): command run without a shell (write `/bin/sh -c '...'` to get one); exit 0 = "
         "pass\n";
  out << kDevicePrefix << "heuristics.score_NAME (number, default 1): score while NAME passes\n";
  out << kDevicePrefix << "heuristics.tko_NAME (number, default 1): consecutive failures before NAME is down\n";
  return out.str();
}

}  // namespace vmha::quorum
