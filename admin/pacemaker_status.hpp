// The cluster's status as crm_mon --one-shot --inactive --output-as=xml prints it, built
// in-process by libpacemaker's public pcmk_status(), which crm_mon itself is built on: it asks
// pacemakerd, the fencer (full fence history) and the CIB (or the file CIB_file= names), runs the
// status unpacking and renders the same XML, without crm_mon's fork and start-up.
#pragma once
#include <string>

namespace vmha::admin {

struct PacemakerStatus {
  bool loaded = false;  // libpacemaker was loaded and bound; when not, error says why (crm_mon can stand in)
  bool ok = false;
  std::string xml;    // crm_mon's document, when ok
  std::string error;  // one line, when not
};

// Call it on the Pacemaker thread only (pacemaker_thread.hpp); it waits on Pacemaker's IPC
// without a timeout of its own.
PacemakerStatus query_pacemaker_status();

}  // namespace vmha::admin
