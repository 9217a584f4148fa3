#include "cpg_backend.hpp"

#include <poll.h>
#include <time.h>

#include <cstring>

#include "libvirt/libvirt_device.hpp"
#include "vmha/log.hpp"

namespace vmha::virtd {
namespace {

constexpr double kAnnounceEvery = 5;   // seconds; also announced on every membership change
constexpr double kRemoteTimeout = 30;  // a remote host must answer within this

double now() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

void on_deliver(cpg_handle_t h, const cpg_name*, uint32_t nodeid, uint32_t, void* msg, size_t len) {
  void* ctx = nullptr;
  cpg_context_get(h, &ctx);
  static_cast<CpgBackend*>(ctx)->deliver(nodeid, std::string(static_cast<char*>(msg), len));
}

void on_confchg(cpg_handle_t h, const cpg_name*, const cpg_address* members, size_t n, const cpg_address*, size_t,
                const cpg_address*, size_t) {
  void* ctx = nullptr;
  cpg_context_get(h, &ctx);
  std::vector<uint32_t> ids;
  for (size_t i = 0; i < n; ++i) ids.push_back(members[i].nodeid);
  static_cast<CpgBackend*>(ctx)->membership(ids);
}

}  // namespace

CpgBackend::CpgBackend(std::string uri, std::string group) : local_(std::move(uri)), group_(std::move(group)) {}

CpgBackend::~CpgBackend() {
  if (handle_) cpg_finalize(handle_);
}

std::string CpgBackend::open() {
  cpg_callbacks_t cb{};
  cb.cpg_deliver_fn = on_deliver;
  cb.cpg_confchg_fn = on_confchg;
  if (cpg_initialize(&handle_, &cb) != CS_OK) return "cannot connect to corosync CPG";
  cpg_context_set(handle_, this);
  cpg_local_get(handle_, &self_);
  cpg_name name{};
  name.length = static_cast<uint32_t>(std::min(group_.size(), sizeof name.value));
  std::memcpy(name.value, group_.data(), name.length);
  if (cpg_join(handle_, &name) != CS_OK) return "cannot join CPG group " + group_;
  cpg_fd_get(handle_, &fd_);
  lists_[self_] = local_guests();
  return {};
}

std::vector<GuestEntry> CpgBackend::local_guests() {
  std::vector<GuestEntry> out;
  for (const auto& h : local_.hosts()) out.push_back({h.domain, h.uuid, h.state == 1});
  return out;
}

void CpgBackend::send(const CpgMessage& m) {
  const std::string text = encode_cpg(m);
  iovec iov{const_cast<char*>(text.data()), text.size()};
  for (int i = 0; i < 50; ++i) {
    if (cpg_mcast_joined(handle_, CPG_TYPE_AGREED, &iov, 1) != CS_ERR_TRY_AGAIN) return;
    poll(nullptr, 0, 20);
  }
}

void CpgBackend::announce() {
  CpgMessage m;
  m.kind = CpgMessage::Kind::List;
  m.guests = local_guests();
  lists_[self_] = m.guests;
  send(m);
  last_announce_ = now();
}

void CpgBackend::on_event() { cpg_dispatch(handle_, CS_DISPATCH_ALL); }

void CpgBackend::tick() {
  if (now() - last_announce_ >= kAnnounceEvery) announce();
}

void CpgBackend::membership(const std::vector<uint32_t>& members) {
  // Lists of hosts that left are dropped: a departed host's guests are nobody's to report.
  std::map<uint32_t, std::vector<GuestEntry>> kept;
  for (uint32_t id : members)
    if (lists_.count(id)) kept[id] = lists_[id];
  lists_ = std::move(kept);
  last_announce_ = 0;  // tell the (new) members what runs here on the next tick
}

void CpgBackend::deliver(uint32_t from, const std::string& text) {
  auto m = decode_cpg(text);
  if (!m) {
    log::writef(log::Level::Warning, "cpg: unreadable message from node %u ignored", from);
    return;
  }
  switch (m->kind) {
    case CpgMessage::Kind::List:
      lists_[from] = m->guests;
      break;
    case CpgMessage::Kind::Request: {
      if (m->node != self_) break;
      const uint8_t r = local_.perform(m->command, m->domain);
      log::writef(log::Level::Notice, "cpg: request %u for '%s' from node %u: result %u", m->command, m->domain.c_str(),
                  from, r);
      CpgMessage res;
      res.kind = CpgMessage::Kind::Result;
      res.id = m->id;
      res.node = from;
      res.result = r;
      send(res);
      announce();
      break;
    }
    case CpgMessage::Kind::Result:
      if (m->node == self_) results_[m->id] = m->result;
      break;
  }
}

uint8_t CpgBackend::perform(uint8_t command, const std::string& domain) {
  const auto cmd = static_cast<xvm::Command>(command);
  if (cmd == xvm::Command::DevStatus) return xvm::kRespSuccess;
  if (cmd == xvm::Command::Null) return xvm::kRespFail;
  lists_[self_] = local_guests();
  const Placement p = place(domain, self_, lists_);
  if (p.where == Placement::Where::Local) {
    const uint8_t r = local_.perform(command, domain);
    announce();
    return r;
  }
  if (p.where == Placement::Where::Nowhere) {
    // fence-virt's cpg backend: a guest no member runs or defines is off.
    switch (cmd) {
      case xvm::Command::Status:
        return xvm::kRespOff;
      case xvm::Command::Off:
      case xvm::Command::Reboot:
        return xvm::kRespSuccess;
      default:
        return xvm::kRespFail;
    }
  }
  CpgMessage req;
  req.kind = CpgMessage::Kind::Request;
  req.id = (self_ << 16) ^ next_id_++;
  req.node = p.node;
  req.command = command;
  req.domain = domain;
  send(req);
  const double deadline = now() + kRemoteTimeout;
  while (now() < deadline) {
    auto it = results_.find(req.id);
    if (it != results_.end()) {
      const uint8_t r = it->second;
      results_.erase(it);
      return r;
    }
    if (!lists_.count(p.node)) break;  // the acting host left the group
    pollfd pf{fd_, POLLIN, 0};
    if (poll(&pf, 1, 200) > 0) on_event();
  }
  log::writef(log::Level::Warning, "cpg: node %u did not answer request for '%s'", p.node, domain.c_str());
  return xvm::kRespFail;
}

std::vector<xvm::HostState> CpgBackend::hosts() {
  lists_[self_] = local_guests();
  std::vector<xvm::HostState> out;
  std::map<std::string, xvm::HostState> seen;  // by uuid: a running copy wins over a defined one
  for (const auto& [node, guests] : lists_)
    for (const auto& g : guests) {
      auto& h = seen[g.uuid];
      if (h.domain.empty() || g.running) h = {g.name, g.uuid, static_cast<uint8_t>(g.running ? 1 : 5)};
    }
  for (auto& [_, h] : seen) out.push_back(h);
  return out;
}

}  // namespace vmha::virtd
