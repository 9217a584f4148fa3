// A Pacemaker library loaded with dlopen() when vmha first needs it, and its functions and variables
// bound by name. vmha loads libcib and libpacemaker this way (cib_query.cpp, pacemaker_status.cpp):
// linked in, their 30-odd libraries would cost every vmha start (--help, the clusvcadm face) the
// time they take to load, which only a command that reads the cluster needs to pay.
#pragma once
#include <dlfcn.h>

#include <string>

namespace vmha::admin {

class DlBinder {
 public:
  // label names the library in errors ("libcib: …"); soname is the exact file to load.
  DlBinder(const char* label, const char* soname) : label_(label), soname_(soname) {}

  // Loads the library (every symbol resolved now, none made visible to later loads); false, and
  // why in *error, when it cannot be.
  bool open(std::string* error) {
    handle_ = dlopen(soname_, RTLD_NOW | RTLD_LOCAL);
    if (handle_ != nullptr) return true;
    *error = last_error();
    return false;
  }

  // Binds ptr (a function or data pointer of the symbol's type) to name; false, and why in *error,
  // when the library has no such symbol.
  template <typename T>
  bool bind(T& ptr, const char* name, std::string* error) {
    ptr = reinterpret_cast<T>(dlsym(handle_, name));
    if (ptr != nullptr) return true;
    *error = last_error();
    return false;
  }

 private:
  std::string last_error() const {
    const char* why = dlerror();
    return std::string(label_) + ": " + (why != nullptr ? why : std::string("cannot load ") + soname_);
  }

  const char* label_;
  const char* soname_;
  void* handle_ = nullptr;
};

}  // namespace vmha::admin
