// The record an agent keeps for vmha-guestd: which libvirt domain is which cluster resource on
// this host, its storage-error policy, and what the agent is doing to it right now (its intent),
// so that the daemon can tell the agent's own stop or migration from a failure.
//
// One small file per guest in /run/vmha/guests/NAME (tmpfs: it lasts as long as a transient
// guest could run here, and survives restarts of the daemon). The agent writes it (temp file,
// then rename) before it acts; the daemon only reads it.
#pragma once
#include <ctime>
#include <optional>
#include <string>
#include <vector>

namespace vmha::agents {

enum class Intent { None, Start, Stop, Migrate };
enum class StorageErrorPolicy { Kill, Leave, Resume };
// Which heartbeat tells vmha-guestd that a running guest hangs (agent parameter `heartbeat`).
enum class Heartbeat { None, Watchdog, GuestAgent, Both };

struct GuestRecord {
  std::string guest;     // the libvirt domain name (the file's name)
  std::string resource;  // OCF_RESOURCE_INSTANCE
  StorageErrorPolicy storage_error_policy = StorageErrorPolicy::Kill;
  Intent intent = Intent::None;
  std::time_t intent_until = 0;  // an intent left by an agent killed mid-action expires then
  std::time_t started = 0;       // ms since the epoch of the last start (or arrival) here: one report per start
  Heartbeat heartbeat = Heartbeat::None;
  int heartbeat_timeout = 30;         // s of guest-agent silence, after it answered, before it counts as hung
  int heartbeat_max_resets = 3;       // resets of a hung guest allowed in one window (vSphere's limit) ...
  int heartbeat_reset_window = 3600;  // ... of this many seconds; then it is left hung and --status says so

  // The intent as the daemon must honour it at `now`: an expired one is no intent.
  Intent intent_at(std::time_t now) const {
    return intent != Intent::None && now > intent_until ? Intent::None : intent;
  }
};

const char* intent_name(Intent i);
const char* storage_policy_name(StorageErrorPolicy p);
std::optional<StorageErrorPolicy> parse_storage_policy(const std::string& text);
const char* heartbeat_name(Heartbeat h);
std::optional<Heartbeat> parse_heartbeat(const std::string& text);
inline bool watches_watchdog(Heartbeat h) { return h == Heartbeat::Watchdog || h == Heartbeat::Both; }
inline bool watches_guest_agent(Heartbeat h) { return h == Heartbeat::GuestAgent || h == Heartbeat::Both; }

// Text form (key=value lines) and back; parse returns nullopt, with why, on anything malformed.
std::string format_record(const GuestRecord& r);
std::optional<GuestRecord> parse_record(const std::string& guest, const std::string& text, std::string* why);

// The directory: /run/vmha/guests, or $VMHA_GUEST_RECORDS (tests).
std::string guest_record_dir();
std::optional<GuestRecord> read_record(const std::string& dir, const std::string& guest, std::string* why);
std::vector<GuestRecord> read_all_records(const std::string& dir, std::vector<std::string>* problems);
// Best effort: false, with the reason logged, when the file cannot be written or removed. Nothing
// of the agent's own action depends on it (the daemon only makes recovery faster).
bool write_record(const std::string& dir, const GuestRecord& r);
bool remove_record(const std::string& dir, const std::string& guest);

}  // namespace vmha::agents
