// The fence_xvm wire protocol as fence-virt 4.x speaks it, as pure code: the 176-byte packed
// request (little-endian fields, as x86 fence-virt sends them), request signing and checking,
// the 64-byte challenge-response, and the 130-byte host-list record. No I/O here.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace vmha::xvm {

enum class HashType : uint8_t { None = 0, Sha1 = 1, Sha256 = 2, Sha512 = 3 };

enum class Command : uint8_t { Null = 0, Off = 1, Reboot = 2, On = 3, Status = 4, DevStatus = 5, HostList = 6 };

constexpr uint8_t kRespSuccess = 0;
constexpr uint8_t kRespFail = 1;
constexpr uint8_t kRespOff = 2;
constexpr uint8_t kRespPerm = 3;
constexpr uint8_t kRespHostList = 253;
constexpr uint8_t kFlagUuid = 0x1;

constexpr size_t kRequestSize = 176;
constexpr size_t kDomainSize = 64;   // NUL-terminated, so at most 63 characters
constexpr size_t kAddressSize = 28;  // sizeof(struct sockaddr_in6)
constexpr size_t kRandomSize = 6;
constexpr size_t kDigestSize = 64;  // every digest is zero-padded to SHA-512's length
constexpr size_t kChallengeSize = 64;
constexpr size_t kHostStateSize = 130;
constexpr size_t kMaxKeySize = 4096;
constexpr uint16_t kDefaultPort = 1229;

using Packet = std::array<uint8_t, kRequestSize>;
using Digest = std::array<uint8_t, kDigestSize>;
using Bytes = std::span<const uint8_t>;

struct Request {
  uint8_t request = 0;  // a Command, kept raw: a daemon must answer unknown values, not crash
  uint8_t hashtype = 0;
  uint8_t addrlen = 0;
  uint8_t flags = 0;
  std::string domain;
  std::array<uint8_t, kAddressSize> address{};
  uint16_t port = 0;  // where the client listens for the connect-back (host order on the wire: LE)
  std::array<uint8_t, kRandomSize> random{};
  uint32_t seqno = 0;
  uint32_t family = 0;
  Digest hash{};
};

Packet encode(const Request& r);
// nullopt unless exactly 176 bytes with a NUL-terminated domain.
std::optional<Request> decode(Bytes packet);

std::optional<HashType> hash_from_name(std::string_view name);  // none, sha1, sha256, sha512
const char* hash_name(HashType h);

// HASH(key || data), zero-padded to 64 bytes; nullopt for None or an unknown type.
std::optional<Digest> keyed_digest(uint8_t type, Bytes key, Bytes data);

// Fills random and hash (hash over key || the whole request with a zeroed hash field).
Packet sign(Request r, Bytes key, const std::array<uint8_t, kRandomSize>& random);

enum class Verdict { Accepted, TooWeak, BadSignature };
Verdict verify(const Packet& packet, HashType minimum, Bytes key);

// What the responder sends back for a 64-byte challenge; nullopt for None (nothing is exchanged).
std::optional<Digest> challenge_answer(HashType auth, Bytes key, Bytes challenge);

struct HostState {
  std::string domain;
  std::string uuid;
  uint8_t state = 0;  // libvirt virDomainState; the client prints "on" only for 1 (running)
};
std::array<uint8_t, kHostStateSize> encode_host_state(const HostState& h);
HostState decode_host_state(Bytes record);  // record.size() == kHostStateSize
bool is_terminator(const HostState& h);

}  // namespace vmha::xvm
