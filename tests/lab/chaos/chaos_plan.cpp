#include "chaos_plan.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>

namespace vmha::lab::chaos {

Xorshift64::Xorshift64(std::uint64_t seed) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL;  // splitmix64
  z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
  z ^= z >> 31U;
  state_ = z != 0 ? z : 1;
}

std::uint64_t Xorshift64::next() {
  state_ ^= state_ << 13U;
  state_ ^= state_ >> 7U;
  state_ ^= state_ << 17U;
  return state_;
}

std::uint64_t Xorshift64::between(std::uint64_t lo, std::uint64_t hi) { return lo + next() % (hi - lo + 1); }

const KindInfo& info(FaultKind kind) {
  for (const auto& row : kMenu)
    if (row.kind == kind) return row;
  return kMenu[0];  // unreachable: every kind has its row (ChaosPlan.EveryKindHasOneRow)
}

const char* kind_name(FaultKind kind) { return info(kind).name; }

unsigned hosts_down_by(FaultKind kind, unsigned hosts) {
  if (!info(kind).takes_a_host_off) return 0;
  return kind == FaultKind::kSplit && hosts > 1 ? hosts - 1 : 1;
}

namespace {

bool parse_number(const std::string& text, std::uint64_t& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && !text.empty();
}

std::string menu_names() {
  std::string names;
  for (const auto& row : kMenu) names += std::string(names.empty() ? "" : ", ") + row.name;
  return names;
}

// "qemu-kill,power" (or "all") → the kinds, in the menu's order, or an error naming the word that is
// not one.
std::variant<std::vector<FaultKind>, std::string> parse_kinds(const std::string& list) {
  std::vector<FaultKind> chosen;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t comma = list.find(',', start);
    std::string word = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    bool known = false;
    for (const auto& row : kMenu)
      if (word == row.name || word == "all") {
        if (std::find(chosen.begin(), chosen.end(), row.kind) == chosen.end()) chosen.push_back(row.kind);
        known = true;
      }
    if (!known) return "--kinds: '" + word + "' is not one of all, " + menu_names();
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  std::vector<FaultKind> kinds;
  for (const auto& row : kMenu)
    if (std::find(chosen.begin(), chosen.end(), row.kind) != chosen.end()) kinds.push_back(row.kind);
  return kinds;
}

bool valid_guest_name(const std::string& name) {
  if (name.empty() || name[0] == '-') return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.')) return false;
  return true;
}

}  // namespace

