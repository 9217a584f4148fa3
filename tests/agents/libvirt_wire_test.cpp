// The agents' own libvirt RPC client, pure parts: XDR, framing, reply checks, and which
// connections it takes on. The expected call bytes were captured (strace) from libvirt 9.0's
// own client library opening the same connection.
#include <gtest/gtest.h>
#include <libvirt/virterror.h>

#include <set>

#include "libvirt_rpc.hpp"
#include "libvirt_wire.hpp"
#include "xdr.hpp"

using namespace vmha::agents;

namespace {
std::vector<std::uint8_t> bytes(std::initializer_list<int> v) { return {v.begin(), v.end()}; }

// A reply header for procedure `proc`, serial `serial`, status `status`, then `payload`.
std::vector<std::uint8_t> reply(std::int32_t proc, std::uint32_t serial, std::int32_t status,
                                const std::vector<std::uint8_t>& payload) {
  xdr::Writer w;
  w.u32(0);
  w.u32(rpc::kRemoteProgram);
  w.u32(rpc::kRemoteVersion);
  w.i32(proc);
  w.i32(1);  // reply
  w.u32(serial);
  w.i32(status);
  w.put_u32_at(0, static_cast<std::uint32_t>(w.size() + payload.size()));
  std::vector<std::uint8_t> m = w.bytes();
  m.insert(m.end(), payload.begin(), payload.end());
  return m;
}
}  // namespace

TEST(Xdr, StringsArePaddedToFourBytes) {
  xdr::Writer w;
  w.string("g1");
  w.optional_string(std::nullopt);
  w.optional_string(std::string("abcd"));
  EXPECT_EQ(w.bytes(), bytes({0, 0, 0, 2, 'g', '1', 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 4, 'a', 'b', 'c', 'd'}));
  xdr::Reader r(w.bytes().data(), w.size());
  EXPECT_EQ(r.string(100), "g1");
  EXPECT_EQ(r.optional_string(100), std::nullopt);
  EXPECT_EQ(r.optional_string(100), "abcd");
  EXPECT_TRUE(r.at_end());
}

TEST(Xdr, HyperIsBigEndian) {
  xdr::Writer w;
  w.u64(0x0102030405060708ULL);
  EXPECT_EQ(w.bytes(), bytes({1, 2, 3, 4, 5, 6, 7, 8}));
  xdr::Reader r(w.bytes().data(), w.size());
  EXPECT_EQ(r.u64(), 0x0102030405060708ULL);
}

TEST(Xdr, TruncatedOrOversizedInputIsRefused) {
  auto short_string = bytes({0, 0, 0, 9, 'a', 'b'});
  xdr::Reader r(short_string.data(), short_string.size());
  EXPECT_THROW(r.string(100), xdr::Malformed);
  auto long_string = bytes({0, 0, 0, 9, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 0, 0, 0});
  xdr::Reader limited(long_string.data(), long_string.size());
  EXPECT_THROW(limited.string(8), xdr::Malformed);
  auto bad_flag = bytes({0, 0, 0, 7});
  xdr::Reader flag(bad_flag.data(), bad_flag.size());
  EXPECT_THROW(flag.optional_string(8), xdr::Malformed);
}

TEST(LibvirtRpc, ConnectOpenIsByteForByteWhatLibvirtSends) {
  xdr::Writer args;
  args.optional_string(std::string(""));
  args.u32(0);
  // libvirt 9.0's virConnectOpen(NULL) as root, its second call (serial 1), from strace.
  EXPECT_EQ(rpc::frame_call(rpc::kConnectOpen, 1, args.bytes()),
            bytes({0, 0, 0, 40, 0x20, 0, 0x80, 0x86, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0,
                   0, 0, 0, 1,  0,    0, 0,    0,    0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}));
}

TEST(LibvirtRpc, ReplyPayloadIsReturned) {
  auto m = reply(rpc::kDomainGetState, 7, 0, bytes({0, 0, 0, 1, 0, 0, 0, 5}));
  auto payload = rpc::open_reply(m, rpc::kDomainGetState, 7);
  EXPECT_EQ(payload, bytes({0, 0, 0, 1, 0, 0, 0, 5}));
}

TEST(LibvirtRpc, ErrorReplyCarriesCodeAndMessage) {
  xdr::Writer e;
  e.i32(VIR_ERR_NO_DOMAIN);
  e.i32(10);  // VIR_FROM_QEMU
  e.optional_string(std::string("Domain not found: no domain with matching name 'x'"));
  auto m = reply(rpc::kDomainLookupByName, 3, 1, e.bytes());
  try {
    rpc::open_reply(m, rpc::kDomainLookupByName, 3);
    FAIL() << "an error reply must throw";
  } catch (const rpc::RemoteError& err) {
    EXPECT_EQ(err.code, VIR_ERR_NO_DOMAIN);
    EXPECT_STREQ(err.what(), "Domain not found: no domain with matching name 'x'");
  }
}

