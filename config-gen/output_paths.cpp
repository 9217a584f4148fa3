#include "output_paths.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace vmha::config {

OutputPlan plan_outputs(const std::string& path, PathKind kind, const std::vector<std::string>& file_names) {
  OutputPlan plan;
  bool directory = kind == PathKind::Directory || (!path.empty() && path.back() == '/');
  if (!directory && file_names.size() == 1) {
    plan.files.push_back(path);
    return plan;
  }
  if (!directory && kind == PathKind::Other) {
    plan.usage_error = "-o " + path + " is not a directory (several targets are written into a directory)";
    return plan;
  }
  std::string prefix = path;
  while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
  for (const auto& name : file_names) plan.files.push_back(prefix == "/" ? "/" + name : prefix + "/" + name);
  return plan;
}

PathKind path_kind(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) return PathKind::Absent;
  return S_ISDIR(info.st_mode) ? PathKind::Directory : PathKind::Other;
}

std::string make_parent_directories(const std::string& file) {
  auto slash = file.rfind('/');
  if (slash == std::string::npos || slash == 0) return "";
  std::string dir = file.substr(0, slash);
  for (std::size_t at = 1; at <= dir.size(); ++at) {
    if (at != dir.size() && dir[at] != '/') continue;
    std::string step = dir.substr(0, at);
    if (mkdir(step.c_str(), 0755) == 0 || errno == EEXIST) {
      if (path_kind(step) != PathKind::Directory) return "cannot create " + dir + ": " + step + " is not a directory";
      continue;
    }
    return "cannot create " + step + ": " + std::strerror(errno);
  }
  return "";
}

}  // namespace vmha::config
