#include "libvirt_rpc.hpp"

namespace vmha::agents::rpc {
namespace {

enum MessageType : std::int32_t { kCall = 0, kReply = 1 };
enum MessageStatus : std::int32_t { kOk = 0, kError = 1 };

// remote_error: only code and message matter to us, but every field must be read past.
RemoteError read_error(xdr::Reader& r) {
  int code = r.i32();
  r.i32();  // domain (virErrorDomain)
  std::string message = r.optional_string(kMaxString).value_or("libvirtd reported an error without a message");
  return RemoteError(code, message);
}

}  // namespace

std::vector<std::uint8_t> frame_call(std::int32_t procedure, std::uint32_t serial,
                                     const std::vector<std::uint8_t>& args) {
  xdr::Writer w;
  w.u32(0);  // the length, known once the rest is written
  w.u32(kRemoteProgram);
  w.u32(kRemoteVersion);
  w.i32(procedure);
  w.i32(kCall);
  w.u32(serial);
  w.i32(kOk);
  std::vector<std::uint8_t> message = w.bytes();
  message.insert(message.end(), args.begin(), args.end());
  std::uint32_t length = static_cast<std::uint32_t>(message.size());
  for (int i = 0; i < 4; ++i) message[i] = static_cast<std::uint8_t>(length >> (24 - 8 * i));
  return message;
}

std::size_t announced_length(const std::uint8_t length_word[4]) {
  xdr::Reader r(length_word, 4);
  std::size_t n = r.u32();
  if (n < kLengthWord + kHeaderSize) throw xdr::Malformed("message length " + std::to_string(n) + " is below a header");
  if (n > kMaxMessage)
    throw xdr::Malformed("message length " + std::to_string(n) + " exceeds " + std::to_string(kMaxMessage));
  return n;
}

std::vector<std::uint8_t> open_reply(const std::vector<std::uint8_t>& message, std::int32_t procedure,
                                     std::uint32_t serial) {
  xdr::Reader r(message.data(), message.size());
  std::size_t length = r.u32();
  if (length != message.size())
    throw xdr::Malformed("message says " + std::to_string(length) + " bytes but has " + std::to_string(message.size()));
  std::uint32_t program = r.u32(), version = r.u32();
  std::int32_t proc = r.i32(), type = r.i32();
  std::uint32_t got_serial = r.u32();
  std::int32_t status = r.i32();
  if (program != kRemoteProgram || version != kRemoteVersion)
    throw xdr::Malformed("reply for program " + std::to_string(program) + " version " + std::to_string(version));
  if (type != kReply) throw xdr::Malformed("message of type " + std::to_string(type) + " where a reply was due");
  if (proc != procedure || got_serial != serial)
    throw xdr::Malformed("reply to call " + std::to_string(got_serial) + " (procedure " + std::to_string(proc) +
                         ") where call " + std::to_string(serial) + " was due");
  if (status == kError) throw read_error(r);
  if (status != kOk) throw xdr::Malformed("reply status " + std::to_string(status));
  return std::vector<std::uint8_t>(message.begin() + static_cast<long>(kLengthWord + kHeaderSize), message.end());
}

void write_domain(xdr::Writer& w, const DomainRef& d) {
  w.string(d.name);
  w.fixed_opaque(d.uuid, sizeof d.uuid);
  w.i32(d.id);
}

DomainRef read_domain(xdr::Reader& r) {
  DomainRef d;
  d.name = r.string(kMaxString);
  r.fixed_opaque(d.uuid, sizeof d.uuid);
  d.id = r.i32();
  return d;
}

}  // namespace vmha::agents::rpc
