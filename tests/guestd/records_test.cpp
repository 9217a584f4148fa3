// The agent's guest records (what vmha-guestd reads) and Pacemaker's XML view of a resource.
#include <gtest/gtest.h>

#include "cluster_view.hpp"
#include "guest_record.hpp"

namespace vmha {
namespace {

using agents::GuestRecord;
using agents::Intent;

TEST(GuestRecord, RoundTrip) {
  GuestRecord r;
  r.guest = "g1";
  r.resource = "vm1";
  r.storage_error_policy = agents::StorageErrorPolicy::Resume;
  r.intent = Intent::Migrate;
  r.intent_until = 1700000000;
  r.started = 1700000000123;
  r.heartbeat = agents::Heartbeat::GuestAgent;
  r.heartbeat_timeout = 45;
  r.heartbeat_max_resets = 2;
  r.heartbeat_reset_window = 600;
  std::string why;
  auto back = agents::parse_record("g1", agents::format_record(r), &why);
  ASSERT_TRUE(back) << why;
  EXPECT_EQ(back->resource, "vm1");
  EXPECT_EQ(back->storage_error_policy, agents::StorageErrorPolicy::Resume);
  EXPECT_EQ(back->intent, Intent::Migrate);
  EXPECT_EQ(back->intent_until, 1700000000);
  EXPECT_EQ(back->started, 1700000000123);
  EXPECT_EQ(back->heartbeat, agents::Heartbeat::GuestAgent);
  EXPECT_EQ(back->heartbeat_timeout, 45);
  EXPECT_EQ(back->heartbeat_max_resets, 2);
  EXPECT_EQ(back->heartbeat_reset_window, 600);
}

TEST(GuestRecord, AnOlderAgentsRecordHasNoHeartbeat) {
  std::string why;
  auto r = agents::parse_record("g", "resource=vm1\nintent=none\n", &why);
  ASSERT_TRUE(r) << why;
  EXPECT_EQ(r->heartbeat, agents::Heartbeat::None);
}

TEST(GuestRecord, MalformedIsRefusedWithTheLine) {
  struct {
    const char* text;
    const char* why;
  } rows[] = {
      {"resource=vm1\nintent=dance\n", "line 2: unknown intent dance"},
      {"resource=vm1\nstorage_error_policy=pray\n", "line 2: unknown storage_error_policy pray"},
      {"garbage\n", "line 1: not key=value"},
      {"intent=none\n", "line 1: no resource"},
      {"resource=vm1\nintent_until=soon\n", "line 2: intent_until is not a time"},
      {"resource=vm1\nheartbeat=pulse\n", "line 2: unknown heartbeat pulse"},
      {"resource=vm1\nheartbeat_max_resets=-1\n", "line 2: heartbeat_max_resets is not a whole number"},
  };
  for (const auto& row : rows) {
    std::string why;
    EXPECT_FALSE(agents::parse_record("g", row.text, &why)) << row.text;
    EXPECT_EQ(why, row.why) << row.text;
  }
  std::string why;
  EXPECT_TRUE(agents::parse_record("g", "resource=vm1\nfuture_key=1\n", &why)) << "a newer agent's keys are ignored";
}

TEST(GuestRecord, WriteReadRemove) {
  char tmpl[] = "/tmp/vmha-records.XXXXXX";
  ASSERT_TRUE(mkdtemp(tmpl));
  std::string dir = std::string(tmpl) + "/guests";
  GuestRecord r;
  r.guest = "g1";
  r.resource = "vm1";
  ASSERT_TRUE(agents::write_record(dir, r));
  EXPECT_FALSE(agents::write_record(dir, GuestRecord{"../evil", "vm2"})) << "a name that leaves the directory";
  std::vector<std::string> problems;
  auto all = agents::read_all_records(dir, &problems);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].guest, "g1");
  EXPECT_TRUE(agents::remove_record(dir, "g1"));
  EXPECT_TRUE(agents::remove_record(dir, "g1")) << "removing twice is fine";
  EXPECT_TRUE(agents::read_all_records(dir, &problems).empty());
  std::string cleanup = "rm -rf " + std::string(tmpl);
  ASSERT_EQ(system(cleanup.c_str()), 0);
}

// crm_mon --output-as=xml as Pacemaker 2.1.5 writes it (trimmed to what is read).
std::string crm_mon(const char* resource_attrs, const char* node_attrs = "", const char* options = "") {
  return std::string("<pacemaker-result api-version='2.25' request='crm_mon'><summary><cluster_options ") + options +
         "/></summary><nodes><node name='pm1' id='1' online='true' " + node_attrs +
         "/></nodes><resources><resource id='vm1' resource_agent='ocf:vmha:VirtualDomain' " + resource_attrs +
         "><node name='pm1' id='1' cached='true'/></resource><group id='grp'><resource id='vm2' active='true' "
         "managed='true'><node name='pm2' id='2'/></resource></group></resources></pacemaker-result>";
}

TEST(ClusterView, Table) {
  struct {
    const char* what;
    std::string xml;
    const char* resource;
    bool found, managed, active_here;
  } rows[] = {
      {"managed and active here", crm_mon("role='Started' active='true' managed='true'"), "vm1", true, true, true},
      {"is-managed=false", crm_mon("role='Started' active='true' managed='false'"), "vm1", true, false, true},
      {"resource maintenance", crm_mon("active='true' managed='true' maintenance='true'"), "vm1", true, false, true},
      {"node maintenance", crm_mon("active='true' managed='true'", "maintenance='true'"), "vm1", true, false, true},
      {"cluster maintenance-mode", crm_mon("active='true' managed='true'", "", "maintenance-mode='true'"), "vm1", true,
       false, true},
      {"stopped", crm_mon("role='Stopped' active='false' managed='true'"), "vm1", true, true, false},
      {"in a group, on another node", crm_mon("active='true' managed='true'"), "vm2", true, true, false},
      {"unknown resource", crm_mon("active='true' managed='true'"), "vm9", false, false, false},
  };
  for (const auto& r : rows) {
    auto v = guestd::read_resource_view(r.xml, r.resource, "pm1");
    EXPECT_EQ(v.problem, "") << r.what;
    EXPECT_EQ(v.found, r.found) << r.what;
    EXPECT_EQ(v.managed, r.managed) << r.what;
    EXPECT_EQ(v.active_here, r.active_here) << r.what;
    EXPECT_EQ(guestd::may_report(v), r.found && r.managed && r.active_here) << r.what;
  }
  EXPECT_NE(guestd::read_resource_view("<oops", "vm1", "pm1").problem, "");
}

}  // namespace
}  // namespace vmha
