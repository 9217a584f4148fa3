#include "request_gate.hpp"

namespace vmha::virtd {

namespace {
constexpr double kHistorySeconds = 10;
constexpr size_t kRememberedSignatures = 4096;
}  // namespace

const char* verdict_text(GateVerdict v) {
  switch (v) {
    case GateVerdict::Accept:
      return "accepted";
    case GateVerdict::Malformed:
      return "malformed request";
    case GateVerdict::TooWeak:
      return "hash type not strong enough";
    case GateVerdict::BadSignature:
      return "bad signature (wrong key or altered request)";
    case GateVerdict::Duplicate:
      return "duplicate of a request just served";
    case GateVerdict::Replay:
      return "replay of an earlier request";
  }
  return "?";
}

GateResult RequestGate::admit(xvm::Bytes packet, double now) {
  GateResult r;
  auto req = xvm::decode(packet);
  if (!req) return r;
  r.request = *req;
  xvm::Packet p{};
  std::copy(packet.begin(), packet.end(), p.begin());
  switch (xvm::verify(p, minimum_, {reinterpret_cast<const uint8_t*>(key_.data()), key_.size()})) {
    case xvm::Verdict::TooWeak:
      r.verdict = GateVerdict::TooWeak;
      return r;
    case xvm::Verdict::BadSignature:
      r.verdict = GateVerdict::BadSignature;
      return r;
    case xvm::Verdict::Accepted:
      break;
  }
  while (!recent_.empty() && now - recent_.front().when > kHistorySeconds) recent_.pop_front();
  for (const auto& s : recent_) {
    if (s.request == req->request && s.seqno == req->seqno && s.domain == req->domain) {
      r.verdict = GateVerdict::Duplicate;
      return r;
    }
  }
  const bool signed_request = req->hashtype != 0;
  if (signed_request && accepted_signatures_.count(req->hash)) {
    r.verdict = GateVerdict::Replay;
    return r;
  }
  recent_.push_back({req->request, req->seqno, req->domain, now});
  if (signed_request) {
    accepted_signatures_.insert(req->hash);
    accepted_order_.push_back(req->hash);
    if (accepted_order_.size() > kRememberedSignatures) {
      accepted_signatures_.erase(accepted_order_.front());
      accepted_order_.pop_front();
    }
  }
  r.verdict = GateVerdict::Accept;
  return r;
}

}  // namespace vmha::virtd
