// libvirt's RPC framing (virnetprotocol.x) and the few calls of its remote program
// (remote_protocol.x) that a monitor needs. Pure encoding and decoding: no sockets here.
//
// A message is a 4-byte total length, a 24-byte header (program, version, procedure, type,
// serial, status) and the XDR-encoded arguments or reply. A failed call's reply carries a
// remote_error instead of the result.
#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "xdr.hpp"

namespace vmha::agents::rpc {

constexpr std::uint32_t kRemoteProgram = 0x20008086;
constexpr std::uint32_t kRemoteVersion = 1;
constexpr std::size_t kLengthWord = 4;
constexpr std::size_t kHeaderSize = 24;
// Our replies are a few dozen bytes; libvirt's own ceiling is far higher, but nothing a
// monitor asks for comes near this.
constexpr std::size_t kMaxMessage = 1 << 20;
constexpr std::size_t kMaxString = 4 << 20;  // REMOTE_STRING_MAX

enum Procedure : std::int32_t {
  kConnectOpen = 1,
  kConnectClose = 2,
  kDomainGetInfo = 16,
  kDomainLookupByName = 23,
  kAuthList = 66,
  kAuthPolkit = 70,
  kDomainGetState = 212,
};

enum AuthType : std::int32_t { kAuthNone = 0, kAuthSasl = 1, kAuthPolkitType = 2 };

// The daemon answered the call with an error (virterror's code and message).
class RemoteError : public std::runtime_error {
 public:
  RemoteError(int code, const std::string& message) : std::runtime_error(message), code(code) {}
  int code;  // virErrorNumber
};

// A domain as the remote program names it in calls.
struct DomainRef {
  std::string name;
  std::uint8_t uuid[16] = {};
  std::int32_t id = -1;
};

// The whole call message, length word included.
std::vector<std::uint8_t> frame_call(std::int32_t procedure, std::uint32_t serial,
                                     const std::vector<std::uint8_t>& args);

// Checks the header of a whole reply message (length word included) against the call it answers
// and returns the reply's payload, or throws RemoteError for a failed call and xdr::Malformed
// for anything that is not a reply to that call.
std::vector<std::uint8_t> open_reply(const std::vector<std::uint8_t>& message, std::int32_t procedure,
                                     std::uint32_t serial);

// The total length announced by a message's first four bytes, checked against our limits.
std::size_t announced_length(const std::uint8_t length_word[4]);

void write_domain(xdr::Writer& w, const DomainRef& d);
DomainRef read_domain(xdr::Reader& r);

}  // namespace vmha::agents::rpc
