#include "atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace vmha::config {

std::string write_file_atomically(const std::string& path, const std::string& contents, mode_t mode) {
  auto slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  std::string pattern = dir + "/." + base + ".XXXXXX";
  std::vector<char> temp(pattern.begin(), pattern.end());
  temp.push_back('\0');
  int fd = mkstemp(temp.data());
  if (fd < 0) return "cannot create a file in " + dir + ": " + std::strerror(errno);
  auto fail = [&](const std::string& what) {
    std::string message = what + " " + path + ": " + std::strerror(errno);
    close(fd);
    unlink(temp.data());
    return message;
  };
  if (fchmod(fd, mode) != 0) return fail("cannot set the mode of");
  const char* data = contents.data();
  std::size_t left = contents.size();
  while (left > 0) {
    ssize_t n = write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("cannot write");
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  if (fsync(fd) != 0) return fail("cannot sync");
  if (close(fd) != 0) {
    unlink(temp.data());
    return "cannot write " + path + ": " + std::strerror(errno);
  }
  if (rename(temp.data(), path.c_str()) != 0) {
    std::string message = "cannot replace " + path + ": " + std::strerror(errno);
    unlink(temp.data());
    return message;
  }
  return "";
}

}  // namespace vmha::config
