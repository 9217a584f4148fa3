#include "cib_query.hpp"

#include <crm/cib.h>
#include <crm/common/results.h>
#include <crm/common/xml.h>
#include <dlfcn.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>

namespace vmha::admin {

namespace {

// libcib and what it pulls in (libcrmcommon, glib, libxml2, gnutls: 30-odd libraries) cost about
// 25 ms of CPU to load, a third of what crm_mon costs: loaded only when a live CIB is read, so a
// saved CIB, --help and the clusvcadm face never pay for it. Pinned to the soname whose headers
// this is compiled against. When libpacemaker is loaded for the status it is already loaded
// (libpacemaker needs it), and this is the same copy.
constexpr const char* kLibcib = "libcib.so.27";

struct Libcib {
  void* handle = nullptr;
  decltype(&cib_new) cib_new_fn = nullptr;
  decltype(&cib_delete) cib_delete_fn = nullptr;
  decltype(&pcmk_strerror) strerror_fn = nullptr;
  decltype(&dump_xml_unformatted) dump_fn = nullptr;
  decltype(&free_xml) free_xml_fn = nullptr;
  decltype(&crm_xml_init) xml_init_fn = nullptr;

  // True with every pointer bound, else false and why in *error. A bool, not an empty error text,
  // says "bound": clang-tidy's analyser follows a bool to the calls, not a string's emptiness.
  bool open(std::string* error) {
    handle = dlopen(kLibcib, RTLD_NOW | RTLD_LOCAL);
    if (handle != nullptr && bind(cib_new_fn, "cib_new") && bind(cib_delete_fn, "cib_delete") &&
        bind(strerror_fn, "pcmk_strerror") && bind(dump_fn, "dump_xml_unformatted") && bind(free_xml_fn, "free_xml") &&
        bind(xml_init_fn, "crm_xml_init"))
      return true;
    *error = std::string("libcib: ") + dlerror();
    return false;
  }
  template <typename F>
  bool bind(F& fn, const char* name) {
    fn = reinterpret_cast<F>(dlsym(handle, name));
    return fn != nullptr;
  }
};

// The tools' own file fallback (CIB_file=) opens the file, validates it and hands it back whole;
// the status (pcmk_status(), or crm_mon), which reads the same file beside this, validates it and
// reports a bad one, so the plain file is read here. A compressed CIB (.bz2, which libcib unpacks) goes through libcib.
bool plain_file(const char* path) {
  std::string_view p(path);
  return p.size() < 4 || p.substr(p.size() - 4) != ".bz2";
}

CibQuery read_file(const char* path) {
  CibQuery q;
  std::ifstream f(path, std::ios::binary);
  std::ostringstream text;
  if (f) text << f.rdbuf();
  if (!f || f.bad()) {
    q.error = std::string("CIB_file: cannot read ") + path;
    return q;
  }
  q.xml = text.str();
  q.ok = true;
  return q;
}

// Loaded and initialised once per process: the commands that wait (migrate, unpin, drain) query the
// CIB again and again, and libxml2 and Pacemaker's schemas are not meant to be set up again after
// crm_xml_cleanup() (the second query of a process crashed in libxml2 when each query did both).
// nullptr (and why in *error) when libcib cannot be loaded.
const Libcib* libcib(std::string* error) {
  static Libcib lib;
  static std::string problem;
  static const bool bound = [] {
    if (!lib.open(&problem)) return false;
    // The schemas a file CIB is validated against at signon (the tools load them at start-up).
    lib.xml_init_fn();
    return true;
  }();
  *error = problem;
  return bound ? &lib : nullptr;
}

CibQuery query_libcib() {
  CibQuery q;
  const Libcib* bound = libcib(&q.error);
  if (bound == nullptr) return q;
  const Libcib& lib = *bound;
  cib_t* cib = lib.cib_new_fn();
  if (cib == nullptr) {
    q.error = "libcib: cannot create a CIB connection";
    return q;
  }
  auto failed = [&](const char* what, int rc) { return std::string(what) + ": " + lib.strerror_fn(rc); };
  int rc = cib->cmds->signon(cib, "vmha", cib_query);
  if (rc != pcmk_ok) {
    q.error = failed("libcib: signon to the CIB", rc);
  } else {
    xmlNode* out = nullptr;
    rc = cib->cmds->query(cib, nullptr, &out, cib_scope_local | cib_sync_call);
    if (rc != pcmk_ok || out == nullptr) {
      q.error = failed("libcib: CIB query", rc);
    } else {
      if (char* text = lib.dump_fn(out); text != nullptr) {
        q.xml = text;
        q.ok = true;
        std::free(text);
      } else {
        q.error = "libcib: the CIB could not be serialised";
      }
      lib.free_xml_fn(out);
    }
    cib->cmds->signoff(cib);
  }
  lib.cib_delete_fn(cib);
  // The library stays loaded and initialised: glib and libqb keep state a dlclose would pull from
  // under them, and the process's next query uses it again.
  return q;
}

}  // namespace

CibQuery query_cib() {
  if (const char* file = std::getenv("CIB_file"); file != nullptr && plain_file(file)) return read_file(file);
  return query_libcib();
}

}  // namespace vmha::admin
