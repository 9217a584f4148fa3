#include "exit_code.hpp"

namespace vmha::ocf {

std::string_view result_name(Result r) {
  switch (r) {
    case Result::Success:
      return "OCF_SUCCESS";
    case Result::ErrGeneric:
      return "OCF_ERR_GENERIC";
    case Result::ErrArgs:
      return "OCF_ERR_ARGS";
    case Result::ErrUnimplemented:
      return "OCF_ERR_UNIMPLEMENTED";
    case Result::ErrPerm:
      return "OCF_ERR_PERM";
    case Result::ErrInstalled:
      return "OCF_ERR_INSTALLED";
    case Result::ErrConfigured:
      return "OCF_ERR_CONFIGURED";
    case Result::NotRunning:
      return "OCF_NOT_RUNNING";
    case Result::RunningPromoted:
      return "OCF_RUNNING_PROMOTED";
    case Result::FailedPromoted:
      return "OCF_FAILED_PROMOTED";
    case Result::Degraded:
      return "OCF_DEGRADED";
    case Result::DegradedPromoted:
      return "OCF_DEGRADED_PROMOTED";
  }
  return "OCF_UNKNOWN";
}

}  // namespace vmha::ocf
