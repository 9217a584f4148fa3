// What vmha's fence_virtd hosts tell each other over Corosync CPG, and who acts on a guest.
// Pure: messages are text lines, placement is a function of the shared guest lists.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vmha::virtd {

struct GuestEntry {
  std::string name;
  std::string uuid;
  bool running = false;
};

struct CpgMessage {
  enum class Kind { List, Request, Result } kind = Kind::List;
  uint32_t id = 0;      // request id, chosen by the requester
  uint32_t node = 0;    // Request: the node asked to act; Result: the requester
  uint8_t command = 0;  // xvm Command
  uint8_t result = 0;   // xvm response byte
  std::string domain;
  std::vector<GuestEntry> guests;  // List: every guest the sender's libvirt knows
};

std::string encode_cpg(const CpgMessage& m);
std::optional<CpgMessage> decode_cpg(std::string_view text);

struct Placement {
  enum class Where { Local, Remote, Nowhere } where = Where::Nowhere;
  uint32_t node = 0;
};

// A guest running somewhere is acted on where it runs (this node first); a guest only defined
// is acted on by the lowest node that defines it (this node first); otherwise nowhere.
Placement place(const std::string& domain, uint32_t self, const std::map<uint32_t, std::vector<GuestEntry>>& lists);

}  // namespace vmha::virtd
