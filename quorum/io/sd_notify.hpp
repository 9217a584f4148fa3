// systemd's readiness protocol (sd_notify(3)) without libsystemd: one datagram of
// "KEY=VALUE\n..." to the socket named by $NOTIFY_SOCKET. Without that variable it does nothing,
// so qdiskd started by hand or by a test behaves the same.
#pragma once
#include <string>

namespace vmha::quorum {

// Returns false when NOTIFY_SOCKET is set but the message could not be sent.
bool notify_systemd(const std::string& state);

}  // namespace vmha::quorum
