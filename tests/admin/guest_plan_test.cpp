// plan_guest by tables over the fixtures: each request either refused (its kind and its one line)
// or the crm_resource calls it makes, in order, with the settles between them.
#include <gtest/gtest.h>

#include <ostream>

#include "clusvcadm_face.hpp"
#include "duration.hpp"
#include "fixtures.hpp"
#include "guest_plan.hpp"

using namespace vmha::admin;

namespace {

constexpr std::time_t kNow = 1700000000;
using A = GuestAction;
using R = Refusal;

std::string steps_text(const GuestPlan& p) {
  std::string out;
  for (const auto& st : p.steps) {
    if (!out.empty()) out += " | ";
    for (size_t i = 0; i < st.crm_resource.size(); ++i) out += (i ? " " : "") + st.crm_resource[i];
    if (st.settle_after) out += " +wait";
  }
  return out;
}

struct Row {
  const char* scenario;
  A action;
  const char* guest;
  const char* host;
  const char* lifetime;
  R refusal;
  const char* expect;  // the reason when refused, else the steps
};
// Readable test names (ctest lists each row by its printed value).
void PrintTo(const Row& r, std::ostream* os) {
  *os << r.scenario << " " << to_string(r.action) << " " << r.guest << (*r.host ? std::string(" ") + r.host : "");
}
class PlanTable : public ::testing::TestWithParam<Row> {};
TEST_P(PlanTable, RefusalOrSteps) {
  const Row& r = GetParam();
  GuestPlan p = plan_guest(read_status(scenario(r.scenario), kNow), {r.action, r.guest, r.host, r.lifetime});
  EXPECT_EQ(static_cast<int>(p.refusal), static_cast<int>(r.refusal)) << p.reason;
  EXPECT_EQ(r.refusal == R::none ? steps_text(p) : p.reason, r.expect);
  if (r.refusal != R::none) {
    EXPECT_TRUE(p.steps.empty()) << "a refusal changes nothing";
  }
}
INSTANTIATE_TEST_SUITE_P(
    Fixtures, PlanTable,
    ::testing::Values(
        // enable
        Row{"started", A::enable, "vm3", "", "", R::none, "-r vm3 --meta -p target-role -v Started +wait"},
        Row{"started", A::enable, "vm3", "hv2", "", R::none,
            "--move -r vm3 -N hv2 | -r vm3 --meta -p target-role -v Started +wait"},
        Row{"started", A::enable, "vm1", "", "", R::nothing_to_do, "vm1 is already enabled and runs on hv1"},
        Row{"started", A::enable, "vm1", "hv2", "", R::invalid,
            "vm1 already runs on hv1: use vmha migrate or relocate to move it"},
        Row{"started", A::enable, "vm3", "hv9", "", R::bad_host, "no host 'hv9' in this cluster"},
        Row{"pinned_failed_frozen_standby", A::enable, "vm3", "hv3", "", R::bad_host,
            "hv3 is standby: it takes no guests"},
        Row{"host_offline", A::enable, "vm3", "hv1", "", R::bad_host, "hv1 is offline: it takes no guests"},
        Row{"pinned_failed_frozen_standby", A::enable, "vm2", "", "", R::none,
            "--cleanup -r vm2 | -r vm2 --meta -p target-role -v Started +wait"},
        Row{"inquorate", A::enable, "vm3", "", "", R::inquorate,
            "this partition is not quorate: Pacemaker would not move anything"},
        Row{"started", A::enable, "nosuch", "", "", R::no_such_guest,
            "no guest 'nosuch' (a VirtualDomain resource) in this cluster"},
        // disable
        Row{"started", A::disable, "vm1", "", "", R::none, "-r vm1 --meta -p target-role -v Stopped +wait"},
        Row{"started", A::disable, "vm3", "", "", R::nothing_to_do, "vm3 is already disabled"},
        Row{"domains", A::disable, "vm4", "", "", R::frozen, "vm4 is frozen (not managed): `vmha unfreeze vm4` first"},
        Row{"inquorate", A::disable, "vm1", "", "", R::inquorate,
            "this partition is not quorate: Pacemaker would not move anything"},
        // restart
        Row{"started", A::restart, "vm1", "", "", R::none,
            "-r vm1 --meta -p target-role -v Stopped +wait | -r vm1 --meta -p target-role -v Started +wait"},
        Row{"started", A::restart, "vm3", "", "", R::invalid, "vm3 is disabled, not running: use vmha enable vm3"},
        // relocate
        Row{"started", A::relocate, "vm2", "hv2", "", R::none,
            "-r vm2 --meta -p target-role -v Stopped +wait | --move -r vm2 -N hv2 | -r vm2 --meta -p target-role -v "
            "Started +wait"},
        Row{"started", A::relocate, "vm1", "hv1", "", R::invalid, "vm1 already runs on hv1"},
        Row{"domains", A::relocate, "vm1", "hv3", "", R::outside_domain,
            "hv3 is outside vm1's restricted failover domain domain1 (hv2, hv1)"},
        Row{"pinned_failed_frozen_standby", A::relocate, "vm1", "hv3", "", R::bad_host,
            "hv3 is standby: it takes no guests"},
        Row{"pinned_failed_frozen_standby", A::relocate, "vm2", "hv1", "", R::invalid,
            "vm2 is failed, not running: use vmha enable vm2 --on hv1"},
        // migrate
        Row{"started", A::migrate, "vm1", "hv2", "", R::none, "--move -r vm1 -N hv2 +wait"},
        Row{"started", A::migrate, "vm1", "hv2", "PT20S", R::none, "--move -r vm1 -N hv2 --lifetime=PT20S +wait"},
        Row{"started", A::migrate, "vm2", "hv2", "", R::invalid,
            "vm2 cannot migrate live (allow-migrate is not true): use vmha relocate vm2 --to hv2 (stop, start there)"},
        Row{"domains", A::migrate, "vm1", "hv3", "", R::outside_domain,
            "hv3 is outside vm1's restricted failover domain domain1 (hv2, hv1)"},
        Row{"pinned_failed_frozen_standby", A::migrate, "vm2", "hv3", "", R::bad_host,
            "hv3 is standby: it takes no guests"},
        Row{"maintenance", A::migrate, "vm1", "hv3", "", R::frozen,
            "vm1 is frozen (not managed): Pacemaker would not move it"},
        // freeze, unfreeze
        Row{"started", A::freeze, "vm1", "", "", R::none, "-r vm1 --meta -p maintenance -v true +wait"},
        Row{"started", A::freeze, "vm3", "", "", R::none, "-r vm3 --meta -p maintenance -v true +wait"},
        Row{"domains", A::freeze, "vm4", "", "", R::nothing_to_do, "vm4 is already frozen"},
        Row{"domains", A::unfreeze, "vm4", "", "", R::none, "-r vm4 --meta -d maintenance +wait"},
        Row{"pinned_failed_frozen_standby", A::unfreeze, "vm4", "", "", R::none, "-r vm4 --meta -d is-managed +wait"},
        Row{"started", A::unfreeze, "vm1", "", "", R::nothing_to_do, "vm1 is not frozen"},
        Row{"maintenance", A::unfreeze, "vm1", "", "", R::invalid,
            "vm1 is not frozen by vmha freeze but by the cluster (maintenance-mode, a host in maintenance or disabled "
            "monitors): lift that instead"},
        Row{"inquorate", A::freeze, "vm1", "", "", R::inquorate,
            "this partition is not quorate: Pacemaker would not move anything"},
        // unpin
        Row{"pinned_failed_frozen_standby", A::unpin, "vm1", "", "", R::none, "--clear -r vm1 +wait"},
        Row{"started", A::unpin, "vm1", "", "", R::invalid, "vm1 has no pins"}));

struct DurationRow {
  const char* text;
  const char* iso;  // "" = refused
};
void PrintTo(const DurationRow& r, std::ostream* os) { *os << "'" << r.text << "'"; }
class DurationTable : public ::testing::TestWithParam<DurationRow> {};
TEST_P(DurationTable, Iso8601) {
  auto iso = iso_duration(GetParam().text);
  EXPECT_EQ(iso.value_or(""), GetParam().iso) << GetParam().text;
}
INSTANTIATE_TEST_SUITE_P(Texts, DurationTable,
                         ::testing::Values(DurationRow{"20s", "PT20S"}, DurationRow{"20", "PT20S"},
                                           DurationRow{"5m", "PT5M"}, DurationRow{"2h", "PT2H"},
                                           DurationRow{"1d", "P1D"}, DurationRow{"1h30m", "PT1H30M"},
                                           DurationRow{"PT20S", "PT20S"}, DurationRow{"", ""}, DurationRow{"0s", ""},
                                           DurationRow{"1h30", ""}, DurationRow{"5x", ""}, DurationRow{"-5s", ""},
                                           DurationRow{"P1D; rm", ""}, DurationRow{"9999999999s", ""}));

TEST(Outcome, MigrateIsDoneWhenTheGuestRunsOnTheTargetAlone) {
  ClusterStatus s = read_status(scenario("domains"), kNow);
  EXPECT_EQ(outcome_missing(s, {A::migrate, "vm1", "hv2", ""}), "");
  EXPECT_EQ(outcome_missing(s, {A::migrate, "vm1", "hv1", ""}), "it is started on hv2");
  EXPECT_EQ(outcome_missing(s, {A::disable, "vm3", "", ""}), "");
  EXPECT_EQ(outcome_missing(s, {A::disable, "vm1", "", ""}), "it is started on hv2");
  EXPECT_EQ(outcome_missing(s, {A::freeze, "vm4", "", ""}), "");
  EXPECT_EQ(outcome_missing(s, {A::unfreeze, "vm4", "", ""}), "it is still frozen");
}

// clusvcadm: rgmanager's options onto the same requests, its messages and exit codes.
struct ClusvcadmRow {
  std::vector<std::string> args;
  bool stop;
  int exit_code;  // when stop
  A action;
  const char* guest;
  const char* host;
  const char* prefix;  // when not stop: the line before the result
};
void PrintTo(const ClusvcadmRow& r, std::ostream* os) {
  *os << "clusvcadm";
  for (const auto& a : r.args) *os << " " << a;
}
class ClusvcadmTable : public ::testing::TestWithParam<ClusvcadmRow> {};
TEST_P(ClusvcadmTable, Parse) {
  const ClusvcadmRow& r = GetParam();
  ClusvcadmArgs a = parse_clusvcadm_args("/usr/sbin/clusvcadm", r.args);
  ASSERT_EQ(a.stop, r.stop) << a.output;
  if (r.stop) {
    EXPECT_EQ(a.exit_code, r.exit_code) << a.output;
    return;
  }
  EXPECT_EQ(a.request.action, r.action);
  EXPECT_EQ(a.request.guest, r.guest);
  EXPECT_EQ(a.request.host, r.host);
  EXPECT_EQ(clusvcadm_prefix(a), r.prefix);
}
INSTANTIATE_TEST_SUITE_P(
    Args, ClusvcadmTable,
    ::testing::Values(
        ClusvcadmRow{{"-e", "vm:vm1"}, false, 0, A::enable, "vm1", "", "Local machine trying to enable vm:vm1..."},
        ClusvcadmRow{
            {"-e", "vm:vm1", "-m", "hv2"}, false, 0, A::enable, "vm1", "hv2", "Member hv2 trying to enable vm:vm1..."},
        ClusvcadmRow{{"-d", "vm:vm1"}, false, 0, A::disable, "vm1", "", "Local machine disabling vm:vm1..."},
        ClusvcadmRow{{"-R", "vm:vm1"}, false, 0, A::restart, "vm1", "", "Local machine trying to restart vm:vm1..."},
        ClusvcadmRow{{"-Z", "vm:vm1"}, false, 0, A::freeze, "vm1", "", "Local machine freezing vm:vm1..."},
        ClusvcadmRow{{"-U", "vm:vm1"}, false, 0, A::unfreeze, "vm1", "", "Local machine unfreezing vm:vm1..."},
        ClusvcadmRow{
            {"-r", "vm:vm1", "-m", "hv2"}, false, 0, A::relocate, "vm1", "hv2", "Trying to relocate vm:vm1 to hv2..."},
        ClusvcadmRow{{"-Mvm:vm1", "-nhv2"}, false, 0, A::migrate, "vm1", "hv2", "Trying to migrate vm:vm1 to hv2..."},
        ClusvcadmRow{{"-M", "vm:vm1"}, true, 1, A::enable, "", "", ""},  // Migration requires a target cluster member
        ClusvcadmRow{
            {"-e", "vm:vm1", "-F", "-m", "hv2"}, true, 1, A::enable, "", "", ""},  // Cannot use '-F' with '-n' or '-m'
        ClusvcadmRow{{"-x"}, true, 1, A::enable, "", "", ""}, ClusvcadmRow{{}, true, 1, A::enable, "", "", ""},
        ClusvcadmRow{{"-h"}, true, 0, A::enable, "", "", ""}, ClusvcadmRow{{"-v"}, true, 0, A::enable, "", "", ""}));

TEST(Clusvcadm, CodesAndExitStatusesAreRgmanagers) {
  EXPECT_EQ(rg_code(R::none, A::migrate), 0);
  EXPECT_EQ(rg_code(R::nothing_to_do, A::enable), -10);
  EXPECT_EQ(rg_exit(-10), 0);  // "Service is already running" is not a failure
  EXPECT_EQ(rg_code(R::inquorate, A::disable), -9);
  EXPECT_EQ(rg_exit(-9), 247);
  EXPECT_STREQ(rg_strerror(-9), "Operation requires quorum");
  EXPECT_EQ(rg_code(R::outside_domain, A::migrate), -7);
  EXPECT_STREQ(rg_strerror(-7), "Operation violates dependency rule");
  EXPECT_EQ(rg_code(R::frozen, A::relocate), -11);
  EXPECT_STREQ(rg_strerror(-11), "Failure: Service is frozen");
  EXPECT_EQ(rg_exit(-1), 255);
  EXPECT_EQ(rg_code(R::no_such_guest, A::enable), -4);
  EXPECT_STREQ(rg_strerror(-4), "Service does not exist");
}

TEST(Clusvcadm, MembershipIsCheckedAsRgmanagerDid) {
  ClusterStatus s = read_status(scenario("host_offline"), kNow);
  auto problem = [&](std::vector<std::string> args) {
    return clusvcadm_member_problem(s, parse_clusvcadm_args("clusvcadm", args));
  };
  EXPECT_EQ(problem({"-M", "vm:vm1", "-m", "hv"}),
            "'hv' not in membership list\nMore than one possible match for 'hv' found\n");
  EXPECT_EQ(problem({"-M", "vm:vm1", "-m", "hv9"}), "'hv9' not in membership list\nNo matches for 'hv9' found\n");
  EXPECT_EQ(problem({"-M", "vm:vm1", "-m", "hv1"}), "'hv1' is offline\n");
  EXPECT_EQ(problem({"-M", "vm:vm1", "-m", "hv2"}), "");
}

TEST(Clusvcadm, NowRunningAfterEnableAndRelocate) {
  ClusterStatus s = read_status(scenario("domains"), kNow);
  EXPECT_EQ(clusvcadm_now_running(parse_clusvcadm_args("clusvcadm", {"-e", "vm:vm1"}), s),
            "vm:vm1 is now running on hv2\n");
  EXPECT_EQ(clusvcadm_now_running(parse_clusvcadm_args("clusvcadm", {"-r", "vm:vm1", "-m", "hv1"}), s),
            "Warning: vm:vm1 is now running on hv2\n");
  EXPECT_EQ(clusvcadm_now_running(parse_clusvcadm_args("clusvcadm", {"-M", "vm:vm1", "-m", "hv2"}), s), "");
}

}  // namespace
