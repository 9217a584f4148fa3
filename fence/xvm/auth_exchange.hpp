// The mutual challenge-response both ends run after the request: one side challenges (sends 64
// random bytes, checks HASH(key || C)), the other answers. With auth "none" nothing is exchanged.
#pragma once
#include "wire.hpp"

namespace vmha::xvm {

bool issue_challenge(int fd, HashType auth, Bytes key, double timeout);
bool answer_challenge(int fd, HashType auth, Bytes key, double timeout);

// Reads a key file whole (at most kMaxKeySize bytes); empty optional if it cannot be read.
std::optional<std::string> read_key_file(const std::string& path);

}  // namespace vmha::xvm
