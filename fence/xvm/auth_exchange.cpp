#include "auth_exchange.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "net.hpp"

namespace vmha::xvm {

bool issue_challenge(int fd, HashType auth, Bytes key, double timeout) {
  if (auth == HashType::None) return true;
  std::array<uint8_t, kChallengeSize> challenge{};
  if (!random_bytes(challenge)) return false;
  auto expected = challenge_answer(auth, key, challenge);
  if (!expected || !write_all(fd, challenge, timeout)) return false;
  Digest got{};
  if (!read_exact(fd, got, timeout)) return false;
  return got == *expected;
}

bool answer_challenge(int fd, HashType auth, Bytes key, double timeout) {
  if (auth == HashType::None) return true;
  std::array<uint8_t, kChallengeSize> challenge{};
  if (!read_exact(fd, challenge, timeout)) return false;
  auto answer = challenge_answer(auth, key, challenge);
  return answer && write_all(fd, *answer, timeout);
}

std::optional<std::string> read_key_file(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string key(kMaxKeySize, '\0');
  size_t got = 0;
  while (got < key.size()) {
    const ssize_t n = read(fd, key.data() + got, key.size() - got);
    if (n < 0) {
      close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  close(fd);
  key.resize(got);
  return key;
}

}  // namespace vmha::xvm
