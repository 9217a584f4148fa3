#include "watchdog.hpp"

#include <unistd.h>

#include <cstdio>

#include "log.hpp"

namespace vmha::ocf {

Watchdog::Watchdog(Deadline deadline, Result result_on_expiry, std::string what, ExpiryHook hook)
    : deadline_(deadline), result_(result_on_expiry), what_(std::move(what)), hook_(std::move(hook)), thread_([this] {
        run();
      }) {}

Watchdog::~Watchdog() {
  {
    std::lock_guard lock(mutex_);
    done_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void Watchdog::run() {
  std::unique_lock lock(mutex_);
  if (cv_.wait_until(lock, deadline_.when(), [this] { return done_; })) return;
  lock.unlock();
  Result r = hook_ ? hook_(result_) : result_;
  log::exit_reason(what_ + " did not finish before its deadline; giving up");
  std::fflush(stderr);
  // The main thread is stuck inside a call that will not return: leave without running
  // destructors that would wait on it.
  _exit(exit_code(r));
}

}  // namespace vmha::ocf
