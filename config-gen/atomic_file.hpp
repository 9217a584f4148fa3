// vmha-config writes its outputs with the shared atomic writer (base/include/vmha/atomic_file.hpp).
#pragma once
#include <vmha/atomic_file.hpp>

namespace vmha::config {
using vmha::FileToWrite;
using vmha::write_file_atomically;
using vmha::write_files_atomically;
}  // namespace vmha::config
