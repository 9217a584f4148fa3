// Tells the daemon when Pacemaker's CIB changes, without a process per question: one IPC
// connection to pacemaker-based (libcib) subscribed to its diff notifications. Pacemaker's IPC
// source sits in GLib's default main context, which libvirt's default event loop runs: the
// notifications arrive on the event loop's own thread, between libvirt's events. A change made in the
// very instant of a crash may be seen after the report: the same race as a crm_mon run at that moment
// (the CIB may change just after it read it). Not in this library: a way to ask whether a notification
// is waiting (libcib's native client has no inputfd).
//
// The daemon keeps a view of the cluster (crm_mon's XML) taken in the background, and reports a
// failure from it only while no change has been notified since that view was begun (generation):
// anything else, and when no connection is up, asks crm_mon at the moment of the report as before.
#pragma once

namespace vmha::guestd {

class CibWatch {
 public:
  ~CibWatch() { disconnect(); }
  bool connect();  // false while Pacemaker is not up (try again later)
  void disconnect();
  bool connected() const;
  // Bumped by every change notified (and by a lost connection): a view begun at generation g is
  // current while generation() is still g.
  unsigned long generation() const;
};

}  // namespace vmha::guestd
