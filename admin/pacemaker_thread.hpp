// The one thread vmha calls Pacemaker's libraries from (libcib, libpacemaker and libcrmcommon
// under them). They are written for one thread: crm_xml_init() hooks libxml2's node creation to
// give every node Pacemaker's private data, and libxml2 keeps those hooks per thread, so a CIB
// parsed on any other thread has none and Pacemaker's ACL check aborts the process. Every call goes
// through this thread, in turn; the caller waits only until its deadline, so a hung pacemakerd,
// CIB manager or fencer holds this thread (and the calls queued behind it), never vmha.
#pragma once
#include <chrono>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <optional>

namespace vmha::admin {

// Queues job on the Pacemaker thread (started on first use, left running until the process ends).
void post_to_pacemaker_thread(std::function<void()> job);

// job()'s answer, or nullopt when it was not ready by the deadline (it may still run; the next
// job waits behind it).
template <typename Job>
auto on_pacemaker_thread(Job job, std::chrono::steady_clock::time_point deadline) -> std::optional<decltype(job())> {
  using Answer = decltype(job());
  auto answer = std::make_shared<std::promise<Answer>>();
  std::future<Answer> result = answer->get_future();
  post_to_pacemaker_thread([answer, job = std::move(job)]() mutable {
    try {
      answer->set_value(job());
    } catch (...) {
      answer->set_exception(std::current_exception());
    }
  });
  if (result.wait_until(deadline) != std::future_status::ready) return std::nullopt;
  return result.get();
}

}  // namespace vmha::admin
