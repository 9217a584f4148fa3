#include "bounded_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "value_parse.hpp"

namespace vmha::ocf {
namespace {

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

}  // namespace

FileReading read_bounded_file(const std::string& path, std::size_t max_bytes, const std::string& what) {
  FileReading r;
  auto failed = [&](FileProblem p, const std::string& why) {
    r.problem = p;
    r.message = what + " " + printable(path) + " " + why;
    return r;
  };
  // O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return failed(FileProblem::Unreadable, std::string("cannot be read: ") + std::strerror(errno));
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int e = errno;
    ::close(fd);
    return failed(FileProblem::Unreadable, std::string("cannot be read: ") + std::strerror(e));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return failed(FileProblem::NotRegular, std::string("is ") + kind_of(st.st_mode) + ", not a regular file");
  }
  if (static_cast<unsigned long long>(st.st_size) > max_bytes) {
    ::close(fd);
    return failed(FileProblem::TooLarge, "is " + std::to_string(st.st_size) + " bytes, more than the " +
                                             std::to_string(max_bytes) + " bytes allowed");
  }
  std::string text;
  char buf[65536];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      ::close(fd);
      return failed(FileProblem::Unreadable, std::string("cannot be read: ") + std::strerror(e));
    }
    if (n == 0) break;
    // A file that grows while it is read (or lies about its size) is bounded all the same.
    if (text.size() + static_cast<std::size_t>(n) > max_bytes) {
      ::close(fd);
      return failed(FileProblem::TooLarge, "is more than the " + std::to_string(max_bytes) + " bytes allowed");
    }
    text.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  r.text = std::move(text);
  return r;
}

}  // namespace vmha::ocf
