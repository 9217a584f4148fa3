// libFuzzer target: every byte string fence_virtd can receive goes through its request gate
// (decode, signature check, history). It must never crash, read out of bounds or accept a
// request the key did not sign.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "request_gate.hpp"

using namespace vmha::virtd;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static RequestGate gate(vmha::xvm::HashType::None, "fuzz key");
  static RequestGate strict(vmha::xvm::HashType::Sha1, "fuzz key");
  static double now = 0;
  now += 0.5;
  gate.admit({data, size}, now);
  GateResult r = strict.admit({data, size}, now);
  // Signed with "fuzz key" is astronomically unlikely for fuzzed bytes: an accept here means the
  // signature check is broken.
  if (r.verdict == GateVerdict::Accept) std::abort();
  return 0;
}
