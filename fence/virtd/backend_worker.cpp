#include "backend_worker.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <utility>

#include "vmha/log.hpp"

namespace vmha::virtd {
namespace {

void signal_fd(int fd) {
  const uint64_t one = 1;
  [[maybe_unused]] ssize_t n = write(fd, &one, sizeof one);
}

void drain_fd(int fd) {
  uint64_t v;
  [[maybe_unused]] ssize_t n = read(fd, &v, sizeof v);
}

void append(std::vector<uint8_t>& out, xvm::Bytes b) { out.insert(out.end(), b.begin(), b.end()); }

}  // namespace

BackendWorker::BackendWorker(Backend& backend, const AccessPolicy& access)
    : backend_(backend),
      access_(access),
      wake_fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)),
      ready_fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

BackendWorker::~BackendWorker() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  signal_fd(wake_fd_);
  if (thread_.joinable()) thread_.join();
  close(wake_fd_);
  close(ready_fd_);
}

void BackendWorker::start() {
  thread_ = std::thread([this] { loop(); });
}

void BackendWorker::submit(Job job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  signal_fd(wake_fd_);
}

std::vector<BackendWorker::Reply> BackendWorker::take() {
  drain_fd(ready_fd_);
  std::lock_guard<std::mutex> lock(mutex_);
  return std::exchange(replies_, {});
}

void BackendWorker::loop() {
  for (;;) {
    // The backend's own descriptor (CPG) and periodic tick live on this thread too: libcpg and
    // libvirt handles are used from one thread only.
    pollfd p[2] = {{wake_fd_, POLLIN, 0}, {backend_.event_fd(), POLLIN, 0}};
    const int n = poll(p, p[1].fd >= 0 ? 2 : 1, 1000);
    backend_.tick();
    if (n > 0 && p[1].fd >= 0 && (p[1].revents & POLLIN)) backend_.on_event();
    if (n > 0 && (p[0].revents & POLLIN)) drain_fd(wake_fd_);
    for (;;) {
      Job job;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stop_) return;
        if (jobs_.empty()) break;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      Reply r{job.connection, carry_out(job)};
      {
        std::lock_guard<std::mutex> lock(mutex_);
        replies_.push_back(std::move(r));
      }
      signal_fd(ready_fd_);
    }
  }
}

std::vector<uint8_t> BackendWorker::carry_out(const Job& job) {
  const xvm::Request& req = job.request;
  const std::string& peer = job.peer;
  std::vector<uint8_t> out;
  if (req.request == static_cast<uint8_t>(xvm::Command::HostList)) {
    out.push_back(xvm::kRespHostList);
    // With groups, a source sees only the guests it may act on (as fence-virt).
    for (const auto& h : backend_.hosts())
      if (access_.decide(peer, {h.domain, h.uuid}).allowed) append(out, xvm::encode_host_state(h));
    append(out, xvm::encode_host_state({}));
    out.push_back(xvm::kRespSuccess);
    log::writef(log::Level::Info, "host list sent to %s", peer.c_str());
    return out;
  }
  if (!access_.open() && needs_guest_access(req.request)) {
    const GuestIdentity guest = identify_guest(req.domain, backend_.hosts());
    if (!access_.decide(peer, guest).allowed) {
      log::writef(log::Level::Warning,
                  "request %u for '%s' from %s refused: no group lets %s act on that guest; nothing done", req.request,
                  req.domain.c_str(), peer.c_str(), peer.c_str());
      out.push_back(xvm::kRespPerm);
      return out;
    }
  }
  const uint8_t result = backend_.perform(req.request, req.domain);
  log::writef(log::Level::Notice, "request %u for '%s' from %s: result %u", req.request, req.domain.c_str(),
              peer.c_str(), result);
  out.push_back(result);
  return out;
}

}  // namespace vmha::virtd
