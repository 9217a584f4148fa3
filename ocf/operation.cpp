#include "operation.hpp"

#include <algorithm>

#include "vmha/deadline.hpp"
#include "value_parse.hpp"

namespace vmha::ocf {

Operation parse_operation(std::string action, const EnvMap& env, std::chrono::milliseconds default_timeout) {
  Operation op;
  op.action = std::move(action);
  op.timeout = default_timeout;
  if (auto t = lookup(env, "OCF_RESKEY_CRM_meta_timeout")) {
    if (auto ms = parse_integer(*t); ms && *ms > 0) {
      op.timeout = std::min(std::chrono::milliseconds(*ms), Deadline::kLongestTimeout);
      op.timeout_given = true;
    }
  } else if (auto rt = lookup(env, "OCF_RESKEY_RGMANAGER_meta_timeout")) {
    // rgmanager passes seconds, and 0 when it enforces timeouts itself.
    if (auto s = parse_integer(*rt); s && *s > 0) {
      // Saturated before the conversion to ms can overflow (see Deadline::kLongestTimeout).
      op.timeout = std::min<std::chrono::milliseconds>(std::chrono::seconds(std::min<long long>(*s, 1LL << 40)),
                                                       Deadline::kLongestTimeout);
      op.timeout_given = true;
    }
  }
  if (auto i = lookup(env, "OCF_RESKEY_CRM_meta_interval"))
    if (auto ms = parse_integer(*i); ms && *ms > 0) op.interval = std::chrono::milliseconds(*ms);
  if (auto l = lookup(env, "OCF_CHECK_LEVEL"))
    if (auto v = parse_integer(*l)) op.check_level = static_cast<int>(*v);
  auto text = [&](std::string_view key) { return std::string(lookup(env, key).value_or("")); };
  op.migrate_target = text("OCF_RESKEY_CRM_meta_migrate_target");
  op.migrate_source = text("OCF_RESKEY_CRM_meta_migrate_source");
  op.on_node = text("OCF_RESKEY_CRM_meta_on_node");
  op.resource_instance = text("OCF_RESOURCE_INSTANCE");

  // Pacemaker passes its feature set to every OCF action; test tools set only CRM_meta_*.
  if (lookup(env, "OCF_RESKEY_crm_feature_set"))
    op.caller = Caller::Pacemaker;
  else if (lookup(env, "OCF_RESKEY_RGMANAGER_meta_timeout") || lookup(env, "OCF_RESKEY_RGMANAGER_meta_refcnt"))
    op.caller = Caller::Rgmanager;

  // As ocf_is_probe: a monitor without a (non-zero) interval.
  op.is_probe = (op.action == "monitor" || op.action == "status") && op.interval.count() == 0;
  return op;
}

}  // namespace vmha::ocf
