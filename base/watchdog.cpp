#include "vmha/watchdog.hpp"

#include <unistd.h>

#include <cstdio>

namespace vmha {

Watchdog::Watchdog(Deadline deadline, OnExpiry on_expiry)
    : deadline_(deadline), on_expiry_(std::move(on_expiry)), thread_([this] { run(); }) {}

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
  // Still holding the lock: a destructor that starts now waits, and the process ends first.
  const int status = on_expiry_();
  std::fflush(stderr);
  _exit(status);
}

}  // namespace vmha
