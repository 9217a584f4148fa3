// Hostile input for the VirtualDomain face, unit-level where it is pure: the OCF environment
// (parse_operation, the parameter table) and the config file reader. Each case names its expected
// result and the words its one-line message must contain (issue 13: a FIFO config hung every action,
// /dev/zero aborted with bad_alloc, a 1e13 ms timeout overflowed the deadline, migration_downtime=-1
// passed validate-all).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "guest_identity.hpp"
#include "hypervisor_uri.hpp"
#include "virtualdomain_params.hpp"
#include "ocf/bounded_file.hpp"
#include "vmha/deadline.hpp"
#include "ocf/operation.hpp"
#include "ocf/param_values.hpp"

namespace vmha::agents {
namespace {

using ocf::Result;

struct EnvCase {
  const char* key;  // OCF_RESKEY_<key>
  const char* value;
  Result result;      // Result::Success: accepted
  const char* words;  // in the message when refused
};

class HostileParameter : public ::testing::TestWithParam<EnvCase> {};

TEST_P(HostileParameter, IsRefusedWithOneClearLineOrAccepted) {
  const EnvCase& c = GetParam();
  ocf::EnvMap env{{"OCF_RESKEY_config", "/etc/libvirt/qemu/g.xml"}, {std::string("OCF_RESKEY_") + c.key, c.value}};
  auto parsed = ocf::parse_parameters(virtualdomain_spec(), env);
  if (c.result == Result::Success) {
    EXPECT_TRUE(parsed.issues.empty()) << c.key << "=" << c.value << ": " << parsed.issues.front().message;
    return;
  }
  ASSERT_EQ(parsed.issues.size(), 1u) << c.key << "=" << c.value;
  EXPECT_EQ(parsed.issues.front().result, c.result);
  EXPECT_EQ(parsed.issues.front().parameter, c.key);
  EXPECT_NE(parsed.issues.front().message.find(c.words), std::string::npos) << parsed.issues.front().message;
  EXPECT_EQ(parsed.issues.front().message.find('\n'), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Table, HostileParameter,
    ::testing::Values(EnvCase{"migration_downtime", "-1", Result::ErrConfigured, "out of range (0 to 2000000)"},
                      EnvCase{"migration_downtime", "2000001", Result::ErrConfigured, "out of range"},
                      EnvCase{"migration_downtime", "2000000", Result::Success, ""},
                      EnvCase{"migration_downtime", "99999999999999999999", Result::ErrConfigured, "not an integer"},
                      EnvCase{"migration_downtime", "1e3", Result::ErrConfigured, "not an integer"},
                      EnvCase{"migration_downtime", "0x10", Result::ErrConfigured, "not an integer"},
                      EnvCase{"migration_speed", "-5", Result::ErrConfigured, "out of range"},
                      EnvCase{"migration_speed", "100", Result::Success, ""},
                      EnvCase{"migrateport", "0", Result::ErrConfigured, "out of range (1 to 65535)"},
                      EnvCase{"migrateport", "65536", Result::ErrConfigured, "out of range"},
                      EnvCase{"migrateport", "49152", Result::Success, ""},
                      EnvCase{"force_stop", "maybe", Result::ErrConfigured, "not a boolean"},
                      EnvCase{"force_stop", "yes\nno", Result::ErrConfigured, "not a boolean"},
                      EnvCase{"backingfile", "/img", Result::ErrConfigured, "not supported"}),
    [](const ::testing::TestParamInfo<EnvCase>& info) {
      return std::string(info.param.key) + "_" + std::to_string(info.index);
    });

TEST(HostileParameter, EveryIntegerParameterHasARangeThatHoldsItsDefault) {
  for (const auto& p : virtualdomain_spec().parameters) {
    if (p.type != ocf::ParamType::Integer) continue;
    EXPECT_LE(p.min_value, p.max_value) << p.name;
    if (p.default_value.empty()) continue;
    long long d = std::stoll(std::string(p.default_value));
    EXPECT_TRUE(d >= p.min_value && d <= p.max_value) << p.name;
  }
}

TEST(HostileParameter, HypervisorThatIsNoUriIsRefused) {
  EXPECT_FALSE(judge_hypervisor_uri("qemu", std::nullopt, "").problem.empty());
  EXPECT_FALSE(judge_hypervisor_uri("qemu\n", std::nullopt, "").problem.empty());
  EXPECT_FALSE(judge_hypervisor_uri(" qemu:///system", std::nullopt, "").problem.empty());
}

struct TimeoutCase {
  const char* key;
  const char* value;
  long long expect_ms;  // the timeout the operation is given
};

TEST(HostileTimeout, HugeOrBrokenTimeoutsNeverOverflowTheDeadline) {
  const long long longest = Deadline::kLongestTimeout.count();
  const TimeoutCase cases[] = {
      {"OCF_RESKEY_CRM_meta_timeout", "10000000000000", longest},  // 1e13 ms: overflowed before
      {"OCF_RESKEY_CRM_meta_timeout", "9223372036854775807", longest},
      {"OCF_RESKEY_CRM_meta_timeout", "9223372036854775808", 90'000},  // not an integer: the default
      {"OCF_RESKEY_CRM_meta_timeout", "-20000", 90'000},
      {"OCF_RESKEY_CRM_meta_timeout", "0", 90'000},
      {"OCF_RESKEY_CRM_meta_timeout", "abc", 90'000},
      {"OCF_RESKEY_CRM_meta_timeout", "20000", 20'000},
      {"OCF_RESKEY_RGMANAGER_meta_timeout", "9223372036854775807", longest},
      {"OCF_RESKEY_RGMANAGER_meta_timeout", "30", 30'000},
  };
  for (const auto& c : cases) {
    ocf::EnvMap env{{c.key, c.value}};
    auto op = ocf::parse_operation("monitor", env, std::chrono::milliseconds(90'000));
    EXPECT_EQ(op.timeout.count(), c.expect_ms) << c.key << "=" << c.value;
    auto now = Deadline::Clock::now();
    auto d = Deadline::for_operation(now, op.timeout);
    EXPECT_FALSE(d.expired(now)) << c.key << "=" << c.value;
    EXPECT_GT(d.remaining(now).count(), 0) << c.key << "=" << c.value;
  }
}

class HostileConfig : public ::testing::Test {
 protected:
  std::filesystem::path dir;
  void SetUp() override {
    char tmpl[] = "/tmp/vmha-hostile.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir); }
};

struct ConfigCase {
  std::string path;
  ConfigProblem problem;
  const char* words;
};

TEST_F(HostileConfig, OnlyABoundedRegularFileIsRead) {
  std::string fifo = dir / "fifo.xml";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::string huge = dir / "huge.xml";
  { std::ofstream(huge) << "<domain>"; }
  ASSERT_EQ(truncate(huge.c_str(), 1LL << 34), 0);  // sparse 16 GiB
  std::string just_over = dir / "over.xml";
  std::ofstream(just_over) << std::string(ocf::kMaxConfigBytes + 1, ' ');
  std::string garbage = dir / "garbage.xml";
  std::ofstream(garbage) << "\x01\x02 not xml";
  std::string nameless = dir / "nameless.xml";
  std::ofstream(nameless) << "<domain type='kvm'><memory>1</memory></domain>";
  std::string unreadable = dir / "missing.xml";
  const ConfigCase cases[] = {
      {fifo, ConfigProblem::Invalid, "is a FIFO, not a regular file"},
      {"/dev/zero", ConfigProblem::Invalid, "is a character device, not a regular file"},
      {"/dev/null", ConfigProblem::Invalid, "is a character device, not a regular file"},
      {dir.string(), ConfigProblem::Invalid, "is a directory, not a regular file"},
      {huge, ConfigProblem::Invalid, "17179869184 bytes, more than the 10485760 bytes allowed"},
      {just_over, ConfigProblem::Invalid, "more than the 10485760 bytes allowed"},
      {garbage, ConfigProblem::Invalid, "is not a libvirt domain description"},
      {nameless, ConfigProblem::Invalid, "is not a libvirt domain description"},
      {unreadable, ConfigProblem::Unreadable, "cannot be read: No such file or directory"},
      {"", ConfigProblem::Unreadable, "cannot be read"},
  };
  for (const auto& c : cases) {
    ConfigReading r = read_guest_config(c.path);
    EXPECT_FALSE(r.config) << c.path;
    EXPECT_EQ(r.problem, c.problem) << c.path << ": " << r.message;
    EXPECT_NE(r.message.find(c.words), std::string::npos) << c.path << ": " << r.message;
    EXPECT_EQ(r.message.find('\n'), std::string::npos) << r.message;
  }
}

}  // namespace
}  // namespace vmha::agents
