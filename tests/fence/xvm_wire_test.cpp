#include "wire.hpp"

#include <gtest/gtest.h>

#include <cstdio>

using namespace vmha::xvm;

namespace {

std::string hex(const uint8_t* p, size_t n) {
  std::string s;
  char b[3];
  for (size_t i = 0; i < n; ++i) {
    std::snprintf(b, sizeof b, "%02x", p[i]);
    s += b;
  }
  return s;
}

Bytes as_bytes(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

Request sample() {
  Request r;
  r.request = static_cast<uint8_t>(Command::Off);
  r.hashtype = static_cast<uint8_t>(HashType::Sha256);
  r.addrlen = 4;
  r.flags = kFlagUuid;
  r.domain = "guest-1";
  r.address = {192, 0, 2, 20};
  r.port = 1229;
  r.seqno = 0x01020304;
  r.family = 2;
  return r;
}

TEST(XvmWire, LayoutMatchesFenceReqT) {
  Packet p = encode(sample());
  EXPECT_EQ(p.size(), 176u);
  EXPECT_EQ(p[0], 1);  // request
  EXPECT_EQ(p[1], 2);  // hashtype
  EXPECT_EQ(p[2], 4);  // addrlen
  EXPECT_EQ(p[3], 1);  // flags
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(&p[4])), "guest-1");
  EXPECT_EQ(hex(&p[68], 4), "c0000214");
  EXPECT_EQ(hex(&p[96], 2), "cd04");  // 1229 little-endian
  EXPECT_EQ(hex(&p[104], 4), "04030201");
  EXPECT_EQ(hex(&p[108], 4), "02000000");
}

TEST(XvmWire, RoundTrip) {
  Request r = sample();
  r.random = {1, 2, 3, 4, 5, 6};
  r.hash[0] = 9;
  auto back = decode(encode(r));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->domain, r.domain);
  EXPECT_EQ(back->port, r.port);
  EXPECT_EQ(back->seqno, r.seqno);
  EXPECT_EQ(back->family, r.family);
  EXPECT_EQ(back->random, r.random);
  EXPECT_EQ(back->hash, r.hash);
  EXPECT_EQ(back->address, r.address);
}

TEST(XvmWire, DecodeRejectsWrongSizesAndUnterminatedDomain) {
  Packet p = encode(sample());
  EXPECT_FALSE(decode(Bytes(p.data(), 175)));
  std::array<uint8_t, 177> longer{};
  EXPECT_FALSE(decode(longer));
  for (size_t i = 4; i < 68; ++i) p[i] = 'a';
  EXPECT_FALSE(decode(p));
}

TEST(XvmWire, LongDomainIsTruncatedTo63) {
  Request r = sample();
  r.domain = std::string(100, 'x');
  auto back = decode(encode(r));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->domain.size(), 63u);
}

struct DigestCase {
  HashType type;
  const char* hex;
};
class ChallengeAnswer : public ::testing::TestWithParam<DigestCase> {};

// Known answers: HASH("k" || 64 zero bytes), computed with Python's hashlib.
TEST_P(ChallengeAnswer, IsKeyedHashZeroPadded) {
  const auto& c = GetParam();
  std::array<uint8_t, 64> challenge{};
  auto d = challenge_answer(c.type, as_bytes("k"), challenge);
  ASSERT_TRUE(d);
  std::string want = c.hex;
  want.resize(128, '0');
  EXPECT_EQ(hex(d->data(), d->size()), want);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ChallengeAnswer,
    ::testing::Values(
        DigestCase{HashType::Sha1, "5fa49b15fa9938423895b10337b31aba4a23badf"},
        DigestCase{HashType::Sha256, "81850bc0bb20a00f6478eaa76d76114a69d90e83f2691fa87b26806e51ec5e0b"},
        DigestCase{HashType::Sha512,
                   "5adb35c435952831829cf255dcf897a8ee47cbc1c597edd1974e9d9cb3e84af30a2061d8c38093e3368d9fca126f78789"
                   "30437d211097f557502d7316be2f5b0"}));

