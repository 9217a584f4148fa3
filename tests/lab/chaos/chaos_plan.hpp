// The fault sequence of a chaos run (tests/lab/chaos, docs/lab.md): a pure function of the seed.
// The runner (run.sh) replays exactly what this prints, so a failed run is reproduced by its seed.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace vmha::lab::chaos {

// A 64-bit xorshift (Marsaglia's 13/7/17), its state seeded through one splitmix64 step so that
// every seed, 0 included, gives a non-zero state and nearby seeds give unrelated sequences.
class Xorshift64 {
 public:
  explicit Xorshift64(std::uint64_t seed);
  std::uint64_t next();
  // Uniform enough in [lo, hi] for the small ranges a plan draws from (the modulo's bias is < 2^-58).
  std::uint64_t between(std::uint64_t lo, std::uint64_t hi);

 private:
  std::uint64_t state_;
};

// The menu, in the order a kind is drawn from a request's kinds. kPacemakerKill: every Pacemaker
// daemon of a host killed (corosync and the guests run on): its peers must fence it.
enum class FaultKind { kQemuKill, kPower, kCable, kPacemakerKill };
const char* kind_name(FaultKind kind);
// The default menu (--kinds absent): the first three, so that a seed's timeline stays what it was
// before the menu grew.
inline const std::vector<FaultKind> kDefaultKinds = {FaultKind::kQemuKill, FaultKind::kPower, FaultKind::kCable};

struct PlanRequest {
  std::uint64_t seed = 0;
  unsigned faults = 0;
  unsigned hosts = 0;
  // How many hosts may be off at once without the cluster losing quorum, as the topology is built
  // (2 hosts with the quorum disk: 1; 3 hosts without: 1; 2 hosts without a disk: 0).
  unsigned max_down = 0;
  std::vector<std::string> guests;
  std::vector<FaultKind> kinds = kDefaultKinds;  // --kinds K,K...: drawn from these only
};

struct Fault {
  FaultKind kind = FaultKind::kQemuKill;
  std::string target;       // a guest (qemu-kill) or a host hvN (power, cable)
  unsigned duration_s = 0;  // power: off that long; cable: cut that long; qemu-kill: watched that long
  unsigned pause_s = 0;     // after the cluster settled, before the next fault
  unsigned redraws = 0;     // draws thrown away for this fault (they would have broken quorum)
};

inline constexpr unsigned kMinDuration = 1, kMaxDuration = 20;
inline constexpr unsigned kMinPause = 0, kMaxPause = 10;
inline constexpr unsigned kMaxFaults = 100000, kMaxHosts = 9;

// Parses `--seed S --faults N --hosts H --max-down K [--guests NAME...] [--kinds KIND,...]`; an
// error is one line.
std::variant<PlanRequest, std::string> parse_request(const std::vector<std::string>& args);

// The timeline. Faults run one after the other: the runner heals each one and waits for every host
// to be back before the next, so a host fault takes exactly one host off while it lasts; a draw
// that would take more hosts off than max_down (a host fault when the topology tolerates none) is
// drawn again from the same generator, so the seed still decides everything.
std::vector<Fault> plan(const PlanRequest& request);

// How many hosts a fault takes off while it is in effect.
unsigned hosts_down_by(FaultKind kind);

// "# vmha-chaos-plan seed=... ..." then one line per fault: "N KIND TARGET duration=D pause=P".
std::string format(const PlanRequest& request, const std::vector<Fault>& faults);

}  // namespace vmha::lab::chaos
