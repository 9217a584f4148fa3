// libvirt's client library, loaded when an action first needs it rather than when the agent
// starts: a monitor answered over LibvirtWire never pays for loading it (and the fifty-odd
// libraries it pulls in), which is most of what a monitor would otherwise cost.
//
// Every libvirt function the agents call is listed once here; LibvirtSession calls them through
// the table. A function missing from the installed library is an installation error.
#pragma once
#include <libvirt/libvirt-qemu.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <string>

namespace vmha::agents {

// One function a line: written this way the formatter keeps the list a list.
#define VMHA_LIBVIRT_FUNCTIONS(X)   \
  X(virConnectClose)                \
  X(virConnectGetType)              \
  X(virConnectGetURI)               \
  X(virConnectOpen)                 \
  X(virDomainAbortJob)              \
  X(virDomainCreate)                \
  X(virDomainCreateXML)             \
  X(virDomainDefineXML)             \
  X(virDomainDestroy)               \
  X(virDomainFree)                  \
  X(virDomainGetAutostart)          \
  X(virDomainGetInfo)               \
  X(virDomainGetJobStats)           \
  X(virDomainGetState)              \
  X(virDomainGetXMLDesc)            \
  X(virDomainIsPersistent)          \
  X(virDomainLookupByName)          \
  X(virDomainMigrate3)              \
  X(virDomainMigrateSetMaxDowntime) \
  X(virDomainMigrateStartPostCopy)  \
  X(virDomainMigrateToURI3)         \
  X(virDomainRestore)               \
  X(virDomainSave)                  \
  X(virDomainSetAutostart)          \
  X(virDomainShutdownFlags)         \
  X(virDomainUndefine)              \
  X(virDomainUndefineFlags)         \
  X(virGetLastError)                \
  X(virNetworkCreate)               \
  X(virNetworkFree)                 \
  X(virNetworkIsActive)             \
  X(virNetworkLookupByName)         \
  X(virSetErrorFunc)                \
  X(virStoragePoolCreate)           \
  X(virStoragePoolFree)             \
  X(virStoragePoolIsActive)         \
  X(virStoragePoolLookupByName)     \
  X(virTypedParamsAddInt)           \
  X(virTypedParamsAddString)        \
  X(virTypedParamsAddULLong)        \
  X(virTypedParamsFree)             \
  X(virTypedParamsGetInt)           \
  X(virTypedParamsGetULLong)

// In libvirt-qemu, a library of its own.
#define VMHA_LIBVIRT_QEMU_FUNCTIONS(X) X(virDomainQemuAgentCommand)

struct LibvirtLibrary {
#define VMHA_LIBVIRT_SLOT(name) decltype(&::name) name = nullptr;
  VMHA_LIBVIRT_FUNCTIONS(VMHA_LIBVIRT_SLOT)
  VMHA_LIBVIRT_QEMU_FUNCTIONS(VMHA_LIBVIRT_SLOT)
#undef VMHA_LIBVIRT_SLOT
};

// Loads both libraries once (later calls return the same table) and routes libvirt's own
// error printing away from stderr. nullptr, with the reason in *why, when they cannot be loaded.
const LibvirtLibrary* load_libvirt(std::string* why);

// The table after a successful load_libvirt.
const LibvirtLibrary& libvirt();

}  // namespace vmha::agents
