// The CIB read in-process through libcib, as Pacemaker's own tools read it: cib_new() speaks to
// the local CIB manager over IPC, or opens the file CIB_file= names (the tools' file fallback).
// One query of the whole CIB, as `cibadmin --query --local` gives it, without that fork's
// start-up (libcrmcommon and its schemas: most of what cibadmin costs).
#pragma once
#include <memory>
#include <string>

namespace vmha::admin {

// How much of the CIB a query asks for: the whole of it (the status section too, which the
// scheduler's what-if runs need), or the configuration section alone (all vmha status's model
// reads from it: the CIB manager serialises, and vmha copies and parses, about half as much).
enum class CibPart { whole, configuration };

struct CibQuery {
  bool ok = false;
  std::string xml;    // the CIB (<cib>), or its <configuration> when that was asked of a live CIB; when ok
  std::string error;  // one line, when not
};

// Call it on the Pacemaker thread only (pacemaker_thread.hpp): libcib's IPC has no timeout, and
// libcrmcommon's XML set-up holds for the thread it was made on.
CibQuery query_cib();

// The same query in two halves, so that the CIB manager answers it while this thread does something
// else (vmha status: while libpacemaker builds the status): start_cib_query() signs on and sends
// the query; finish_cib_query() waits for the answer (libcib's own timeout of 30 s bounds it) and
// signs off. A file CIB is read whole by finish. Both on the Pacemaker thread.
struct PendingCibQuery;
std::unique_ptr<PendingCibQuery, void (*)(PendingCibQuery*)> start_cib_query(CibPart part);
CibQuery finish_cib_query(std::unique_ptr<PendingCibQuery, void (*)(PendingCibQuery*)> pending);

}  // namespace vmha::admin
