// Writes a file so that readers see either the old contents or the new, never a part:
// a temporary file in the same directory, fsync, then rename.
#pragma once
#include <sys/types.h>

#include <string>

namespace vmha::config {

// Returns an empty string on success, else what went wrong.
std::string write_file_atomically(const std::string& path, const std::string& contents, mode_t mode);

}  // namespace vmha::config
