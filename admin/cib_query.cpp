#include "cib_query.hpp"

#include <crm/cib.h>
#include <crm/common/results.h>
#include <crm/common/xml.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>
#include <thread>

#include "dl_binder.hpp"

namespace vmha::admin {

namespace {

// libcib and what it pulls in (libcrmcommon, glib, libxml2, gnutls: 30-odd libraries) cost about
// 25 ms of CPU to load, a third of what crm_mon costs: loaded only when a live CIB is read, so a
// saved CIB, --help and the clusvcadm face never pay for it. Pinned to the soname whose headers
// this is compiled against. When libpacemaker is loaded for the status it is already loaded
// (libpacemaker needs it), and this is the same copy.
constexpr const char* kLibcib = "libcib.so.27";

struct Libcib {
  decltype(&cib_new) cib_new_fn = nullptr;
  decltype(&cib_delete) cib_delete_fn = nullptr;
  decltype(&pcmk_strerror) strerror_fn = nullptr;
  decltype(&dump_xml_unformatted) dump_fn = nullptr;
  decltype(&free_xml) free_xml_fn = nullptr;
  decltype(&crm_xml_init) xml_init_fn = nullptr;
  // glib's, reached through libcib's dependencies: an asynchronous reply is dispatched from the
  // main context libcib's connection is attached to.
  gboolean (*iterate_fn)(GMainContext*, gboolean) = nullptr;

  // True with every pointer bound, else false and why in *error. A bool, not an empty error text,
  // says "bound": clang-tidy's analyser follows a bool to the calls, not a string's emptiness.
  bool open(std::string* error) {
    DlBinder lib("libcib", kLibcib);
    return lib.open(error) && lib.bind(cib_new_fn, "cib_new", error) && lib.bind(cib_delete_fn, "cib_delete", error) &&
           lib.bind(strerror_fn, "pcmk_strerror", error) && lib.bind(dump_fn, "dump_xml_unformatted", error) &&
           lib.bind(free_xml_fn, "free_xml", error) && lib.bind(xml_init_fn, "crm_xml_init", error) &&
           lib.bind(iterate_fn, "g_main_context_iteration", error);
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

// The asynchronous half-query. signon() without a file descriptor attaches the connection to
// glib's default main context; the reply is dispatched when that context is iterated. It is taken
// by the connection's own op callback, not a registered per-call one: those live in one table for
// the whole process, which any cib_delete() empties — libpacemaker's status deletes its own CIB
// connection while this query is out, and a reply with no callback left was never seen (vmha status
// waited out its deadline).
struct PendingCibQuery {
  const Libcib* lib = nullptr;
  cib_t* cib = nullptr;
  int call = 0;
  bool answered = false;
  CibQuery result;
  bool from_file = false;

  static PendingCibQuery*& current() {
    static PendingCibQuery* p = nullptr;  // the one query out (the Pacemaker thread asks one at a time)
    return p;
  }
  static void on_reply(const xmlNode*, int call, int rc, xmlNode* output) {
    PendingCibQuery* p = current();
    if (p == nullptr || call != p->call) return;
    p->answered = true;
    if (rc != pcmk_ok || output == nullptr) {
      p->result.error = std::string("libcib: CIB query: ") + p->lib->strerror_fn(rc);
      return;
    }
    if (char* text = p->lib->dump_fn(output); text != nullptr) {
      p->result.xml = text;
      p->result.ok = true;
      std::free(text);
    } else {
      p->result.error = "libcib: the CIB could not be serialised";
    }
  }
  static void release(PendingCibQuery* p) {
    if (p == nullptr) return;
    if (current() == p) current() = nullptr;
    if (p->cib != nullptr) {
      p->cib->cmds->signoff(p->cib);
      p->lib->cib_delete_fn(p->cib);
    }
    delete p;
  }
};

namespace {
// How long the answer is waited for (libcib's synchronous query waits as long).
constexpr auto kAnswerWait = std::chrono::seconds(30);
}  // namespace

std::unique_ptr<PendingCibQuery, void (*)(PendingCibQuery*)> start_cib_query(CibPart part) {
  std::unique_ptr<PendingCibQuery, void (*)(PendingCibQuery*)> p(new PendingCibQuery, PendingCibQuery::release);
  if (const char* file = std::getenv("CIB_file"); file != nullptr) {
    p->from_file = true;  // read whole by finish_cib_query (a .bz2 one by libcib, synchronously)
    return p;
  }
  p->lib = libcib(&p->result.error);
  if (p->lib == nullptr) return p;
  p->cib = p->lib->cib_new_fn();
  if (p->cib == nullptr) {
    p->result.error = "libcib: cannot create a CIB connection";
    return p;
  }
  int rc = p->cib->cmds->signon(p->cib, "vmha", cib_query);
  if (rc != pcmk_ok) {
    p->result.error = std::string("libcib: signon to the CIB: ") + p->lib->strerror_fn(rc);
    return p;
  }
  p->cib->cmds->set_op_callback(p->cib, PendingCibQuery::on_reply);
  PendingCibQuery::current() = p.get();
  const char* section = part == CibPart::configuration ? "configuration" : nullptr;
  p->call = p->cib->cmds->query(p->cib, section, nullptr, cib_scope_local);
  if (p->call < 0) p->result.error = std::string("libcib: CIB query: ") + p->lib->strerror_fn(p->call);
  return p;
}

CibQuery finish_cib_query(std::unique_ptr<PendingCibQuery, void (*)(PendingCibQuery*)> pending) {
  if (pending->from_file) return query_cib();
  // Not sent (no libcib, no signon): the error start gave.
  if (pending->lib == nullptr || pending->cib == nullptr || !pending->result.error.empty()) return pending->result;
  // Dispatched without blocking, so that the wait has an end even if the reply never comes.
  const auto limit = std::chrono::steady_clock::now() + kAnswerWait;
  while (!pending->answered && std::chrono::steady_clock::now() < limit)
    if (pending->lib->iterate_fn(nullptr, FALSE) == FALSE) std::this_thread::sleep_for(std::chrono::microseconds(200));
  if (!pending->answered) pending->result.error = "libcib: the CIB manager did not answer the query within 30 s";
  return pending->result;
}

CibQuery query_cib() {
  if (const char* file = std::getenv("CIB_file"); file != nullptr && plain_file(file)) return read_file(file);
  return query_libcib();
}

}  // namespace vmha::admin
