#include "migrate_plan.hpp"

namespace vmha::admin {

std::optional<std::string> refuse_migration(const ClusterStatus& s, const std::string& guest, const std::string& host) {
    if (!s.cluster.quorate) return "this partition is not quorate: Pacemaker would not move anything";
    const Guest* g = s.find_guest(guest);
    if (!g) return "no guest '" + guest + "' (a VirtualDomain resource) in this cluster";
    const Host* h = s.find_host(host);
    if (!h) return "no host '" + host + "' in this cluster";
    if (h->state != HostState::online) return host + " is " + to_string(h->state) + ": it takes no guests";
    if (g->frozen) return guest + " is frozen (not managed): Pacemaker would not move it";
    switch (g->state) {
        case GuestState::migrating:
        case GuestState::starting:
        case GuestState::stopping:
            return guest + " is already " + to_string(g->state) + ": wait until it is done";
        case GuestState::started: break;
        default: return guest + " is " + std::string(to_string(g->state)) + ", not running: there is nothing to migrate";
    }
    if (g->host() == host) return guest + " already runs on " + host;
    if (!g->migratable) return guest + " cannot migrate live (allow-migrate is not true): it would stop and start";
    for (const auto& p : g->pins)
        if (!p.expired && !p.prefer && p.host == host)
            return guest + " is banned from " + host + " (" + p.constraint + ")";
    return std::nullopt;
}

}  // namespace vmha::admin
