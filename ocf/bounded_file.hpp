// Reading a small file an agent is given (a guest's XML) without trusting it: only a regular file,
// only up to a bound, never blocking on open (a FIFO), so that a hostile or broken path is a clear
// error instead of a hang or an out-of-memory abort. A read that hangs on dead storage is the
// watchdog's to end; callers read only once it runs.
#pragma once
#include <cstddef>
#include <optional>
#include <string>

namespace vmha::ocf {

// The bound for a guest's XML: virsh reads a domain XML file with a 10 MiB limit (VSH_MAX_XML_FILE),
// so a larger file is no domain description an administrator could have defined.
inline constexpr std::size_t kMaxConfigBytes = 10u << 20;

enum class FileProblem { None, Unreadable, NotRegular, TooLarge };

struct FileReading {
  std::optional<std::string> text;
  FileProblem problem = FileProblem::None;
  std::string message;  // one line: "config file PATH is a FIFO, not a regular file"
};

// what: how the message names the file ("config file").
FileReading read_bounded_file(const std::string& path, std::size_t max_bytes, const std::string& what);

}  // namespace vmha::ocf
