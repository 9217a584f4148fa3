// atomic_file against the real file system (a temporary directory).
#include "atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace vmha::config {
namespace {

namespace fs = std::filesystem;

class AtomicFile : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/vmha-atomic-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string read(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
  int entries() { return static_cast<int>(std::distance(fs::directory_iterator(dir_), fs::directory_iterator())); }
  std::string dir_;
};

TEST_F(AtomicFile, ReplacesContentsWithTheGivenMode) {
  std::string path = dir_ + "/cib.xml";
  std::ofstream(path) << "old";
  EXPECT_EQ(write_file_atomically(path, "new contents", 0600), "");
  EXPECT_EQ(read(path), "new contents");
  struct stat info {};
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(entries(), 1);  // no temporary file left behind
}

TEST_F(AtomicFile, FailureLeavesNothing) {
  std::string message = write_file_atomically(dir_ + "/missing/cluster.conf", "x", 0644);
  EXPECT_NE(message.find("cannot create a file in " + dir_ + "/missing"), std::string::npos) << message;
  // A directory where the file should be: rename fails, the temporary is removed.
  fs::create_directory(dir_ + "/taken");
  fs::create_directory(dir_ + "/taken/inside");
  message = write_file_atomically(dir_ + "/taken", "x", 0644);
  EXPECT_NE(message.find("cannot replace " + dir_ + "/taken"), std::string::npos) << message;
  EXPECT_EQ(entries(), 1);
}

}  // namespace
}  // namespace vmha::config
