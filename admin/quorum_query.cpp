#include "quorum_query.hpp"

#include <corosync/votequorum.h>

#include <future>
#include <memory>
#include <thread>

namespace vmha::admin {

namespace {

std::optional<CorosyncQuorum> ask_votequorum() {
  votequorum_handle_t handle = 0;
  if (votequorum_initialize(&handle, nullptr) != CS_OK) return std::nullopt;
  votequorum_info info{};
  // Node id 0 asks about the host the call is made on (votequorum's getinfo takes it as "us").
  cs_error_t rc = votequorum_getinfo(handle, 0, &info);
  votequorum_finalize(handle);
  if (rc != CS_OK) return std::nullopt;
  CorosyncQuorum q;
  q.quorate = (info.flags & VOTEQUORUM_INFO_QUORATE) != 0;
  q.total_votes = info.total_votes;
  // corosync-quorumtool's "Expected votes" is this node's expected votes.
  q.expected_votes = info.node_expected_votes;
  return q;
}

}  // namespace

VotequorumQuery::VotequorumQuery() {
  auto promise = std::make_shared<std::promise<std::optional<CorosyncQuorum>>>();
  answer_ = promise->get_future();
  std::thread([promise] { promise->set_value(ask_votequorum()); }).detach();
}

std::optional<CorosyncQuorum> VotequorumQuery::answer(std::chrono::steady_clock::time_point deadline) {
  if (answer_.wait_until(deadline) != std::future_status::ready) return std::nullopt;
  return answer_.get();
}

}  // namespace vmha::admin
