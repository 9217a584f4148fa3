#include "pacemaker_status.hpp"

#include <crm/common/results.h>
#include <crm/common/xml.h>
#include <glib.h>

#include <cstdlib>
#include <cstring>

#include "dl_binder.hpp"
#include "status_model.hpp"

namespace vmha::admin {

namespace {

// libpacemaker (with libpe_status, libstonithd and the libcib and libcrmcommon the CIB query loads
// anyway) is loaded only when the status is asked, so --help and the clusvcadm face never pay for
// it. Pinned to the soname of Debian 12's Pacemaker 2.1.5, whose XML the model is tested on.
constexpr const char* kLibpacemaker = "libpacemaker.so.1";

// pacemaker.h, which declares it, is not in Debian's pacemaker-dev; the signature is Pacemaker's
// public API since 2.0.4.
using PcmkStatusFn = int (*)(xmlNode**);

struct Libpacemaker {
  PcmkStatusFn status_fn = nullptr;
  decltype(&pcmk_rc_str) rc_str_fn = nullptr;
  decltype(&dump_xml_formatted_with_text) dump_fn = nullptr;
  decltype(&free_xml) free_xml_fn = nullptr;
  decltype(&crm_xml_init) xml_init_fn = nullptr;
  char** system_name = nullptr;  // libcrmcommon's crm_system_name
  GOptionEntry* xml_options = nullptr;

  // True with every pointer bound, else false and why in *error.
  bool open(std::string* error) {
    DlBinder lib("libpacemaker", kLibpacemaker);
    return lib.open(error) && lib.bind(status_fn, "pcmk_status", error) && lib.bind(rc_str_fn, "pcmk_rc_str", error) &&
           lib.bind(dump_fn, "dump_xml_formatted_with_text", error) && lib.bind(free_xml_fn, "free_xml", error) &&
           lib.bind(xml_init_fn, "crm_xml_init", error) && lib.bind(system_name, "crm_system_name", error) &&
           lib.bind(xml_options, "pcmk__xml_output_entries", error);
  }

  // crm_mon asks the XML formatter for the element names its schema has (<summary>, <nodes>,
  // <resources>, …) with the formatter's own hidden options, --xml-simple-list and
  // --xml-substitute; pcmk_status() renders generic <list name="…"> elements without them. The
  // options are flags in libcrmcommon's option table, set here as crm_mon's command line sets
  // them. False when the table does not hold both (another Pacemaker: crm_mon stands in).
  bool crm_mon_element_names(std::string* error) const {
    int found = 0;
    for (GOptionEntry* e = xml_options; e->long_name != nullptr; ++e) {
      if (e->arg != G_OPTION_ARG_NONE || e->arg_data == nullptr) continue;
      if (std::strcmp(e->long_name, "xml-simple-list") == 0 || std::strcmp(e->long_name, "xml-substitute") == 0) {
        *static_cast<gboolean*>(e->arg_data) = TRUE;
        ++found;
      }
    }
    if (found == 2) return true;
    *error = "libpacemaker: its XML formatter has no --xml-simple-list/--xml-substitute";
    return false;
  }
};

// Loaded and set up once per process, on the Pacemaker thread; nullptr (and why in *error) when
// it cannot be.
const Libpacemaker* libpacemaker(std::string* error) {
  static Libpacemaker lib;
  static std::string problem;
  static const bool bound = [] {
    if (!lib.open(&problem) || !lib.crm_mon_element_names(&problem)) return false;
    // The name Pacemaker's IPC clients sign on with (crm_mon's is "crm_mon"); the tools set it in
    // crm_log_preinit(), which vmha does not call: it would set the process's umask and locale
    // and take over glib's logging. Without a log set-up, libqb logs nothing to stderr or syslog.
    if (*lib.system_name == nullptr) *lib.system_name = strdup("vmha");
    // The schemas a CIB is checked and upgraded against, and the node hooks for this thread.
    lib.xml_init_fn();
    return true;
  }();
  *error = problem;
  return bound ? &lib : nullptr;
}

}  // namespace

PacemakerStatus query_pacemaker_status() {
  PacemakerStatus s;
  const Libpacemaker* bound = libpacemaker(&s.error);
  if (bound == nullptr) return s;
  const Libpacemaker& lib = *bound;
  s.loaded = true;
  xmlNode* doc = nullptr;
  int rc = lib.status_fn(&doc);
  if (doc != nullptr) {
    if (char* text = lib.dump_fn(doc); text != nullptr) {
      s.xml = text;
      std::free(text);
    }
    lib.free_xml_fn(doc);
  }
  // Its failures (no pacemakerd, no CIB) are <error>s in the document, as crm_mon's are; the return
  // code says more only when there is no document or it holds no complaint.
  if (s.xml.empty()) {
    s.error =
        std::string("libpacemaker: ") + (rc != pcmk_rc_ok ? lib.rc_str_fn(rc) : "the status could not be serialised");
  } else {
    s.error = status_problem(s.xml, "libpacemaker");
    if (s.error.empty() && rc != pcmk_rc_ok) s.error = std::string("libpacemaker: ") + lib.rc_str_fn(rc);
  }
  s.ok = s.error.empty();
  if (!s.ok) s.xml.clear();
  return s;
}

}  // namespace vmha::admin
