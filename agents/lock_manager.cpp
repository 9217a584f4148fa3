#include "lock_manager.hpp"

#include <openssl/evp.h>
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "hypervisor_uri.hpp"
#include "ocf/value_parse.hpp"

namespace vmha::agents {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string read_small_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

std::optional<std::string> libvirt_conf_value(std::string_view text, std::string_view key) {
  while (!text.empty()) {
    auto end = text.find('\n');
    std::string_view line = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (line.empty() || line.front() == '#') continue;
    auto eq = line.find('=');
    if (eq == std::string_view::npos || trim(line.substr(0, eq)) != key) continue;
    std::string_view value = trim(line.substr(eq + 1));
    if (!value.empty() && (value.front() == '"' || value.front() == '\'')) {
      auto close = value.find(value.front(), 1);
      if (close == std::string_view::npos) return std::nullopt;
      return std::string(value.substr(1, close - 1));
    }
    if (auto hash = value.find('#'); hash != std::string_view::npos) value = trim(value.substr(0, hash));
    return std::string(value);
  }
  return std::nullopt;
}

std::string lease_refusal(const LeaseNeed& n, bool* guest_fault) {
  if (guest_fault) *guest_fault = false;
  std::optional<bool> wanted = n.require_lease.empty() ? std::nullopt : ocf::parse_boolean(n.require_lease);
  if (!n.host.known) {
    if (wanted != true) return "";
    return "require_lease is set, but " + n.uri +
           " is not this host's own libvirt, whose lock manager "
           "configuration (/etc/libvirt/qemu.conf) is the only one this agent can read";
  }
  bool required = wanted.value_or(!n.host.plugin.empty());
  if (!required) return "";
  if (n.host.plugin.empty())
    return "require_lease is set, but this host's libvirt has no lock manager (lock_manager in "
           "/etc/libvirt/qemu.conf; docs/leases.md): the guest would run without a storage lease";
  if (!n.host.problem.empty()) return n.host.problem;
  if (n.leased_disks.empty() && n.lease_elements == 0) {
    if (guest_fault) *guest_fault = true;
    return "require_lease is set, but the guest has no writable file or block disk and no <lease> for "
           "libvirt's lock manager to lease";
  }
  return "";
}

bool is_lease_conflict(int code, const std::string& message) {
  constexpr int kResourceBusy = 87;  // VIR_ERR_RESOURCE_BUSY
  return code == kResourceBusy || message.find("Failed to get \"write\" lock") != std::string::npos;
}

std::string sha256_hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", digest[i]);
    hex += buf;
  }
  return hex;
}

std::string describe_busy_lease(const std::string& guest, const std::string& message, const std::string& lockspace,
                                const std::vector<std::string>& disks) {
  std::string resource;
  const std::string marker = "Lockspace resource '";
  if (auto at = message.find(marker); at != std::string::npos) {
    auto from = at + marker.size();
    resource = message.substr(from, message.find('\'', from) - from);
  }
  std::string what =
      resource.empty()
          ? message
          : "lock " + (lockspace.empty() || resource.front() == '/' ? resource : lockspace + "/" + resource);
  if (resource.empty() && message.find("Failed to get \"write\" lock") != std::string::npos) {
    auto open = message.find("image [");
    std::string image = open == std::string::npos ? "" : message.substr(open + 7, message.find(']', open) - open - 7);
    return "the disk " + image + " of " + guest + " is locked by another QEMU (its image lock): " + guest +
           " runs there; not starting it here";
  }
  // The disk first: Pacemaker keeps only the start of an exit reason (128 characters).
  std::string subject = "the storage lease of " + guest;
  for (const auto& disk : disks)
    if (disk == resource || sha256_hex(disk) == resource) subject = "the lease of disk " + disk + " of " + guest;
  return subject + " is held by another host (" + what + "): " + guest +
         " runs there, or its host was not really powered off; not starting it here";
}

HostLocking read_host_locking(const std::string& uri) {
  HostLocking h;
  if (!judge_hypervisor_uri(uri).local_system) {
    h.known = false;
    return h;
  }
  std::string plugin = libvirt_conf_value(read_small_file("/etc/libvirt/qemu.conf"), "lock_manager").value_or("");
  if (plugin == "nop") plugin.clear();
  h.plugin = plugin;
  if (plugin == "lockd") {
    h.lockspace =
        libvirt_conf_value(read_small_file("/etc/libvirt/qemu-lockd.conf"), "file_lockspace_dir").value_or("");
    struct stat st;
    if (stat("/run/libvirt/virtlockd-sock", &st) != 0 || !S_ISSOCK(st.st_mode))
      h.problem =
          "this host's libvirt uses lock_manager \"lockd\", but virtlockd is not running "
          "(no /run/libvirt/virtlockd-sock): libvirt cannot lease the guest's disks";
  }
  return h;
}

}  // namespace vmha::agents
