#include "host_plan.hpp"

#include <tinyxml2.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>

namespace vmha::admin {
namespace {

using tinyxml2::XMLDocument;
using tinyxml2::XMLElement;

std::string attr(const XMLElement* e, const char* name) {
  const char* v = e ? e->Attribute(name) : nullptr;
  return v ? v : "";
}

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

bool in_flight(const Guest& g) {
  return g.hosts.size() > 1 || g.state == GuestState::migrating || g.state == GuestState::starting ||
         g.state == GuestState::stopping;
}

bool runs_on(const Guest& g, const std::string& host) {
  return g.running() && std::find(g.hosts.begin(), g.hosts.end(), host) != g.hosts.end();
}

// Where the guest runs, as one word: "" when it does not.
std::string placement(const Guest* g) { return g && g->running() ? g->host() : std::string(); }

// A snapshot of one guest for change detection: its role and every host it is active on.
std::string seen_key(const Guest* g) {
  if (!g) return "gone";
  return std::string(to_string(g->state)) + "@" + join(g->hosts, ">");
}

}  // namespace

std::optional<std::string> refuse_host_verb(const ClusterStatus& s, const std::string& host, HostVerb verb) {
  if (!s.cluster.quorate) return "this partition is not quorate: Pacemaker would not move anything";
  const Host* h = s.find_host(host);
  if (!h) return "no host '" + host + "' in this cluster";
  if (s.cluster.maintenance_mode) return "the cluster is in maintenance mode: Pacemaker would not move anything";
  if (h->state == HostState::offline || h->state == HostState::unclean)
    return host + " is " + to_string(h->state) +
           (verb == HostVerb::drain ? ": it runs no guests to drain" : ": start its cluster services first");
  if (h->state == HostState::maintenance) return host + " is in maintenance: Pacemaker does not move its guests";
  if (verb == HostVerb::drain && h->state == HostState::standby)
    return host + " is already in standby (vmha host resume " + host + " ends it)";
  if (verb == HostVerb::resume && h->state != HostState::standby)
    return host + " is not in standby: it is " + to_string(h->state);
  return std::nullopt;
}

std::vector<std::string> HostPlan::stops() const {
  std::vector<std::string> out;
  for (const auto& m : moves)
    if (!m.from.empty() && m.to.empty()) out.push_back(m.guest);
  return out;
}

std::vector<std::string> HostPlan::restarts() const {
  std::vector<std::string> out;
  for (const auto& m : moves)
    if (!m.from.empty() && !m.to.empty() && !m.live) out.push_back(m.guest);
  return out;
}

std::vector<std::string> graph_migrations(const std::string& graph_xml) {
  std::vector<std::string> out;
  XMLDocument doc;
  if (graph_xml.empty() || doc.Parse(graph_xml.data(), graph_xml.size()) != tinyxml2::XML_SUCCESS || !doc.RootElement())
    return out;
  // <transition_graph><synapse><action_set><rsc_op operation="migrate_to"><primitive id=…/>
  for (const XMLElement* syn = doc.RootElement()->FirstChildElement("synapse"); syn;
       syn = syn->NextSiblingElement("synapse")) {
    const XMLElement* set = syn->FirstChildElement("action_set");
    for (const XMLElement* op = set ? set->FirstChildElement("rsc_op") : nullptr; op;
         op = op->NextSiblingElement("rsc_op")) {
      if (attr(op, "operation") != "migrate_to") continue;
      std::string id = attr(op->FirstChildElement("primitive"), "id");
      if (!id.empty() && std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    }
  }
  return out;
}

HostPlan plan_host(const ClusterStatus& now, const ClusterStatus& simulated, const std::string& graph_xml,
                   const std::string& host) {
  HostPlan plan;
  plan.host = host;
  std::vector<std::string> live = graph_migrations(graph_xml);
  for (const auto& g : now.guests) {
    const Guest* after = simulated.find_guest(g.name);
    std::string from = placement(&g), to = placement(after);
    // Still on a host put in standby: Pacemaker does not manage it (frozen).
    if (runs_on(g, host) && after && runs_on(*after, host)) {
      plan.stay.push_back(g.name);
      continue;
    }
    if (from == to) continue;
    GuestMove m{g.name, from, to, std::find(live.begin(), live.end(), g.name) != live.end()};
    plan.moves.push_back(m);
  }
  return plan;
}

std::optional<std::string> refuse_drain(const HostPlan& plan, bool allow_stop) {
  if (!plan.stay.empty())
    return plan.host + " would not become empty: Pacemaker does not manage " + join(plan.stay) +
           " (frozen), which would stay there";
  std::vector<std::string> parts;
  if (auto s = plan.stops(); !s.empty())
    parts.push_back("stop " + join(s) + " (no other host may run " + (s.size() > 1 ? "them" : "it") +
                    ": failover domain or capacity)");
  if (auto r = plan.restarts(); !r.empty())
    parts.push_back("restart " + join(r) + " elsewhere (" + (r.size() > 1 ? "they cannot" : "it cannot") +
                    " migrate live)");
  if (parts.empty() || allow_stop) return std::nullopt;
  return "draining " + plan.host + " would " + join(parts, " and ") + "; --allow-stop accepts that";
}

std::string render_plan(const HostPlan& plan) {
  size_t w = 0;
  for (const auto& m : plan.moves) w = std::max(w, m.guest.size());
  for (const auto& g : plan.stay) w = std::max(w, g.size());
  std::ostringstream o;
  for (const auto& m : plan.moves) {
    o << "  " << m.guest << std::string(w - m.guest.size() + 2, ' ') << (m.from.empty() ? "stopped" : m.from) << " -> "
      << (m.to.empty() ? "stopped" : m.to);
    if (!m.from.empty() && !m.to.empty())
      o << (m.live ? " (live)" : " (stop and start: it cannot migrate live)");
    else if (!m.from.empty())
      o << " (no other host may run it)";
    o << "\n";
  }
  for (const auto& g : plan.stay)
    o << "  " << g << std::string(w - g.size() + 2, ' ') << "stays on " << plan.host << " (not managed)\n";
  return o.str();
}

bool migrated_live(const std::string& cib_xml, const std::string& guest, const std::string& host, std::time_t since) {
  XMLDocument doc;
  if (doc.Parse(cib_xml.data(), cib_xml.size()) != tinyxml2::XML_SUCCESS || !doc.RootElement()) return false;
  const XMLElement* status = doc.RootElement()->FirstChildElement("status");
  for (const XMLElement* n = status ? status->FirstChildElement("node_state") : nullptr; n;
       n = n->NextSiblingElement("node_state")) {
    if (attr(n, "uname") != host) continue;
    const XMLElement* lrm = n->FirstChildElement("lrm");
    const XMLElement* rs = lrm ? lrm->FirstChildElement("lrm_resources") : nullptr;
    for (const XMLElement* r = rs ? rs->FirstChildElement("lrm_resource") : nullptr; r;
         r = r->NextSiblingElement("lrm_resource")) {
      if (attr(r, "id") != guest) continue;
      for (const XMLElement* op = r->FirstChildElement("lrm_rsc_op"); op; op = op->NextSiblingElement("lrm_rsc_op")) {
        if (attr(op, "operation") == "migrate_from" && attr(op, "rc-code") == "0" &&
            std::strtoll(attr(op, "last-rc-change").c_str(), nullptr, 10) >= since)
          return true;
      }
    }
  }
  return false;
}

MoveTracker::MoveTracker(HostPlan plan, HostVerb verb) : plan_(std::move(plan)), verb_(verb) {
  for (const auto& m : plan_.moves) last_seen_[m.guest] = m.from.empty() ? "stopped@" : "started@" + m.from;
}

bool MoveTracker::settled(const ClusterStatus& s, const GuestMove& m) const {
  const Guest* g = s.find_guest(m.guest);
  if (!g) return true;  // deleted meanwhile: nothing left to wait for
  if (in_flight(*g)) return false;
  if (verb_ == HostVerb::drain && m.from == plan_.host) {
    // Anywhere but the host will do: the live scheduler may choose differently from the simulated one.
    if (g->running()) return g->host() != plan_.host;
    return m.to.empty();
  }
  if (verb_ == HostVerb::drain) return true;  // a guest elsewhere that Pacemaker shuffles: not ours to wait for
  return m.to.empty() ? !g->running() : g->running() && g->host() == m.to;
}

bool MoveTracker::done(const ClusterStatus& s) const {
  if (verb_ == HostVerb::drain) {
    const Host* h = s.find_host(plan_.host);
    if (h && !h->guests.empty()) return false;
  }
  return std::all_of(plan_.moves.begin(), plan_.moves.end(), [&](const GuestMove& m) { return settled(s, m); });
}

std::vector<std::string> MoveTracker::pending(const ClusterStatus& s) const {
  std::vector<std::string> out;
  for (const auto& m : plan_.moves) {
    if (settled(s, m)) continue;
    const Guest* g = s.find_guest(m.guest);
    out.push_back(
        m.guest + " (" +
        (g ? std::string(to_string(g->state)) + (g->hosts.empty() ? "" : " on " + join(g->hosts, ">")) : "gone") + ")");
  }
  if (verb_ == HostVerb::drain)
    if (const Host* h = s.find_host(plan_.host))
      for (const auto& g : h->guests)
        if (std::none_of(plan_.moves.begin(), plan_.moves.end(), [&](const GuestMove& m) { return m.guest == g; }))
          out.push_back(g + " (still on " + plan_.host + ")");
  return out;
}

std::vector<std::string> MoveTracker::update(const ClusterStatus& s, double elapsed) {
  std::vector<std::string> lines;
  char when[32];
  std::snprintf(when, sizeof when, "%.1f s", elapsed);
  for (const auto& m : plan_.moves) {
    const Guest* g = s.find_guest(m.guest);
    std::string key = seen_key(g);
    if (key == last_seen_[m.guest]) continue;
    last_seen_[m.guest] = key;
    if (!g) {
      lines.push_back(m.guest + ": no longer in the cluster");
      continue;
    }
    if (g->hosts.size() > 1 || g->state == GuestState::migrating) {
      std::string to = g->hosts.size() > 1 ? g->hosts[1] : (m.to.empty() ? "?" : m.to);
      lines.push_back(m.guest + ": migrating " + g->host() + " -> " + to);
    } else if (g->state == GuestState::starting || g->state == GuestState::stopping) {
      lines.push_back(m.guest + ": " + to_string(g->state) + (g->hosts.empty() ? "" : " on " + g->host()));
    } else if (g->running() && g->host() != m.from) {
      arrived_[m.guest] = Arrival{g->host(), elapsed};
      lines.push_back(m.guest + ": on " + g->host() + " after " + when);
    } else if (!g->running()) {
      lines.push_back(m.guest + ": " + to_string(g->state) + " after " + when);
    }
  }
  return lines;
}

std::string render_host_list(const ClusterStatus& s) {
  auto pad = [](const std::string& t, size_t w) {
    return t + std::string(t.size() < w ? w - t.size() : 0, ' ') + "  ";
  };
  std::vector<std::vector<std::string>> rows{{"HOST", "STATE", "GUESTS", "CAPACITY USED/DECLARED", "NAMES"}};
  for (const auto& h : s.hosts) {
    std::string cap;
    for (const auto& u : h.utilization)
      cap += (cap.empty() ? "" : " ") + u.name + " " + std::to_string(u.used) + "/" + std::to_string(u.capacity);
    rows.push_back({h.name, std::string(to_string(h.state)) + (h.is_dc ? " (DC)" : ""), std::to_string(h.guests.size()),
                    cap.empty() ? "-" : cap, h.guests.empty() ? "-" : join(h.guests, " ")});
  }
  std::vector<size_t> w(4, 0);
  for (const auto& r : rows)
    for (size_t i = 0; i < 4; ++i) w[i] = std::max(w[i], r[i].size());
  std::ostringstream o;
  for (const auto& r : rows)
    o << pad(r[0], w[0]) << pad(r[1], w[1]) << pad(r[2], w[2]) << pad(r[3], w[3]) << r[4] << "\n";
  return o.str();
}

}  // namespace vmha::admin
