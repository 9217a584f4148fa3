#include "libvirt_library.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>

namespace vmha::agents {
namespace {

LibvirtLibrary table;
bool loaded = false;
std::string load_error;

void ignore_error(void*, virErrorPtr) {}

// Fills every slot of one library's functions; false names the first one missing.
template <typename Fill>
bool open_library(const char* soname, Fill fill, std::string* why) {
  void* handle = dlopen(soname, RTLD_NOW | RTLD_GLOBAL);
  if (!handle) {
    *why = std::string("cannot load libvirt's client library: ") + dlerror();
    return false;
  }
  return fill(handle, why);
}

template <typename Slot>
bool resolve(void* handle, const char* name, Slot& slot, std::string* why) {
  slot = reinterpret_cast<Slot>(dlsym(handle, name));
  if (!slot) *why = std::string("the installed libvirt lacks ") + name;
  return slot != nullptr;
}

void load_once() {
  bool ok = open_library(
      "libvirt.so.0",
      [](void* h, std::string* why) {
#define VMHA_RESOLVE(name) &&resolve(h, #name, table.name, why)
        return true VMHA_LIBVIRT_FUNCTIONS(VMHA_RESOLVE);
      },
      &load_error);
  ok = ok && open_library(
                 "libvirt-qemu.so.0",
                 [](void* h, std::string* why) {
                   return true VMHA_LIBVIRT_QEMU_FUNCTIONS(VMHA_RESOLVE);
#undef VMHA_RESOLVE
                 },
                 &load_error);
  if (!ok) return;
  table.virSetErrorFunc(nullptr, ignore_error);
  loaded = true;
}

}  // namespace

const LibvirtLibrary* load_libvirt(std::string* why) {
  static std::once_flag once;
  std::call_once(once, load_once);
  if (!loaded && why) *why = load_error;
  return loaded ? &table : nullptr;
}

const LibvirtLibrary& libvirt() {
  if (!loaded) std::abort();  // a LibvirtSession exists only after a successful load
  return table;
}

}  // namespace vmha::agents
