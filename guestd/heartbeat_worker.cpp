#include "heartbeat_worker.hpp"

#include <libvirt/libvirt-qemu.h>
#include <libvirt/virterror.h>

#include <chrono>
#include <cstdlib>
#include <future>

namespace vmha::guestd {

namespace {

// libvirt's own wait for the agent's guest-sync (QEMU_AGENT_WAIT_TIME, 5 s). Masakari's monitor
// waits 2 s, but a slow guest on a loaded host answers later than that (the lab's TCG guest just
// after a reset): every ping then times out, its agent never counts as heard, and its
// heartbeat stays disarmed — or, had it been heard once, a healthy guest would be reset. A round
// every 5 s still lets the shortest heartbeat_timeout (5 s) be judged.
constexpr int kPingTimeoutS = 5;
constexpr auto kRound = std::chrono::seconds(5);

std::string libvirt_error() {
  virErrorPtr e = virGetLastError();
  return e && e->message ? e->message : "unknown libvirt error";
}

}  // namespace

void HeartbeatWorker::start() {
  thread_ = std::thread([this] { loop(); });
}

void HeartbeatWorker::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (conn_) virConnectClose(conn_);
  conn_ = nullptr;
}

void HeartbeatWorker::request_reset(const std::string& guest) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    resets_.push_back(guest);
  }
  wake_.notify_all();
}

void HeartbeatWorker::set_guests(std::vector<std::string> guests) {
  std::lock_guard<std::mutex> lock(mu_);
  guests_ = std::move(guests);
}

std::vector<WorkerResult> HeartbeatWorker::take_results() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<WorkerResult> out;
  out.swap(results_);
  return out;
}

void HeartbeatWorker::push(WorkerResult r) {
  r.at = std::time(nullptr);
  std::lock_guard<std::mutex> lock(mu_);
  results_.push_back(std::move(r));
}

bool HeartbeatWorker::ensure_connected() {
  if (conn_ && virConnectIsAlive(conn_) == 1) return true;
  if (conn_) virConnectClose(conn_);
  conn_ = virConnectOpen(uri_.c_str());
  return conn_ != nullptr;
}

void HeartbeatWorker::reset(const std::string& guest) {
  if (!ensure_connected()) return push({WorkerResult::ResetFailed, guest, 0, "cannot connect: " + libvirt_error()});
  virDomainPtr dom = virDomainLookupByName(conn_, guest.c_str());
  if (!dom) return push({WorkerResult::ResetFailed, guest, 0, libvirt_error()});
  bool ok = virDomainReset(dom, 0) == 0;
  push({ok ? WorkerResult::ResetDone : WorkerResult::ResetFailed, guest, 0, ok ? "" : libvirt_error()});
  virDomainFree(dom);
}

WorkerResult HeartbeatWorker::ping(const std::string& guest) {
  virDomainPtr dom = virDomainLookupByName(conn_, guest.c_str());
  int state = 0, reason = 0;
  WorkerResult r{WorkerResult::NotRunning, guest, 0, ""};
  if (!dom || virDomainGetState(dom, &state, &reason, 0) != 0 || state != VIR_DOMAIN_RUNNING) {
    r.kind = WorkerResult::NotRunning;
  } else if (char* reply = virDomainQemuAgentCommand(dom, R"({"execute":"guest-ping"})", kPingTimeoutS, 0)) {
    std::free(reply);
    r.kind = WorkerResult::Answered;
  } else {
    r = {WorkerResult::Silent, guest, 0, libvirt_error()};
  }
  if (dom) virDomainFree(dom);
  return r;
}

// Every guest is pinged at once (libvirt's connection is thread-safe, and libvirtd serves each
// domain's agent on its own): a round lasts one ping timeout however many guests are silent, so a
// silent guest does not delay the judgement of the others.
void HeartbeatWorker::ping_all() {
  std::vector<std::string> guests;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ || !resets_.empty()) return;  // a reset waits for no round of pings
    guests = guests_;
  }
  if (guests.empty() || !ensure_connected()) return;
  std::vector<std::future<WorkerResult>> pings;
  pings.reserve(guests.size());
  for (const auto& guest : guests)
    pings.push_back(std::async(std::launch::async, [this, guest] { return ping(guest); }));
  for (auto& p : pings) push(p.get());
}

void HeartbeatWorker::loop() {
  auto next_round = std::chrono::steady_clock::now();
  while (true) {
    std::string guest;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait_until(lock, next_round, [this] { return stopping_ || !resets_.empty(); });
      if (stopping_) return;
      if (!resets_.empty()) {
        guest = resets_.front();
        resets_.pop_front();
      }
    }
    if (!guest.empty()) {
      reset(guest);
      continue;
    }
    ping_all();
    next_round = std::chrono::steady_clock::now() + kRound;
  }
}

}  // namespace vmha::guestd
