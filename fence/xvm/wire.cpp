#include "wire.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cstring>

namespace vmha::xvm {
namespace {

// Field offsets of fence_req_t (packed).
constexpr size_t kOffRequest = 0, kOffHashType = 1, kOffAddrLen = 2, kOffFlags = 3, kOffDomain = 4, kOffAddress = 68,
                 kOffPort = 96, kOffRandom = 98, kOffSeqno = 104, kOffFamily = 108, kOffHash = 112;
static_assert(kOffHash + kDigestSize == kRequestSize);

void put_le(uint8_t* p, uint64_t v, size_t n) {
  for (size_t i = 0; i < n; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
uint64_t get_le(const uint8_t* p, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v |= static_cast<uint64_t>(p[i]) << (8 * i);
  return v;
}

const EVP_MD* md_for(uint8_t type) {
  switch (type) {
    case 1:
      return EVP_sha1();
    case 2:
      return EVP_sha256();
    case 3:
      return EVP_sha512();
    default:
      return nullptr;
  }
}

std::string c_string(const uint8_t* p, size_t max) {
  return std::string(reinterpret_cast<const char*>(p), strnlen(reinterpret_cast<const char*>(p), max));
}

}  // namespace

Packet encode(const Request& r) {
  Packet p{};
  p[kOffRequest] = r.request;
  p[kOffHashType] = r.hashtype;
  p[kOffAddrLen] = r.addrlen;
  p[kOffFlags] = r.flags;
  std::memcpy(&p[kOffDomain], r.domain.data(), std::min(r.domain.size(), kDomainSize - 1));
  std::copy(r.address.begin(), r.address.end(), &p[kOffAddress]);
  put_le(&p[kOffPort], r.port, 2);
  std::copy(r.random.begin(), r.random.end(), &p[kOffRandom]);
  put_le(&p[kOffSeqno], r.seqno, 4);
  put_le(&p[kOffFamily], r.family, 4);
  std::copy(r.hash.begin(), r.hash.end(), &p[kOffHash]);
  return p;
}

std::optional<Request> decode(Bytes p) {
  if (p.size() != kRequestSize) return std::nullopt;
  if (std::find(&p[kOffDomain], &p[kOffDomain] + kDomainSize, 0) == &p[kOffDomain] + kDomainSize)
    return std::nullopt;  // an unterminated name would be read past its field by a C peer
  Request r;
  r.request = p[kOffRequest];
  r.hashtype = p[kOffHashType];
  r.addrlen = p[kOffAddrLen];
  r.flags = p[kOffFlags];
  r.domain = c_string(&p[kOffDomain], kDomainSize);
  std::copy(&p[kOffAddress], &p[kOffAddress] + kAddressSize, r.address.begin());
  r.port = static_cast<uint16_t>(get_le(&p[kOffPort], 2));
  std::copy(&p[kOffRandom], &p[kOffRandom] + kRandomSize, r.random.begin());
  r.seqno = static_cast<uint32_t>(get_le(&p[kOffSeqno], 4));
  r.family = static_cast<uint32_t>(get_le(&p[kOffFamily], 4));
  std::copy(&p[kOffHash], &p[kOffHash] + kDigestSize, r.hash.begin());
  return r;
}

std::optional<HashType> hash_from_name(std::string_view n) {
  if (n == "none") return HashType::None;
  if (n == "sha1") return HashType::Sha1;
  if (n == "sha256") return HashType::Sha256;
  if (n == "sha512") return HashType::Sha512;
  return std::nullopt;
}

const char* hash_name(HashType h) {
  switch (h) {
    case HashType::None:
      return "none";
    case HashType::Sha1:
      return "sha1";
    case HashType::Sha256:
      return "sha256";
    case HashType::Sha512:
      return "sha512";
  }
  return "?";
}

std::optional<Digest> keyed_digest(uint8_t type, Bytes key, Bytes data) {
  const EVP_MD* md = md_for(type);
  if (!md) return std::nullopt;
  Digest d{};
  unsigned int len = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok = ctx && EVP_DigestInit_ex(ctx, md, nullptr) == 1 &&
                  EVP_DigestUpdate(ctx, key.data(), key.size()) == 1 &&
                  EVP_DigestUpdate(ctx, data.data(), data.size()) == 1 && EVP_DigestFinal_ex(ctx, d.data(), &len) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok) return std::nullopt;
  return d;
}

Packet sign(Request r, Bytes key, const std::array<uint8_t, kRandomSize>& random) {
  r.hash.fill(0);
  if (!md_for(r.hashtype)) return encode(r);  // HASH_NONE: fence-virt leaves random and hash zero
  r.random = random;
  Packet p = encode(r);
  if (auto d = keyed_digest(r.hashtype, key, p)) std::copy(d->begin(), d->end(), &p[kOffHash]);
  return p;
}

Verdict verify(const Packet& packet, HashType minimum, Bytes key) {
  const uint8_t type = packet[kOffHashType];
  if (type < static_cast<uint8_t>(minimum)) return Verdict::TooWeak;
  if (type == static_cast<uint8_t>(HashType::None)) return Verdict::Accepted;
  if (!md_for(type) || key.empty()) return Verdict::BadSignature;
  Packet zeroed = packet;
  std::fill(&zeroed[kOffHash], &zeroed[kOffHash] + kDigestSize, 0);
  auto d = keyed_digest(type, key, zeroed);
  if (!d) return Verdict::BadSignature;
  // All 64 bytes, padding included, as fence-virt compares them.
  return std::equal(d->begin(), d->end(), &packet[kOffHash]) ? Verdict::Accepted : Verdict::BadSignature;
}

std::optional<Digest> challenge_answer(HashType auth, Bytes key, Bytes challenge) {
  return keyed_digest(static_cast<uint8_t>(auth), key, challenge);
}

std::array<uint8_t, kHostStateSize> encode_host_state(const HostState& h) {
  std::array<uint8_t, kHostStateSize> r{};
  std::memcpy(&r[0], h.domain.data(), std::min(h.domain.size(), kDomainSize - 1));
  std::memcpy(&r[64], h.uuid.data(), std::min(h.uuid.size(), size_t{63}));
  r[128] = h.state;
  return r;
}

HostState decode_host_state(Bytes rec) {
  HostState h;
  h.domain = c_string(&rec[0], 64);
  h.uuid = c_string(&rec[64], 64);
  h.state = rec[128];
  return h;
}

bool is_terminator(const HostState& h) { return h.domain.empty() && h.uuid.empty(); }

}  // namespace vmha::xvm
