// What fence_virtd decides about one received request before anything is done: is it a
// well-formed 176-byte request, signed with the shared key and a strong enough hash, and not
// one it has already seen? Pure (time is passed in), so it is unit-tested and fuzzed.
#pragma once
#include <deque>
#include <set>
#include <string>

#include "wire.hpp"

namespace vmha::virtd {

enum class GateVerdict { Accept, Malformed, TooWeak, BadSignature, Duplicate, Replay };
const char* verdict_text(GateVerdict v);

struct GateResult {
  GateVerdict verdict = GateVerdict::Malformed;
  xvm::Request request;
};

class RequestGate {
 public:
  RequestGate(xvm::HashType minimum, std::string key) : minimum_(minimum), key_(std::move(key)) {}
  GateResult admit(xvm::Bytes packet, double now);

 private:
  xvm::HashType minimum_;
  std::string key_;
  // fence-virt's history: the same (request, seqno, domain) within 10 s is a retransmission.
  struct Seen {
    uint8_t request;
    uint32_t seqno;
    std::string domain;
    double when;
  };
  std::deque<Seen> recent_;
  // Exact signed packets already accepted (bounded): a captured packet replayed later is refused
  // even after the 10 s window (the signature covers random bytes, so a fresh request differs).
  std::set<xvm::Digest> accepted_signatures_;
  std::deque<xvm::Digest> accepted_order_;
};

}  // namespace vmha::virtd
