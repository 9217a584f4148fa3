// The daemon's second thread: what may block on a guest. guest-ping waits for the guest's agent
// (up to 5 s, all guests at once) and a reset waits for QEMU's monitor; neither may stall the event loop that turns
// crashes into Pacemaker failures. It holds a libvirt connection of its own and decides nothing: it
// hands each result to the event loop's thread (take_results), which owns every decision.
#pragma once
#include <libvirt/libvirt.h>

#include <condition_variable>
#include <ctime>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace vmha::guestd {

struct WorkerResult {
  enum Kind {
    Answered,    // guest-ping answered
    Silent,      // guest-ping not answered within its timeout (error: why)
    NotRunning,  // not pinged: not running (paused, shut off, gone); its heartbeat starts over
    ResetDone,   // virDomainReset succeeded
    ResetFailed  // error: why
  } kind;
  std::string guest;
  std::time_t at = 0;
  std::string error;
};

class HeartbeatWorker {
 public:
  HeartbeatWorker(std::string uri, std::string records) : uri_(std::move(uri)), records_(std::move(records)) {}
  ~HeartbeatWorker() { stop(); }

  void start();
  void stop();
  void request_reset(const std::string& guest);
  // The guests to ping (heartbeat guest-agent or both), from the event loop's view of the records:
  // the worker reads no records itself.
  void set_guests(std::vector<std::string> guests);
  std::vector<WorkerResult> take_results();

 private:
  void loop();
  bool ensure_connected();
  void ping_all();
  WorkerResult ping(const std::string& guest);
  void reset(const std::string& guest);
  void push(WorkerResult r);

  const std::string uri_, records_;
  std::vector<std::string> guests_;  // under mu_
  virConnectPtr conn_ = nullptr;     // this thread's own
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::deque<std::string> resets_;
  std::vector<WorkerResult> results_;
};

}  // namespace vmha::guestd
