#include "watchdog.hpp"

#include "log.hpp"

namespace vmha::ocf {

Watchdog::Watchdog(Deadline deadline, Result result_on_expiry, std::string what, ExpiryHook hook)
    : watchdog_(deadline, [result_on_expiry, what = std::move(what), hook = std::move(hook)] {
        Result r = hook ? hook(result_on_expiry) : result_on_expiry;
        log::exit_reason(what + " did not finish before its deadline; giving up");
        return exit_code(r);
      }) {}

}  // namespace vmha::ocf
