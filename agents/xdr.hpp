// XDR (RFC 4506), the encoding of libvirt's RPC messages: big-endian 4-byte units, strings and
// opaque data padded to a multiple of four. Only what the agents' small RPC client needs.
#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace vmha::agents::xdr {

// A message ended early or carried a length beyond its own size: the peer is not speaking the
// protocol we expect, or the bytes were damaged.
class Malformed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Writer {
 public:
  void u32(std::uint32_t v);
  void i32(std::int32_t v) { u32(static_cast<std::uint32_t>(v)); }
  void u64(std::uint64_t v);
  void string(const std::string& s);                           // length, bytes, padding
  void optional_string(const std::optional<std::string>& s);   // XDR pointer: a presence flag first
  void fixed_opaque(const std::uint8_t* data, std::size_t n);  // no length word
  void put_u32_at(std::size_t offset, std::uint32_t v);        // to fill in a length written last
  const std::vector<std::uint8_t>& bytes() const { return bytes_; }
  std::size_t size() const { return bytes_.size(); }

 private:
  std::vector<std::uint8_t> bytes_;
};

class Reader {
 public:
  Reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint32_t u32();
  std::int32_t i32() { return static_cast<std::int32_t>(u32()); }
  std::uint64_t u64();
  std::string string(std::size_t max_length);
  std::optional<std::string> optional_string(std::size_t max_length);
  void fixed_opaque(std::uint8_t* out, std::size_t n);
  bool at_end() const { return offset_ == size_; }
  std::size_t remaining() const { return size_ - offset_; }

 private:
  const std::uint8_t* take(std::size_t n);
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t offset_ = 0;
};

}  // namespace vmha::agents::xdr
