// Reads an input file with a bound: the topology, a cluster.conf, a password file. Never blocks
// on a FIFO without a writer, never reads /dev/zero forever, never takes a directory for an
// empty file.
#pragma once
#include <cstddef>
#include <optional>
#include <string>

namespace vmha::config {

struct InputRules {
  std::size_t max_bytes;
  bool regular_only = false;  // refuse pipes and devices too (password files)
};

// The contents, or nullopt with `error` set ("is a directory", "is larger than N bytes", ...).
std::optional<std::string> read_input_file(const std::string& path, InputRules rules, std::string& error);

}  // namespace vmha::config
