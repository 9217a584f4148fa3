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

// Queues job on the Pacemaker thread and returns at once: job()'s answer (or what it threw) comes
// through the future.
template <typename Job>
auto start_on_pacemaker_thread(Job job) -> std::future<decltype(job())> {
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
  return result;
}

// The answer of a job started above, or nullopt when it was not ready by the deadline (it may still
// run; the next job waits behind it).
template <typename Answer>
std::optional<Answer> pacemaker_answer(std::future<Answer>& result, std::chrono::steady_clock::time_point deadline) {
  if (result.wait_until(deadline) != std::future_status::ready) return std::nullopt;
  return result.get();
}

// job()'s answer, or nullopt when it was not ready by the deadline.
template <typename Job>
auto on_pacemaker_thread(Job job, std::chrono::steady_clock::time_point deadline) -> std::optional<decltype(job())> {
  auto result = start_on_pacemaker_thread(std::move(job));
  return pacemaker_answer(result, deadline);
}

}  // namespace vmha::admin
