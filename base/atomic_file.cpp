#include "vmha/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vmha {

namespace {

// One file's temporary, written and synced; removed unless committed.
class Temporary {
 public:
  Temporary() = default;
  Temporary(const Temporary&) = delete;
  Temporary& operator=(const Temporary&) = delete;
  ~Temporary() {
    if (!path_.empty()) unlink(path_.c_str());
  }

  std::string write(const FileToWrite& file) {
    target_ = file.path;
    auto slash = target_.rfind('/');
    std::string dir = slash == std::string::npos ? "." : target_.substr(0, slash);
    std::string base = slash == std::string::npos ? target_ : target_.substr(slash + 1);
    struct stat info {};
    if (lstat(target_.c_str(), &info) == 0 && !S_ISREG(info.st_mode))
      return "cannot replace " + target_ + ": it is not a regular file";
    std::string pattern = dir + "/." + base + ".XXXXXX";
    int fd = mkstemp(pattern.data());
    if (fd < 0) return "cannot create a file in " + dir + ": " + std::strerror(errno);
    path_ = pattern;
    auto fail = [&](const std::string& what) {
      std::string message = what + " " + target_ + ": " + std::strerror(errno);
      close(fd);
      return message;
    };
    if (fchmod(fd, file.mode) != 0) return fail("cannot set the mode of");
    const char* data = file.contents.data();
    std::size_t left = file.contents.size();
    while (left > 0) {
      ssize_t n = ::write(fd, data, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        return fail("cannot write");
      }
      data += n;
      left -= static_cast<std::size_t>(n);
    }
    if (fsync(fd) != 0) return fail("cannot sync");
    if (close(fd) != 0) return "cannot write " + target_ + ": " + std::strerror(errno);
    return "";
  }

  std::string commit() {
    if (rename(path_.c_str(), target_.c_str()) != 0) return "cannot replace " + target_ + ": " + std::strerror(errno);
    path_.clear();
    return "";
  }

 private:
  std::string path_;  // the temporary, while it exists
  std::string target_;
};

}  // namespace

std::string write_files_atomically(const std::vector<FileToWrite>& files) {
  std::vector<Temporary> temporaries(files.size());
  for (std::size_t i = 0; i < files.size(); ++i)
    if (std::string error = temporaries[i].write(files[i]); !error.empty()) return error;
  // Every target was checked and every byte is on disk: a rename within a directory is all
  // that is left, and it fails only if the directory changes under us meanwhile.
  for (auto& temporary : temporaries)
    if (std::string error = temporary.commit(); !error.empty()) return error;
  return "";
}

std::string write_file_atomically(const std::string& path, const std::string& contents, mode_t mode) {
  return write_files_atomically({{path, contents, mode}});
}

}  // namespace vmha
