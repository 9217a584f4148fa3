// Where `generate -o PATH` writes. PATH names a directory (each target under its usual file
// name: cluster.conf, cib.xml, corosync.conf) or, for a single target, the file itself.
// Missing directories are created (after every output was generated, so a refusal creates nothing).
#pragma once
#include <string>
#include <vector>

namespace vmha::config {

enum class PathKind { Absent, Directory, Other };

struct OutputPlan {
  std::vector<std::string> files;  // one per target, in the targets' order
  std::string usage_error;         // non-empty: -o cannot mean what was asked (exit 2)
};

// Pure: `kind` is what PATH is on disk now. A PATH ending in '/' is always a directory.
OutputPlan plan_outputs(const std::string& path, PathKind kind, const std::vector<std::string>& file_names);

PathKind path_kind(const std::string& path);

// mkdir -p for the directory that holds `file`; empty on success, else why not.
std::string make_parent_directories(const std::string& file);

}  // namespace vmha::config
