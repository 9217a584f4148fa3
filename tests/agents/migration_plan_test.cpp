#include "migration_plan.hpp"

#include <gtest/gtest.h>
#include <libvirt/libvirt.h>

using namespace vmha::agents;

TEST(MigrationPlan, SuffixGoesBeforeTheFirstDot) {
  EXPECT_EQ(host_with_suffix("node1.example.com", "-mig"), "node1-mig.example.com");
  EXPECT_EQ(host_with_suffix("node1", "-mig"), "node1-mig");
  EXPECT_EQ(host_with_suffix("node1", ""), "node1");
}

TEST(MigrationPlan, RemoteUriFromLocalUri) {
  EXPECT_EQ(derive_remote_uri("qemu:///system", "hv2", "tcp", ""), "qemu+tcp://hv2/system");
  EXPECT_EQ(derive_remote_uri("qemu:///system", "hv2", "ssh", "root"), "qemu+ssh://root@hv2/system");
  EXPECT_EQ(derive_remote_uri("qemu:///system", "hv2", "", ""), "qemu://hv2/system");
  EXPECT_EQ(derive_remote_uri("qemu+ssh://hv1/system", "hv2", "", ""), "qemu+ssh://hv2/system");
  EXPECT_EQ(derive_remote_uri("qemu+ssh://hv1/system", "hv2", "tls", ""), "qemu+tls://hv2/system");
  EXPECT_EQ(derive_remote_uri("xen:///", "hv2", "ssh", ""), "xen+ssh://hv2/");
  EXPECT_EQ(derive_remote_uri("qemu:///system?socket=/tmp/s", "hv2", "tcp", ""), "qemu+tcp://hv2/system");
  EXPECT_EQ(derive_remote_uri("", "hv2", "tcp", ""), "qemu+tcp://hv2/system");
}

TEST(MigrationPlan, DefaultsAsVirtualDomainDerivesThem) {
  MigrationSettings s;
  s.local_uri = "qemu:///system";
  s.target_node = "hv2.lab";
  s.transport = "tcp";
  s.network_suffix = "-m";
  s.port_choice = 49160;
  MigrationPlan p = plan_migration(s);
  ASSERT_TRUE(p.errors.empty());
  EXPECT_EQ(p.request.destination_uri, "qemu+tcp://hv2-m.lab/system");
  EXPECT_EQ(p.request.data_uri, "tcp:hv2-m.lab:49160");
  EXPECT_TRUE(p.request.flags & VIR_MIGRATE_LIVE);
}

TEST(MigrationPlan, ExplicitUrisSubstituteTheTargetNode) {
  MigrationSettings s;
  s.target_node = "hv2";
  s.remote_uri = "qemu+tls://%n.example/system";
  s.migrate_uri = "tcp://%n-data:49200";
  MigrationPlan p = plan_migration(s);
  EXPECT_EQ(p.request.destination_uri, "qemu+tls://hv2.example/system");
  EXPECT_EQ(p.request.data_uri, "tcp://hv2-data:49200");
}

TEST(MigrationPlan, VirshOptionsBecomeFlagsAndParameters) {
  MigrationSettings s;
  s.target_node = "hv2";
  s.migrate_options = "--unsafe --compressed --auto-converge --migrateuri=tcp://%n:50000 --parallel-connections 4";
  s.speed_mib_s = 100;
  s.max_downtime_ms = 300;
  MigrationPlan p = plan_migration(s);
  ASSERT_TRUE(p.errors.empty()) << p.errors.front();
  EXPECT_TRUE(p.request.flags & VIR_MIGRATE_UNSAFE);
  EXPECT_TRUE(p.request.flags & VIR_MIGRATE_COMPRESSED);
  EXPECT_TRUE(p.request.flags & VIR_MIGRATE_AUTO_CONVERGE);
  EXPECT_EQ(p.request.data_uri, "tcp://hv2:50000");
  EXPECT_EQ(p.request.parallel_connections, 4);
  EXPECT_EQ(p.request.bandwidth_mib_s, 100u);
  EXPECT_EQ(p.max_downtime_ms, 300u);
}

TEST(MigrationPlan, PostcopyAndPauseMode) {
  MigrationSettings s;
  s.target_node = "hv2";
  s.postcopy = true;
  s.live = false;
  MigrationPlan p = plan_migration(s);
  EXPECT_TRUE(p.request.flags & VIR_MIGRATE_POSTCOPY);
  EXPECT_TRUE(p.switch_to_postcopy);
  EXPECT_FALSE(p.request.flags & VIR_MIGRATE_LIVE);
}

TEST(MigrationPlan, UnknownOptionsAndMissingValuesAreErrors) {
  MigrationSettings s;
  s.target_node = "hv2";
  s.migrate_options = "--teleport --parallel-connections";
  MigrationPlan p = plan_migration(s);
  ASSERT_EQ(p.errors.size(), 2u);
  EXPECT_NE(p.errors[0].find("--teleport"), std::string::npos);
  EXPECT_NE(p.errors[1].find("needs a value"), std::string::npos);
  MigrationSettings none;
  EXPECT_FALSE(plan_migration(none).errors.empty());
}