TEST(LibvirtRpc, AReplyThatDoesNotAnswerTheCallIsRefused) {
  auto ok = reply(rpc::kDomainGetState, 7, 0, {});
  EXPECT_THROW(rpc::open_reply(ok, rpc::kDomainGetState, 8), xdr::Malformed);  // other serial
  EXPECT_THROW(rpc::open_reply(ok, rpc::kDomainGetInfo, 7), xdr::Malformed);   // other procedure
  auto other_program = ok;
  other_program[7] ^= 1;
  EXPECT_THROW(rpc::open_reply(other_program, rpc::kDomainGetState, 7), xdr::Malformed);
  auto call_not_reply = ok;
  call_not_reply[19] = 0;
  EXPECT_THROW(rpc::open_reply(call_not_reply, rpc::kDomainGetState, 7), xdr::Malformed);
  auto bad_status = ok;
  bad_status[27] = 9;
  EXPECT_THROW(rpc::open_reply(bad_status, rpc::kDomainGetState, 7), xdr::Malformed);
  auto torn = ok;
  torn.pop_back();
  EXPECT_THROW(rpc::open_reply(torn, rpc::kDomainGetState, 7), xdr::Malformed);
  auto error_without_body = reply(rpc::kDomainGetState, 7, 1, {});
  EXPECT_THROW(rpc::open_reply(error_without_body, rpc::kDomainGetState, 7), xdr::Malformed);
}

TEST(LibvirtRpc, AnnouncedLengthIsBounded) {
  std::uint8_t too_small[4] = {0, 0, 0, 27};
  std::uint8_t too_big[4] = {0x10, 0, 0, 0};
  std::uint8_t fine[4] = {0, 0, 0, 28};
  EXPECT_THROW(rpc::announced_length(too_small), xdr::Malformed);
  EXPECT_THROW(rpc::announced_length(too_big), xdr::Malformed);
  EXPECT_EQ(rpc::announced_length(fine), 28u);
}

TEST(LibvirtRpc, DomainRoundTrip) {
  rpc::DomainRef d;
  d.name = "guest-a";
  d.uuid[0] = 0xab;
  d.uuid[15] = 0xcd;
  d.id = 4;
  xdr::Writer w;
  rpc::write_domain(w, d);
  xdr::Reader r(w.bytes().data(), w.size());
  rpc::DomainRef back = rpc::read_domain(r);
  EXPECT_EQ(back.name, "guest-a");
  EXPECT_EQ(back.uuid[0], 0xab);
  EXPECT_EQ(back.uuid[15], 0xcd);
  EXPECT_EQ(back.id, 4);
  EXPECT_TRUE(r.at_end());
}

namespace {
WireSurroundings host(std::set<std::string> sockets, std::string config = "") {
  WireSurroundings s;
  s.root = true;
  s.client_config = std::move(config);
  s.socket_exists = [sockets](const std::string& p) { return sockets.count(p) > 0; };
  return s;
}
const std::string kLegacy = "/var/run/libvirt/libvirt-sock";
const std::string kDirect = "/var/run/libvirt/virtqemud-sock";
}  // namespace

TEST(WireTarget, LocalSystemQemuIsServed) {
  auto t = wire_target_for("qemu:///system", host({kLegacy}));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->socket_path, kLegacy);
  EXPECT_EQ(t->uri, "qemu:///system");
  // The modular daemon's socket wins when it exists, as libvirt's auto mode chooses.
  EXPECT_EQ(wire_target_for("qemu+unix:///system", host({kLegacy, kDirect}))->socket_path, kDirect);
}

TEST(WireTarget, TheDefaultIsResolvedAsLibvirtResolvesIt) {
  auto bare = wire_target_for("", host({kLegacy, kDirect}));
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->socket_path, kLegacy);  // no URI: the daemon probes, on libvirt-sock
  EXPECT_EQ(bare->uri, "");
  auto env = host({kDirect, kLegacy});
  env.default_uri_env = "qemu:///system";
  EXPECT_EQ(wire_target_for("", env)->socket_path, kDirect);
  env.default_uri_env = "qemu+ssh://elsewhere/system";
  EXPECT_FALSE(wire_target_for("", env));
  EXPECT_FALSE(wire_target_for("", host({kLegacy}, "uri_default = \"xen:///system\"\n")));
  EXPECT_TRUE(wire_target_for("", host({kLegacy}, "# uri_default = \"xen:///system\"\n")));
  EXPECT_EQ(wire_target_for("", host({kLegacy, kDirect}, "uri_default = \"qemu:///system\"\n"))->socket_path, kDirect);
}

TEST(WireTarget, WhatOnlyTheLibraryCanDoIsDeclined) {
  for (const char* uri : {"qemu+ssh://hv2/system", "qemu+tls://hv2/system", "qemu://hv2/system", "xen:///system",
                          "qemu:///session", "qemu:///system?socket=/tmp/s", "test:///default", "lxc:///"})
    EXPECT_FALSE(wire_target_for(uri, host({kLegacy, kDirect}))) << uri;
  EXPECT_FALSE(wire_target_for("qemu:///system", host({})));  // no daemon: the library reports it
  auto user = host({kLegacy});
  user.root = false;
  EXPECT_FALSE(wire_target_for("qemu:///system", user));
  EXPECT_EQ(wire_target_for("qemu:///system", host({kLegacy, kDirect}, "remote_mode = \"legacy\"\n"))->socket_path,
            kLegacy);
  EXPECT_FALSE(wire_target_for("qemu:///system", host({kLegacy}, "remote_mode = \"direct\"\n")));
}
