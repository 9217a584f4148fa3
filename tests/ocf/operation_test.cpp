#include "ocf/operation.hpp"

#include <gtest/gtest.h>

using namespace vmha::ocf;
using ms = std::chrono::milliseconds;

TEST(Operation, PacemakerMonitorWithInterval) {
  EnvMap env{{"OCF_RESKEY_CRM_meta_timeout", "30000"},
             {"OCF_RESKEY_CRM_meta_interval", "10000"},
             {"OCF_RESKEY_crm_feature_set", "3.16.2"},
             {"OCF_RESOURCE_INSTANCE", "vm1"},
             {"OCF_CHECK_LEVEL", "10"}};
  Operation op = parse_operation("monitor", env, ms(90'000));
  EXPECT_EQ(op.timeout, ms(30'000));
  EXPECT_EQ(op.interval, ms(10'000));
  EXPECT_FALSE(op.is_probe);
  EXPECT_EQ(op.check_level, 10);
  EXPECT_EQ(op.caller, Caller::Pacemaker);
  EXPECT_EQ(op.resource_instance, "vm1");
}

TEST(Operation, ProbeIsMonitorWithZeroInterval) {
  EnvMap env{{"OCF_RESKEY_CRM_meta_timeout", "20000"}, {"OCF_RESKEY_CRM_meta_interval", "0"}};
  EXPECT_TRUE(parse_operation("monitor", env, ms(90'000)).is_probe);
  EXPECT_FALSE(parse_operation("start", env, ms(90'000)).is_probe);
}

TEST(Operation, MigrationNodes) {
  EnvMap env{{"OCF_RESKEY_CRM_meta_migrate_target", "hv2"}, {"OCF_RESKEY_CRM_meta_migrate_source", "hv1"}};
  Operation op = parse_operation("migrate_to", env, ms(90'000));
  EXPECT_EQ(op.migrate_target, "hv2");
  EXPECT_EQ(op.migrate_source, "hv1");
}

TEST(Operation, RgmanagerTimeoutIsInSecondsAndZeroMeansNone) {
  EnvMap env{{"OCF_RESKEY_RGMANAGER_meta_timeout", "120"}};
  Operation op = parse_operation("stop", env, ms(60'000));
  EXPECT_EQ(op.timeout, ms(120'000));
  EXPECT_EQ(op.caller, Caller::Rgmanager);
  EnvMap enforced{{"OCF_RESKEY_RGMANAGER_meta_timeout", "0"}};
  EXPECT_EQ(parse_operation("stop", enforced, ms(60'000)).timeout, ms(60'000));
}

TEST(Operation, DefaultTimeoutWhenNoneGiven) {
  Operation op = parse_operation("start", {}, ms(90'000));
  EXPECT_EQ(op.timeout, ms(90'000));
  EXPECT_FALSE(op.timeout_given);
  EXPECT_EQ(op.caller, Caller::Manual);
}
