#include "xdr.hpp"

#include <cstring>

namespace vmha::agents::xdr {
namespace {
std::size_t padding(std::size_t n) { return (4 - n % 4) % 4; }
}  // namespace

void Writer::u32(std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) bytes_.push_back(static_cast<std::uint8_t>(v >> shift));
}

void Writer::u64(std::uint64_t v) {
  u32(static_cast<std::uint32_t>(v >> 32));
  u32(static_cast<std::uint32_t>(v));
}

void Writer::fixed_opaque(const std::uint8_t* data, std::size_t n) {
  bytes_.insert(bytes_.end(), data, data + n);
  bytes_.insert(bytes_.end(), padding(n), 0);
}

void Writer::string(const std::string& s) {
  u32(static_cast<std::uint32_t>(s.size()));
  fixed_opaque(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

void Writer::optional_string(const std::optional<std::string>& s) {
  u32(s ? 1 : 0);
  if (s) string(*s);
}

void Writer::put_u32_at(std::size_t offset, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes_.at(offset + i) = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}

const std::uint8_t* Reader::take(std::size_t n) {
  if (n > size_ - offset_) throw Malformed("message ends " + std::to_string(n - (size_ - offset_)) + " bytes early");
  const std::uint8_t* p = data_ + offset_;
  offset_ += n;
  return p;
}

std::uint32_t Reader::u32() {
  const std::uint8_t* p = take(4);
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

std::uint64_t Reader::u64() {
  std::uint64_t high = u32();
  return (high << 32) | u32();
}

void Reader::fixed_opaque(std::uint8_t* out, std::size_t n) {
  std::memcpy(out, take(n), n);
  take(padding(n));
}

std::string Reader::string(std::size_t max_length) {
  std::uint32_t n = u32();
  if (n > max_length) throw Malformed("string of " + std::to_string(n) + " bytes exceeds its limit");
  const char* p = reinterpret_cast<const char*>(take(n));
  take(padding(n));
  return std::string(p, n);
}

std::optional<std::string> Reader::optional_string(std::size_t max_length) {
  std::uint32_t present = u32();
  if (present > 1) throw Malformed("optional value flag is " + std::to_string(present));
  if (!present) return std::nullopt;
  return string(max_length);
}

}  // namespace vmha::agents::xdr
