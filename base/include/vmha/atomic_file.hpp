// Writes files so that readers see either the old contents or the new, never a part: a
// temporary file in the same directory, fsync, then rename. Every part writes its files this way
// (vmha-config's outputs, the agent's saved guest configuration and remembered names, qdiskd's
// status, fence_virtd's pid file).
#pragma once
#include <sys/types.h>

#include <string>
#include <vector>

namespace vmha {

// Returns an empty string on success, else what went wrong.
std::string write_file_atomically(const std::string& path, const std::string& contents, mode_t mode);

struct FileToWrite {
  std::string path;
  std::string contents;
  mode_t mode;
};

// All or nothing: every file is written to its temporary and synced, and every target is
// checked (an existing target must be a regular file), before the first rename. On an error
// (a full disk, a directory in the way) no target has changed and no temporary is left.
std::string write_files_atomically(const std::vector<FileToWrite>& files);

}  // namespace vmha
