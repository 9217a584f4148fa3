// libFuzzer target: every byte string fence_virtd can receive goes through its request gate
// (decode, signature check, history). It must never crash or read out of bounds, never accept a
// request weaker than required, and never accept the same bytes twice (replay).
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
  // libFuzzer can learn a valid signature from the digest comparison it watches, so an accept is
  // possible; what must hold is the rest of the gate's promise.
  if (r.verdict == GateVerdict::Accept) {
    if (r.request.hashtype < static_cast<uint8_t>(vmha::xvm::HashType::Sha1)) std::abort();
    if (strict.admit({data, size}, now + 100).verdict == GateVerdict::Accept) std::abort();
  }
  return 0;
}
