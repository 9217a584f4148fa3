#include "guest_record.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "vmha/log.hpp"

namespace vmha::agents {

namespace {

constexpr struct {
  Intent value;
  const char* name;
} kIntents[] = {{Intent::None, "none"}, {Intent::Start, "start"}, {Intent::Stop, "stop"}, {Intent::Migrate, "migrate"}};

constexpr struct {
  StorageErrorPolicy value;
  const char* name;
} kPolicies[] = {
    {StorageErrorPolicy::Kill, "kill"}, {StorageErrorPolicy::Leave, "leave"}, {StorageErrorPolicy::Resume, "resume"}};

constexpr struct {
  Heartbeat value;
  const char* name;
} kHeartbeats[] = {{Heartbeat::None, "none"},
                   {Heartbeat::Watchdog, "watchdog"},
                   {Heartbeat::GuestAgent, "guest-agent"},
                   {Heartbeat::Both, "both"}};

bool parse_seconds(const std::string& v, int* out) {
  char* end = nullptr;
  errno = 0;
  long n = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || errno || *end || n < 0 || n > 100000000) return false;
  *out = static_cast<int>(n);
  return true;
}

bool parse_time(const std::string& v, std::time_t* out) {
  if (v.empty()) return false;
  char* end = nullptr;
  errno = 0;
  long long n = std::strtoll(v.c_str(), &end, 10);
  if (errno || *end || n < 0) return false;
  *out = static_cast<std::time_t>(n);
  return true;
}

// A guest name becomes a file name: nothing that could leave the directory.
bool usable_name(const std::string& guest) {
  return !guest.empty() && guest[0] != '.' && guest.find('/') == std::string::npos;
}

}  // namespace

const char* intent_name(Intent i) {
  for (const auto& e : kIntents)
    if (e.value == i) return e.name;
  return "none";
}

const char* storage_policy_name(StorageErrorPolicy p) {
  for (const auto& e : kPolicies)
    if (e.value == p) return e.name;
  return "kill";
}

std::optional<StorageErrorPolicy> parse_storage_policy(const std::string& text) {
  for (const auto& e : kPolicies)
    if (text == e.name) return e.value;
  return std::nullopt;
}

const char* heartbeat_name(Heartbeat h) {
  for (const auto& e : kHeartbeats)
    if (e.value == h) return e.name;
  return "none";
}

std::optional<Heartbeat> parse_heartbeat(const std::string& text) {
  for (const auto& e : kHeartbeats)
    if (text == e.name) return e.value;
  return std::nullopt;
}

std::string format_record(const GuestRecord& r) {
  std::ostringstream out;
  out << "resource=" << r.resource << "\n"
      << "storage_error_policy=" << storage_policy_name(r.storage_error_policy) << "\n"
      << "intent=" << intent_name(r.intent) << "\n"
      << "intent_until=" << r.intent_until << "\n"
      << "started=" << r.started << "\n"
      << "heartbeat=" << heartbeat_name(r.heartbeat) << "\n"
      << "heartbeat_timeout=" << r.heartbeat_timeout << "\n"
      << "heartbeat_max_resets=" << r.heartbeat_max_resets << "\n"
      << "heartbeat_reset_window=" << r.heartbeat_reset_window << "\n";
  return out.str();
}

std::optional<GuestRecord> parse_record(const std::string& guest, const std::string& text, std::string* why) {
  GuestRecord r;
  r.guest = guest;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  auto bad = [&](const std::string& what) {
    if (why) *why = "line " + std::to_string(number) + ": " + what;
    return std::nullopt;
  };
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    auto eq = line.find('=');
    if (eq == std::string::npos) return bad("not key=value");
    std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    if (key == "resource") {
      r.resource = value;
    } else if (key == "storage_error_policy") {
      auto p = parse_storage_policy(value);
      if (!p) return bad("unknown storage_error_policy " + value);
      r.storage_error_policy = *p;
    } else if (key == "intent") {
      bool known = false;
      for (const auto& e : kIntents)
        if (value == e.name) r.intent = e.value, known = true;
      if (!known) return bad("unknown intent " + value);
    } else if (key == "intent_until") {
      if (!parse_time(value, &r.intent_until)) return bad("intent_until is not a time");
    } else if (key == "started") {
      if (!parse_time(value, &r.started)) return bad("started is not a time");
    } else if (key == "heartbeat") {
      auto h = parse_heartbeat(value);
      if (!h) return bad("unknown heartbeat " + value);
      r.heartbeat = *h;
    } else if (key == "heartbeat_timeout" || key == "heartbeat_max_resets" || key == "heartbeat_reset_window") {
      int* field = key == "heartbeat_timeout"      ? &r.heartbeat_timeout
                   : key == "heartbeat_max_resets" ? &r.heartbeat_max_resets
                                                   : &r.heartbeat_reset_window;
      if (!parse_seconds(value, field)) return bad(key + " is not a whole number");
    }  // unknown keys: written by a newer agent, ignored
  }
  if (r.resource.empty()) return bad("no resource");
  return r;
}

std::string guest_record_dir() {
  const char* dir = std::getenv("VMHA_GUEST_RECORDS");
  return dir && *dir ? dir : "/run/vmha/guests";
}

std::optional<GuestRecord> read_record(const std::string& dir, const std::string& guest, std::string* why) {
  if (!usable_name(guest)) return std::nullopt;
  std::ifstream in(dir + "/" + guest);
  if (!in) {
    if (why) *why = "";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_record(guest, text.str(), why);
}

std::vector<GuestRecord> read_all_records(const std::string& dir, std::vector<std::string>* problems) {
  std::vector<GuestRecord> all;
  DIR* d = opendir(dir.c_str());
  if (!d) return all;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (!usable_name(name) || name.find(".tmp") != std::string::npos) continue;
    std::string why;
    if (auto r = read_record(dir, name, &why))
      all.push_back(*r);
    else if (problems && !why.empty())
      problems->push_back(dir + "/" + name + ": " + why);
  }
  closedir(d);
  return all;
}

bool write_record(const std::string& dir, const GuestRecord& r) {
  if (!usable_name(r.guest)) return false;
  // /run/vmha, then its guests/: created on first use, readable by all (nothing secret in it).
  auto slash = dir.rfind('/');
  if (slash != std::string::npos && slash > 0) mkdir(dir.substr(0, slash).c_str(), 0755);
  mkdir(dir.c_str(), 0755);
  std::string path = dir + "/" + r.guest, tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << format_record(r);
    out.flush();
    if (!out) {
      log::warning("cannot write ", tmp, "; vmha-guestd will not know of ", r.guest);
      std::remove(tmp.c_str());
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    log::warning("cannot rename ", tmp, " to ", path, ": ", std::strerror(errno));
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

bool remove_record(const std::string& dir, const std::string& guest) {
  if (!usable_name(guest)) return false;
  std::string path = dir + "/" + guest;
  if (std::remove(path.c_str()) != 0 && errno != ENOENT) {
    log::warning("cannot remove ", path, ": ", std::strerror(errno));
    return false;
  }
  return true;
}

}  // namespace vmha::agents
