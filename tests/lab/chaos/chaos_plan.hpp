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

// The menu. Its order is the order kinds are drawn in (a request's kinds keep it), and new kinds
// go at the end, so that a recorded seed keeps its timeline.
enum class FaultKind {
  kQemuKill,
  kPower,
  kCable,
  kPacemakerKill,
  kLibvirtdStop,
  kLibvirtdFreeze,
  kCorosyncKill,
  kFenceFail,
  kSplit,
  kHeuristicFlap,
  kMigrationTargetPower,
  kOperatorMigrate,
  kOperatorDrain,
};

// What a fault is aimed at: a guest, a host, or the whole lab network.
enum class Aim { kGuest, kHost, kNetwork };

// One row per kind: the one declaration of its name, its aim, how many hosts it may take off while
// it lasts (the planner's quorum rule), and the line --help prints.
struct KindInfo {
  FaultKind kind;
  const char* name;
  Aim aim;
  bool takes_a_host_off;  // kSplit: every host but one (the quorum disk's survivor)
  const char* help;
};
inline constexpr KindInfo kMenu[] = {
    {FaultKind::kQemuKill, "qemu-kill", Aim::kGuest, false, "a guest's qemu killed (kill -9)"},
    {FaultKind::kPower, "power", Aim::kHost, true, "a host powered off, then booted"},
    {FaultKind::kCable, "cable", Aim::kHost, true, "a host's cable cut, then healed"},
    {FaultKind::kPacemakerKill, "pacemaker-kill", Aim::kHost, true,
     "every Pacemaker daemon of a host killed; its peers fence it"},
    {FaultKind::kLibvirtdStop, "libvirtd-stop", Aim::kHost, true,
     "a host's libvirtd stopped (its guests run on), then started"},
    {FaultKind::kLibvirtdFreeze, "libvirtd-freeze", Aim::kHost, true, "a host's libvirtd SIGSTOPped, then SIGCONT"},
    {FaultKind::kCorosyncKill, "corosync-kill", Aim::kHost, true, "a host's corosync killed (kill -9)"},
    {FaultKind::kFenceFail, "fence-fail", Aim::kHost, true,
     "the fence device fails while a host is powered off; then it works again"},
    {FaultKind::kSplit, "split", Aim::kNetwork, true, "every host cut off from every other, then joined"},
    {FaultKind::kHeuristicFlap, "heuristic-flap", Aim::kHost, true,
     "a host's quorum-disk heuristic fails and recovers, over and over"},
    {FaultKind::kMigrationTargetPower, "migration-target-power", Aim::kGuest, true,
     "a guest's live migration started, its target powered off midway"},
    {FaultKind::kOperatorMigrate, "migrate", Aim::kGuest, false,
     "an operator's vmha migrate of a guest to another host, then unpin"},
    {FaultKind::kOperatorDrain, "drain", Aim::kHost, false, "an operator's vmha host drain, then resume"},
};
const KindInfo& info(FaultKind kind);
const char* kind_name(FaultKind kind);
// The default menu (--kinds absent): the first three, so that a seed's timeline stays what it was
// before the menu grew. `--kinds all` is the whole menu.
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
  std::string target;       // a guest, a host hvN, or "all" (the network), as the kind's aim says
  unsigned duration_s = 0;  // how long the fault lasts (power: off; cable: cut; qemu-kill: watched)
  unsigned pause_s = 0;     // after the cluster settled, before the next fault
  unsigned redraws = 0;     // draws thrown away for this fault (they would have broken quorum)
};

inline constexpr unsigned kMinDuration = 1, kMaxDuration = 20;
inline constexpr unsigned kMinPause = 0, kMaxPause = 10;
inline constexpr unsigned kMaxFaults = 100000, kMaxHosts = 9;

// Parses `--seed S --faults N --hosts H --max-down K [--guests NAME...] [--kinds KIND,...|all]`;
// an error is one line.
std::variant<PlanRequest, std::string> parse_request(const std::vector<std::string>& args);

// The timeline. Faults run one after the other: the runner heals each one and waits for every host
// to be back before the next, so a host fault takes exactly one host off while it lasts; a draw
// that would take more hosts off than max_down (a host fault when the topology tolerates none) is
// drawn again from the same generator, so the seed still decides everything.
std::vector<Fault> plan(const PlanRequest& request);

// How many of a cluster's hosts a fault may take off while it is in effect.
unsigned hosts_down_by(FaultKind kind, unsigned hosts);

// "# vmha-chaos-plan seed=... ..." then one line per fault: "N KIND TARGET duration=D pause=P".
std::string format(const PlanRequest& request, const std::vector<Fault>& faults);

}  // namespace vmha::lab::chaos
