#include "input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vmha::config {

std::optional<std::string> read_input_file(const std::string& path, InputRules rules, std::string& error) {
  // O_NONBLOCK: opening a FIFO nobody writes to returns at once (and reads as empty).
  int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    error = std::string("cannot read the file: ") + std::strerror(errno);
    return std::nullopt;
  }
  auto fail = [&](std::string why) {
    close(fd);
    error = std::move(why);
    return std::nullopt;
  };
  struct stat info {};
  if (fstat(fd, &info) != 0) return fail(std::string("cannot read the file: ") + std::strerror(errno));
  if (S_ISDIR(info.st_mode)) return fail("is a directory, not a file");
  if (rules.regular_only && !S_ISREG(info.st_mode)) return fail("is not a regular file");
  if (S_ISREG(info.st_mode) && static_cast<std::size_t>(info.st_size) > rules.max_bytes)
    return fail("is " + std::to_string(info.st_size) + " bytes; the limit is " + std::to_string(rules.max_bytes));
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  std::string text;
  char buffer[65536];
  while (true) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(std::string("cannot read the file: ") + std::strerror(errno));
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > rules.max_bytes)
      return fail("is larger than the limit of " + std::to_string(rules.max_bytes) + " bytes");
  }
  close(fd);
  return text;
}

}  // namespace vmha::config
