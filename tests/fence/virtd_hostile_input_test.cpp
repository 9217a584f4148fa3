// Hostile-input tables for fence_virtd's two parsers (issue 13 item 12 and "Tests"): the
// fence_virt.conf reader and the xvm request decoder + gate. Each case: the input, the one-line
// error (or verdict) expected. What the daemon then does is uniform and tested end to end in
// virtd_hostile_config.sh / xvm_daemon_interop.sh: a config error exits 1 with that line on
// stderr and starts nothing; a refused request closes the connection with no answer byte (the
// client exits 1) and nothing is done.
#include <gtest/gtest.h>

#include <functional>

#include "access_groups.hpp"
#include "config.hpp"
#include "request_gate.hpp"

using namespace vmha::virtd;
using namespace vmha::xvm;

namespace {

std::string nested(size_t depth) {
  std::string s;
  for (size_t i = 0; i < depth; ++i) s += "a{";
  for (size_t i = 0; i < depth; ++i) s += "}";
  return s;
}

struct ConfCase {
  const char* what;
  std::function<std::string()> text;
  const char* error;  // "" = accepted; else the whole message must contain this
};

// Readable test names (ctest shows the case, not its bytes).
void PrintTo(const ConfCase& c, std::ostream* os) { *os << c.what; }

class HostileConf : public ::testing::TestWithParam<ConfCase> {};
TEST_P(HostileConf, RefusedWithFileLineColumnOrAccepted) {
  const ConfCase& c = GetParam();
  auto p = parse_config_text(c.text(), "f.conf");
  std::string err = p.error;
  if (err.empty()) err = daemon_config(p.tree, "f.conf").error;
  if (err.empty()) err = access_groups(p.tree, "f.conf").error;
  if (*c.error == '\0') {
    EXPECT_EQ(err, "") << c.what;
    return;
  }
  EXPECT_NE(err.find(c.error), std::string::npos) << c.what << ": " << err;
  EXPECT_EQ(err.find('\n'), std::string::npos) << c.what << ": one line";
  for (char ch : err) EXPECT_TRUE(ch >= 0x20 && ch != 0x7f) << c.what << ": printable";
  EXPECT_TRUE(p.error.empty() || p.tree.values.empty()) << c.what << ": nothing half-parsed";
}

const ConfCase kConfCases[] = {
    {"40,000 nested blocks (quadratic before: 22 s, 3.1 GB)", [] { return nested(40000); },
     "f.conf:1:65: block 'a' nested deeper than 32 levels"},
    {"1,000,000 nested blocks (aborted before)", [] { return nested(1000000).substr(0, kMaxConfigBytes); },
     "nested deeper than 32 levels"},
    {"32 levels are fine", [] { return nested(32); }, ""},
    {"33 levels are not", [] { return nested(33); }, "f.conf:1:65: block 'a' nested deeper than 32 levels"},
    {"larger than 1 MiB", [] { return std::string(kMaxConfigBytes + 1, ' '); },
     "f.conf:1:1: larger than 1048576 bytes"},
    {"duplicate key (fence-virt: first wins silently)",
     [] { return std::string("listeners {\n tcp {\n  port = \"1\";\n  port = \"2\";\n }\n}\n"); },
     "f.conf:4:3: duplicate key 'port' in listeners/tcp (first at line 3)"},
    {"duplicate top-level key", [] { return std::string("x = \"1\";\nx = \"2\";\n"); },
     "f.conf:2:1: duplicate key 'x' in the top level (first at line 1)"},
    {"duplicate listener block",
     [] { return std::string("listeners {\n tcp { port = \"1\"; }\n tcp { port = \"2\"; }\n}\n"); },
     "f.conf:3:2: duplicate block 'tcp' in listeners (first at line 2)"},
    {"duplicate listeners section", [] { return std::string("listeners { }\nlisteners { }\n"); },
     "f.conf:2:1: duplicate block 'listeners' in the top level (first at line 1)"},
    {"duplicate fence_virtd section", [] { return std::string("fence_virtd { }\n\nfence_virtd { }\n"); },
     "f.conf:3:1: duplicate block 'fence_virtd'"},
    {"duplicate backend block", [] { return std::string("backends { libvirt { } libvirt { } }"); },
     "f.conf:1:24: duplicate block 'libvirt' in backends (first at line 1)"},
    {"the same key in two blocks is fine",
     [] { return std::string("listeners { tcp { port = \"1\"; } multicast { port = \"2\"; } }"); }, ""},
    {"groups repeat, and so do their uuid and ip",
     [] {
       return std::string(
           "groups { group { uuid = \"a\"; uuid = \"b\"; ip = \"192.0.2.1\"; ip = \"192.0.2.2\"; }"
           " group { uuid = \"c\"; } }");
     },
     ""},
    {"but a group's name does not", [] { return std::string("groups { group { name = \"a\"; name = \"b\"; } }"); },
     "duplicate key 'name' in groups/group"},
    {"a NUL byte", [] { return std::string("a {\n\0 }", 7); }, "f.conf:2:1: unexpected byte 0x00"},
    {"an escape byte", [] { return std::string("\x1b[2J"); }, "f.conf:1:1: unexpected byte 0x1b"},
    {"a newline inside a value", [] { return std::string("a { k = \"x\ny\"; }"); },
     "f.conf:1:11: value of 'k' runs past the end of its line"},
    {"an escape inside a value (would reach logs)", [] { return std::string("a { k = \"x\x1b[31m\"; }"); },
     "f.conf:1:11: value of 'k' contains the control character 0x1b"},
    {"an unterminated string", [] { return std::string("a { k = \"x"); }, "f.conf:1:9: unterminated string for 'k'"},
    {"missing ';'", [] { return std::string("a { k = \"x\" }"); }, "f.conf:1:13: missing ';' after 'k'"},
    {"unquoted value", [] { return std::string("a { k = x; }"); }, "f.conf:1:9: value of 'k' must be in double quotes"},
    {"stray '}'", [] { return std::string("}"); }, "f.conf:1:1: '}' without an open block"},
    {"unclosed block", [] { return std::string("a {\n b {\n"); },
     "f.conf:3:1: block 'b' (opened at line 2) is not closed"},
    {"a 300-character name", [] { return std::string(300, 'n') + " { }"; },
     "f.conf:1:1: name longer than 256 characters"},
    {"empty file: every default", [] { return std::string(); }, ""},
    {"a bad port names where it was written",
     [] { return std::string("listeners {\n multicast { port = \"0\"; }\n}"); },
     "f.conf:2:14: listeners/multicast/port: '0' is not a port number"},
    {"a group's bad address names where it was written",
     [] { return std::string("groups {\n group { uuid = \"a\"; ip = \"x\"; }\n}"); },
     "f.conf:2:22: groups/group: ip 'x' is not an IPv4 or IPv6 address"},
};
INSTANTIATE_TEST_SUITE_P(Table, HostileConf, ::testing::ValuesIn(kConfCases));

// The request decoder and gate, fed what an attacker can send (TCP: exactly the first 176
// bytes are read; multicast: any datagram).
const std::string kKey = "key-bytes";
Bytes key_bytes() { return {reinterpret_cast<const uint8_t*>(kKey.data()), kKey.size()}; }

Request base(uint8_t hashtype = 2) {
  Request r;
  r.request = static_cast<uint8_t>(Command::Off);
  r.hashtype = hashtype;
  r.domain = "g1";
  r.seqno = 42;
  return r;
}
std::vector<uint8_t> bytes(const Packet& p) { return {p.begin(), p.end()}; }
std::vector<uint8_t> signed_packet(Request r = base()) { return bytes(sign(r, key_bytes(), {1, 2, 3, 4, 5, 6})); }

struct RequestCase {
  const char* what;
  std::function<std::vector<uint8_t>()> packet;
  GateVerdict verdict;
};

void PrintTo(const RequestCase& c, std::ostream* os) { *os << c.what; }

class HostileRequest : public ::testing::TestWithParam<RequestCase> {};
TEST_P(HostileRequest, GateVerdict) {
  RequestGate gate(HashType::Sha256, kKey);
  const auto p = GetParam().packet();
  EXPECT_EQ(gate.admit(p, 0).verdict, GetParam().verdict) << GetParam().what;
}

const RequestCase kRequestCases[] = {
    {"a valid signed request", [] { return signed_packet(); }, GateVerdict::Accept},
    {"sha512 is stronger than required: accepted (as fence-virt)", [] { return signed_packet(base(3)); },
     GateVerdict::Accept},
    {"nothing", [] { return std::vector<uint8_t>(); }, GateVerdict::Malformed},
    {"one byte short",
     [] {
       auto p = signed_packet();
       p.pop_back();
       return p;
     },
     GateVerdict::Malformed},
    {"one byte long (a datagram)",
     [] {
       auto p = signed_packet();
       p.push_back(0);
       return p;
     },
     GateVerdict::Malformed},
    {"a 64 KiB datagram", [] { return std::vector<uint8_t>(65536, 'A'); }, GateVerdict::Malformed},
    {"domain without its NUL",
     [] {
       auto p = signed_packet();
       std::fill(p.begin() + 4, p.begin() + 68, 'x');
       return p;
     },
     GateVerdict::Malformed},
    {"all zero: hash none, weaker than sha256", [] { return std::vector<uint8_t>(176, 0); }, GateVerdict::TooWeak},
    {"sha1, weaker than sha256", [] { return signed_packet(base(1)); }, GateVerdict::TooWeak},
    {"unknown hash type 200",
     [] {
       auto p = signed_packet();
       p[1] = 200;
       return p;
     },
     GateVerdict::BadSignature},
    {"signed with another key",
     [] {
       return bytes(sign(base(), {reinterpret_cast<const uint8_t*>("x"), 1}, {}));
     },
     GateVerdict::BadSignature},
    {"one bit of the domain flipped",
     [] {
       auto p = signed_packet();
       p[5] ^= 1;
       return p;
     },
     GateVerdict::BadSignature},
    {"the command changed after signing",
     [] {
       auto p = signed_packet();
       p[0] = 3;
       return p;
     },
     GateVerdict::BadSignature},
    {"a byte of the zero padding after the sha256 digest altered",
     [] {
       auto p = signed_packet();
       p[175] = 1;
       return p;
     },
     GateVerdict::BadSignature},
    {"random bytes",
     [] {
       std::vector<uint8_t> p(176);
       for (size_t i = 0; i < p.size(); ++i) p[i] = uint8_t(i * 37 + 11);
       p[67] = 0;
       return p;
     },
     GateVerdict::BadSignature},
    {"unknown command 200, validly signed: admitted (the backend answers failure)",
     [] {
       Request r = base();
       r.request = 200;
       return signed_packet(r);
     },
     GateVerdict::Accept},
};
INSTANTIATE_TEST_SUITE_P(Table, HostileRequest, ::testing::ValuesIn(kRequestCases));

TEST(HostileRequest, SequencesDuplicateAndReplay) {
  RequestGate gate(HashType::Sha256, kKey);
  const auto p = signed_packet();
  EXPECT_EQ(gate.admit(p, 0).verdict, GateVerdict::Accept);
  EXPECT_EQ(gate.admit(p, 1).verdict, GateVerdict::Duplicate);  // within fence-virt's 10 s history
  EXPECT_EQ(gate.admit(p, 1000).verdict, GateVerdict::Replay);  // the same bytes, ever again
  // 100,000 distinct forged requests: refused, and the gate's memory does not grow with them.
  for (uint32_t i = 0; i < 100000; ++i) {
    auto f = signed_packet();
    f[104] = uint8_t(i);
    f[105] = uint8_t(i >> 8);
    f[106] = uint8_t(i >> 16);
    ASSERT_EQ(gate.admit(f, 2000).verdict, i == 42 ? GateVerdict::Replay : GateVerdict::BadSignature) << i;
  }
}

}  // namespace
