#include "cib_watch.hpp"

#include <crm/cib.h>
#include <crm/common/results.h>

#include <atomic>

namespace vmha::guestd {

namespace {

// libcib's callbacks carry no user data: one watch per process.
cib_t* g_cib = nullptr;
bool g_connected = false;
std::atomic<unsigned long> g_generation{0};

void on_diff(const char*, xmlNode*) { ++g_generation; }

void on_lost(gpointer) {
  g_connected = false;
  ++g_generation;
}

}  // namespace

bool CibWatch::connect() {
  if (g_connected) return true;
  if (!g_cib) g_cib = cib_new();
  if (!g_cib) return false;
  if (g_cib->cmds->signon(g_cib, "vmha-guestd", cib_query) != pcmk_ok) {
    g_cib->cmds->signoff(g_cib);
    return false;
  }
  if (g_cib->cmds->add_notify_callback(g_cib, T_CIB_DIFF_NOTIFY, on_diff) != pcmk_ok ||
      g_cib->cmds->set_connection_dnotify(g_cib, on_lost) != pcmk_ok) {
    g_cib->cmds->signoff(g_cib);
    return false;
  }
  g_connected = true;
  ++g_generation;  // whatever changed while it was not connected is unknown
  return true;
}

void CibWatch::disconnect() {
  if (!g_cib) return;
  if (g_connected) g_cib->cmds->signoff(g_cib);
  g_connected = false;
  ++g_generation;
}

bool CibWatch::connected() const { return g_connected; }

unsigned long CibWatch::generation() const { return g_generation; }

}  // namespace vmha::guestd
