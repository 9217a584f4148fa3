// The one thread that talks to the backend (libvirt, CPG). fence_virtd's network loop hands it
// authenticated requests and keeps serving other connections while an action runs (a reboot may
// take 15 s; a CPG request waits for another host). Requests are carried out one at a time, in
// the order they were authenticated, as fence-virt does: fencing actions never interleave.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "access_groups.hpp"
#include "backend.hpp"
#include "wire.hpp"

namespace vmha::virtd {

class BackendWorker {
 public:
  struct Job {
    uint64_t connection = 0;
    xvm::Request request;
    std::string peer;
  };
  struct Reply {
    uint64_t connection = 0;
    std::vector<uint8_t> bytes;  // everything the client reads after authentication
  };

  BackendWorker(Backend& backend, const AccessPolicy& access);
  ~BackendWorker();  // stops and joins
  BackendWorker(const BackendWorker&) = delete;
  BackendWorker& operator=(const BackendWorker&) = delete;

  void start();
  void submit(Job job);
  // Readable (eventfd) when replies are waiting; take() drains them.
  int ready_fd() const { return ready_fd_; }
  std::vector<Reply> take();

 private:
  void loop();
  std::vector<uint8_t> carry_out(const Job& job);

  Backend& backend_;
  const AccessPolicy& access_;
  int wake_fd_ = -1;   // eventfd: a job arrived or stop was asked
  int ready_fd_ = -1;  // eventfd: a reply is waiting
  std::mutex mutex_;
  std::deque<Job> jobs_;
  std::vector<Reply> replies_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace vmha::virtd
