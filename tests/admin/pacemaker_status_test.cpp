// The in-process status (libpacemaker's pcmk_status(), on the Pacemaker thread) against the
// crm_mon process it replaces, on every saved CIB the tests hold: the model vmha builds from each
// document must be the same, rendered as --json and as the screen, and every element of crm_mon's
// document must be in the in-process one. This fails when pcmk_status() renders another XML (its
// generic <list name="…"> elements, which crm_mon's formatter options turn into <summary>, <nodes>…).
#include <gtest/gtest.h>
#include <tinyxml2.h>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "cib_query.hpp"
#include "pacemaker_status.hpp"
#include "pacemaker_thread.hpp"
#include "status_model.hpp"
#include "status_render.hpp"
#include "tool_runner.hpp"

using namespace vmha::admin;
namespace fs = std::filesystem;

namespace {

constexpr std::time_t kNow = 1700000000;

std::chrono::steady_clock::time_point deadline() { return std::chrono::steady_clock::now() + std::chrono::seconds(60); }

// Every saved CIB: the status scenarios and the drain plans' inputs (tests/admin/data), and the
// generated CIBs of tests/data/config-gen (no status section: every host offline, nothing running).
std::vector<std::string> saved_cibs() {
  std::vector<std::string> files;
  for (const char* dir : {VMHA_ADMIN_DATA, VMHA_CONFIG_GEN_DATA}) {
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      const std::string name = e.path().filename().string();
      if (e.is_regular_file() && name.size() > 4 && name.find("cib") != std::string::npos &&
          name.substr(name.size() - 4) == ".xml")
        files.push_back(e.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string rel = info.param;
  for (const char* dir : {VMHA_ADMIN_DATA "/", VMHA_CONFIG_GEN_DATA "/"})
    if (rel.rfind(dir, 0) == 0) rel = rel.substr(std::string(dir).size());
  for (char& c : rel)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return rel;
}

struct Reads {
  PacemakerStatus status;
  CibQuery cib;
};

// Both documents for the CIB in `file` (a copy: the tools may touch it).
struct Documents {
  Reads in_process;
  ToolResult crm_mon;
};

Documents read_both(const std::string& file) {
  const fs::path copy = fs::temp_directory_path() / ("vmha-pcmk-status-" + std::to_string(getpid()) + ".xml");
  fs::copy_file(file, copy, fs::copy_options::overwrite_existing);
  // Set while the Pacemaker thread waits for its next job (the queue orders the two).
  setenv("CIB_file", copy.c_str(), 1);
  Documents d;
  auto answer = on_pacemaker_thread(
      [] {
        Reads r;
        r.status = query_pacemaker_status();
        r.cib = query_cib();
        return r;
      },
      deadline());
  EXPECT_TRUE(answer.has_value()) << "pcmk_status() did not answer on " << file;
  if (answer) d.in_process = std::move(*answer);
  d.crm_mon = run_tool({"crm_mon", "--one-shot", "--inactive", "--output-as=xml"}, deadline());
  unsetenv("CIB_file");
  fs::remove(copy);
  return d;
}

std::set<std::string> top_elements(const std::string& xml) {
  tinyxml2::XMLDocument doc;
  std::set<std::string> names;
  if (doc.Parse(xml.data(), xml.size()) != tinyxml2::XML_SUCCESS || !doc.RootElement()) return names;
  for (const auto* e = doc.RootElement()->FirstChildElement(); e; e = e->NextSiblingElement()) names.insert(e->Name());
  return names;
}

class SavedCib : public ::testing::TestWithParam<std::string> {};

TEST_P(SavedCib, InProcessStatusGivesCrmMonsModel) {
  Documents d = read_both(GetParam());
  ASSERT_TRUE(d.in_process.status.loaded) << d.in_process.status.error;
  ASSERT_TRUE(d.crm_mon.started && !d.crm_mon.timed_out) << d.crm_mon.describe("crm_mon");
  const std::string mon_problem = crm_mon_problem(d.crm_mon.out);
  if (!mon_problem.empty()) {
    // A CIB crm_mon refuses must be refused in-process for the same reason.
    ASSERT_FALSE(d.in_process.status.ok) << "crm_mon refused it: " << mon_problem;
    EXPECT_EQ(d.in_process.status.error.substr(d.in_process.status.error.find(':')),
              mon_problem.substr(mon_problem.find(':')));
    return;
  }
  ASSERT_TRUE(d.in_process.status.ok) << d.in_process.status.error;
  ASSERT_TRUE(d.in_process.cib.ok) << d.in_process.cib.error;

  std::set<std::string> mine = top_elements(d.in_process.status.xml);
  for (const std::string& name : top_elements(d.crm_mon.out))
    EXPECT_TRUE(mine.count(name)) << "<" << name << "> is in crm_mon's document, not in pcmk_status()'s";

  StatusInputs from_library{d.in_process.status.xml, d.in_process.cib.xml, std::nullopt, "hv1", std::nullopt};
  StatusInputs from_crm_mon{d.crm_mon.out, d.in_process.cib.xml, std::nullopt, "hv1", std::nullopt};
  ClusterStatus a = read_status(from_library, kNow);
  ClusterStatus b = read_status(from_crm_mon, kNow);
  EXPECT_EQ(render_status_json(a), render_status_json(b));
  EXPECT_EQ(render_status_text(a), render_status_text(b));
}

INSTANTIATE_TEST_SUITE_P(EverySavedCib, SavedCib, ::testing::ValuesIn(saved_cibs()), test_name);

// With no CIB to read, the in-process status fails as crm_mon does, with Pacemaker's own reason.
TEST(PacemakerStatus, MissingCibFileIsCrmMonsError) {
  setenv("CIB_file", "/nonexistent/vmha-no-cib.xml", 1);
  auto answer = on_pacemaker_thread([] { return query_pacemaker_status(); }, deadline());
  ToolResult mon = run_tool({"crm_mon", "--one-shot", "--inactive", "--output-as=xml"}, deadline());
  unsetenv("CIB_file");
  ASSERT_TRUE(answer.has_value());
  EXPECT_TRUE(answer->loaded);
  EXPECT_FALSE(answer->ok);
  EXPECT_EQ(answer->error.rfind("libpacemaker: Could not connect to the CIB: ", 0), 0U) << answer->error;
  EXPECT_EQ(crm_mon_problem(mon.out), "crm_mon" + answer->error.substr(answer->error.find(':')));
}

// A job that does not finish is reported at its caller's deadline; the next caller waits behind it
// until its own deadline and no longer (a hung pacemakerd holds the Pacemaker thread, not vmha).
TEST(PacemakerThread, AnswersAtTheDeadline) {
  auto release = std::make_shared<std::promise<void>>();
  std::shared_future<void> go = release->get_future().share();
  auto start = std::chrono::steady_clock::now();
  auto first = on_pacemaker_thread(
      [go] {
        go.wait();
        return 1;
      },
      start + std::chrono::milliseconds(100));
  EXPECT_FALSE(first.has_value());
  auto second =
      on_pacemaker_thread([] { return 2; }, std::chrono::steady_clock::now() + std::chrono::milliseconds(100));
  EXPECT_FALSE(second.has_value());
  release->set_value();
  auto third = on_pacemaker_thread([] { return 3; }, deadline());
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(*third, 3);
}

}  // namespace
