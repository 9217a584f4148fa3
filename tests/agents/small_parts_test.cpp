// Pure helpers of the guest agent: process-table matching, shutdown modes, domain XML facts,
// and the utilization change set.
#include <gtest/gtest.h>
#include <libvirt/libvirt.h>

#include "domain_xml.hpp"
#include "process_table.hpp"
#include "shutdown_mode.hpp"
#include "utilization.hpp"

using namespace vmha::agents;

TEST(ProcessTable, RecognisesQemuCommandLinesForTheGuest) {
  EXPECT_TRUE(argv_runs_guest({"/usr/bin/qemu-system-x86_64", "-name", "guest=g1,debug-threads=on"}, "g1"));
  EXPECT_TRUE(argv_runs_guest({"/usr/libexec/qemu-kvm", "-name", "g1"}, "g1"));
  EXPECT_TRUE(argv_runs_guest({"qemu-system-x86_64", "-name", "guest=a,,b,debug-threads=on"}, "a,b"));
  EXPECT_FALSE(argv_runs_guest({"/usr/bin/qemu-system-x86_64", "-name", "guest=g10,debug-threads=on"}, "g1"));
  EXPECT_FALSE(argv_runs_guest({"/usr/bin/vim", "-name", "guest=g1"}, "g1"));
  EXPECT_FALSE(argv_runs_guest({"/usr/bin/qemu-system-x86_64", "-name"}, "g1"));
  EXPECT_FALSE(argv_runs_guest({}, "g1"));
}

TEST(ShutdownMode, CommaListToFlags) {
  std::string err;
  EXPECT_EQ(parse_shutdown_mode("", &err), 0u);
  EXPECT_EQ(parse_shutdown_mode("acpi", &err), unsigned(VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN));
  EXPECT_EQ(parse_shutdown_mode("agent,acpi", &err),
            unsigned(VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN | VIR_DOMAIN_SHUTDOWN_GUEST_AGENT));
  EXPECT_FALSE(parse_shutdown_mode("acpi,ask-nicely", &err));
  EXPECT_NE(err.find("ask-nicely"), std::string::npos);
}

TEST(DomainXml, NameChannelNetworksPools) {
  std::string err;
  auto d = parse_domain_xml(R"(<domain type='kvm'><name>web1</name><devices>
        <emulator>/usr/bin/qemu-system-x86_64</emulator>
        <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
        <interface type='network'><source network='lan'/></interface>
        <disk type='volume'><source pool='images' volume='web1'/></disk></devices></domain>)",
                            &err);
  ASSERT_TRUE(d) << err;
  EXPECT_EQ(d->name, "web1");
  EXPECT_EQ(d->hypervisor_type, "kvm");
  EXPECT_TRUE(d->has_guest_agent_channel);
  EXPECT_EQ(d->networks, std::vector<std::string>{"lan"});
  EXPECT_EQ(d->storage_pools, std::vector<std::string>{"images"});
}

TEST(DomainXml, RejectsWhatIsNotADomain) {
  std::string err;
  EXPECT_FALSE(parse_domain_xml("<domain><name>", &err));
  EXPECT_NE(err.find("well-formed"), std::string::npos);
  EXPECT_FALSE(parse_domain_xml("<network><name>x</name></network>", &err));
  EXPECT_NE(err.find("<domain>"), std::string::npos);
  EXPECT_FALSE(parse_domain_xml("<domain type='kvm'><name></name></domain>", &err));
  EXPECT_NE(err.find("<name>"), std::string::npos);
}

TEST(Utilization, OnlyChangedAttributesAreWritten) {
  UtilizationWish w;
  w.cpu = 2;
  w.host_memory = 512;
  auto first = utilization_changes(w, "");
  ASSERT_EQ(first.size(), 2u);
  std::string remembered = apply_changes("", first);
  EXPECT_TRUE(utilization_changes(w, remembered).empty());  // a second monitor forks nothing
  w.cpu = 4;
  auto after_resize = utilization_changes(w, remembered);
  ASSERT_EQ(after_resize.size(), 1u);
  EXPECT_EQ(after_resize[0].attribute, "cpu");
  UtilizationWish unset;
  unset.unset_hv_memory = true;
  auto del = utilization_changes(unset, remembered);
  ASSERT_EQ(del.size(), 1u);
  EXPECT_FALSE(del[0].value);
  EXPECT_TRUE(utilization_changes(unset, apply_changes(remembered, del)).empty());
}