TEST(ChallengeAnswer, NoneExchangesNothing) {
  std::array<uint8_t, 64> c{};
  EXPECT_FALSE(challenge_answer(HashType::None, as_bytes("k"), c));
}

class Signing : public ::testing::TestWithParam<HashType> {};

TEST_P(Signing, SignedRequestVerifiesAndEveryBitFlipIsRejected) {
  const std::string key = "secret key bytes";
  Request r = sample();
  r.hashtype = static_cast<uint8_t>(GetParam());
  Packet p = sign(r, as_bytes(key), {1, 2, 3, 4, 5, 6});
  EXPECT_EQ(verify(p, GetParam(), as_bytes(key)), Verdict::Accepted);
  EXPECT_EQ(verify(p, HashType::None, as_bytes(key)), Verdict::Accepted);  // stronger than required is fine
  EXPECT_NE(verify(p, GetParam(), as_bytes("other key")), Verdict::Accepted);
  for (size_t byte = 0; byte < p.size(); ++byte) {
    if (byte == 1) continue;  // the hash type itself: covered by the minimum-strength tests
    for (int bit = 0; bit < 8; ++bit) {
      Packet q = p;
      q[byte] ^= static_cast<uint8_t>(1u << bit);
      ASSERT_EQ(verify(q, GetParam(), as_bytes(key)), Verdict::BadSignature) << "byte " << byte << " bit " << bit;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Table, Signing, ::testing::Values(HashType::Sha1, HashType::Sha256, HashType::Sha512));

TEST(Signing, WeakerThanRequiredIsRefused) {
  Request r = sample();
  r.hashtype = static_cast<uint8_t>(HashType::Sha1);
  Packet p = sign(r, as_bytes("k"), {});
  EXPECT_EQ(verify(p, HashType::Sha256, as_bytes("k")), Verdict::TooWeak);
  r.hashtype = 0;
  EXPECT_EQ(verify(sign(r, as_bytes("k"), {}), HashType::Sha1, as_bytes("k")), Verdict::TooWeak);
  EXPECT_EQ(verify(sign(r, as_bytes("k"), {}), HashType::None, as_bytes("k")), Verdict::Accepted);
}

TEST(Signing, UnknownHashTypeOrNoKeyIsRefused) {
  Request r = sample();
  r.hashtype = 7;
  EXPECT_EQ(verify(encode(r), HashType::None, as_bytes("k")), Verdict::BadSignature);
  r.hashtype = 2;
  EXPECT_EQ(verify(sign(r, {}, {}), HashType::Sha256, {}), Verdict::BadSignature);
}

TEST(Signing, NoneLeavesRandomAndHashZero) {
  Request r = sample();
  r.hashtype = 0;
  Packet p = sign(r, as_bytes("k"), {1, 2, 3, 4, 5, 6});
  EXPECT_EQ(hex(&p[98], 6), "000000000000");
  for (size_t i = 112; i < 176; ++i) EXPECT_EQ(p[i], 0);
}

TEST(HostList, RecordRoundTripAndTerminator) {
  auto rec = encode_host_state({"g1", "6695eb01-f6a4-8304-79aa-97f2502e193f", 1});
  EXPECT_EQ(rec.size(), 130u);
  auto h = decode_host_state(rec);
  EXPECT_EQ(h.domain, "g1");
  EXPECT_EQ(h.uuid, "6695eb01-f6a4-8304-79aa-97f2502e193f");
  EXPECT_EQ(h.state, 1);
  EXPECT_FALSE(is_terminator(h));
  EXPECT_TRUE(is_terminator(decode_host_state(encode_host_state({}))));
}

TEST(HashNames, ParseAll) {
  EXPECT_EQ(hash_from_name("none"), HashType::None);
  EXPECT_EQ(hash_from_name("sha1"), HashType::Sha1);
  EXPECT_EQ(hash_from_name("sha256"), HashType::Sha256);
  EXPECT_EQ(hash_from_name("sha512"), HashType::Sha512);
  EXPECT_FALSE(hash_from_name("md5"));
}

}  // namespace
