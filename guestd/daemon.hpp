// vmha-guestd's adapter to libvirt: one connection with keepalive, the event loop, reconnects,
// and what it does with each decision of event_policy.
#pragma once
#include <string>

namespace vmha::guestd {

struct DaemonOptions {
  std::string uri = "qemu:///system";
  std::string run_dir = "/run/vmha/guestd";  // pid, status, what was reported
  std::string records;                       // the agents' guest records (guest_record_dir())
  std::string node;                          // Pacemaker's name of this node; empty: crm_node -n
  int keepalive_interval = 5;                // seconds; libvirtd's own default
  int keepalive_count = 3;                   // Masakari's choice: lost after ~20 s of silence
  bool debug = false;
};

int run_daemon(const DaemonOptions& options);
// Prints what the running daemon watches; 3 when it is not running (as `qdiskd -s`).
int print_status(const DaemonOptions& options);

}  // namespace vmha::guestd
