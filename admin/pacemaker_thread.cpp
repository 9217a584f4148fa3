#include "pacemaker_thread.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>

namespace vmha::admin {

namespace {

struct Queue {
  std::mutex lock;
  std::condition_variable ready;
  std::deque<std::function<void()>> jobs;
};

// Never destroyed: the thread may still wait on it (or run a hung job) while the process exits.
Queue& queue() {
  static Queue* q = [] {
    auto* created = new Queue;  // NOLINT(cppcoreguidelines-owning-memory): lives as long as the process
    std::thread([created] {
      for (;;) {
        std::function<void()> job;
        {
          std::unique_lock<std::mutex> hold(created->lock);
          created->ready.wait(hold, [created] { return !created->jobs.empty(); });
          job = std::move(created->jobs.front());
          created->jobs.pop_front();
        }
        job();
      }
    }).detach();
    return created;
  }();
  return *q;
}

}  // namespace

void post_to_pacemaker_thread(std::function<void()> job) {
  Queue& q = queue();
  {
    std::lock_guard<std::mutex> hold(q.lock);
    q.jobs.push_back(std::move(job));
  }
  q.ready.notify_one();
}

}  // namespace vmha::admin