std::variant<PlanRequest, std::string> parse_request(const std::vector<std::string>& args) {
  PlanRequest req;
  bool seed = false, faults = false, hosts = false, max_down = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& opt = args[i];
    if (opt == "--guests") {
      while (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) {
        if (!valid_guest_name(args[++i])) return "--guests: '" + args[i] + "' is not a guest name";
        req.guests.push_back(args[i]);
      }
      if (req.guests.empty()) return "--guests needs at least one guest name";
      continue;
    }
    if (opt != "--seed" && opt != "--faults" && opt != "--hosts" && opt != "--max-down" && opt != "--kinds")
      return "unknown argument '" + opt + "'";
    if (i + 1 >= args.size()) return opt + " needs a value";
    if (opt == "--kinds") {
      auto kinds = parse_kinds(args[++i]);
      if (const auto* error = std::get_if<std::string>(&kinds)) return *error;
      req.kinds = std::get<std::vector<FaultKind>>(kinds);
      continue;
    }
    std::uint64_t value = 0;
    if (!parse_number(args[++i], value)) return opt + ": '" + args[i] + "' is not a non-negative integer";
    if (opt == "--seed") {
      req.seed = value, seed = true;
    } else if (opt == "--faults") {
      if (value < 1 || value > kMaxFaults)
        return "--faults: " + args[i] + " is not within 1.." + std::to_string(kMaxFaults);
      req.faults = static_cast<unsigned>(value), faults = true;
    } else if (opt == "--hosts") {
      if (value < 1 || value > kMaxHosts)
        return "--hosts: " + args[i] + " is not within 1.." + std::to_string(kMaxHosts);
      req.hosts = static_cast<unsigned>(value), hosts = true;
    } else {
      if (value > kMaxHosts) return "--max-down: " + args[i] + " is more than " + std::to_string(kMaxHosts) + " hosts";
      req.max_down = static_cast<unsigned>(value), max_down = true;
    }
  }
  if (!seed) return "--seed is required";
  if (!faults) return "--faults is required";
  if (!hosts) return "--hosts is required";
  if (!max_down) return "--max-down is required (how many hosts may be off without losing quorum)";
  if (req.max_down >= req.hosts)
    return "--max-down " + std::to_string(req.max_down) + ": a cluster of " + std::to_string(req.hosts) +
           " hosts cannot keep quorum with all of them off";
  if (req.guests.empty() && req.max_down == 0)
    return "nothing to draw: no --guests, and --max-down 0 forbids every host fault";
  // Some kind of the menu must be drawable, or the plan would redraw for ever.
  const bool drawable = std::any_of(req.kinds.begin(), req.kinds.end(), [&](FaultKind k) {
    return (info(k).aim != Aim::kGuest || !req.guests.empty()) && hosts_down_by(k, req.hosts) <= req.max_down;
  });
  const bool all_aim_at_guests =
      std::all_of(req.kinds.begin(), req.kinds.end(), [](FaultKind k) { return info(k).aim == Aim::kGuest; });
  if (!drawable)
    return req.guests.empty() && all_aim_at_guests
               ? "nothing to draw: --kinds of guests need --guests"
               : "nothing to draw: --max-down " + std::to_string(req.max_down) + " forbids every host fault of --kinds";
  return req;
}

std::vector<Fault> plan(const PlanRequest& request) {
  Xorshift64 rng(request.seed);
  std::vector<Fault> out;
  out.reserve(request.faults);
  for (unsigned n = 0; n < request.faults; ++n) {
    Fault fault;
    while (true) {
      auto kind = request.kinds[rng.between(0, request.kinds.size() - 1)];
      // Drawn even when redrawn, so that the draw stream is the same whatever the rule decides.
      auto target = rng.next();
      const Aim aim = info(kind).aim;
      if (aim == Aim::kGuest && request.guests.empty()) {
        ++fault.redraws;
        continue;
      }
      // Faults never overlap: the hosts off during this one are the ones it takes off.
      if (hosts_down_by(kind, request.hosts) > request.max_down) {
        ++fault.redraws;
        continue;
      }
      fault.kind = kind;
      fault.target = aim == Aim::kGuest  ? request.guests[target % request.guests.size()]
                     : aim == Aim::kHost ? "hv" + std::to_string(1 + target % request.hosts)
                                         : "all";
      break;
    }
    fault.duration_s = static_cast<unsigned>(rng.between(kMinDuration, kMaxDuration));
    fault.pause_s = static_cast<unsigned>(rng.between(kMinPause, kMaxPause));
    out.push_back(fault);
  }
  return out;
}

std::string format(const PlanRequest& request, const std::vector<Fault>& faults) {
  std::ostringstream os;
  os << "# vmha-chaos-plan seed=" << request.seed << " faults=" << request.faults << " hosts=" << request.hosts
     << " max-down=" << request.max_down << " guests=";
  for (std::size_t i = 0; i < request.guests.size(); ++i) os << (i ? "," : "") << request.guests[i];
  os << "\n";
  for (std::size_t i = 0; i < faults.size(); ++i) {
    const auto& f = faults[i];
    os << i + 1 << " " << kind_name(f.kind) << " " << f.target << " duration=" << f.duration_s
       << " pause=" << f.pause_s;
    if (f.redraws != 0) os << " redrawn=" << f.redraws;
    os << "\n";
  }
  return os.str();
}

}  // namespace vmha::lab::chaos
