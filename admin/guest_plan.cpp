#include "guest_plan.hpp"

#include <algorithm>
#include <cctype>

namespace vmha::admin {
namespace {

GuestPlan refuse(Refusal why, std::string reason) {
  GuestPlan p;
  p.refusal = why;
  p.reason = std::move(reason);
  return p;
}

std::string state_text(const Guest& g) { return to_string(g.state); }

bool busy(const Guest& g) {
  return g.state == GuestState::migrating || g.state == GuestState::starting || g.state == GuestState::stopping;
}

// May the guest be placed on `host`? Refusal::none when it may.
GuestPlan check_target(const ClusterStatus& s, const Guest& g, const std::string& host, bool bans_first = false) {
  const Host* h = s.find_host(host);
  if (!h) return refuse(Refusal::bad_host, "no host '" + host + "' in this cluster");
  if (h->state != HostState::online)
    return refuse(Refusal::bad_host, host + " is " + to_string(h->state) + ": it takes no guests");
  auto banned = [&]() -> GuestPlan {
    for (const auto& p : g.pins)
      if (!p.expired && !p.prefer && p.host == host)
        return refuse(Refusal::outside_domain, g.name + " is banned from " + host + " (" + p.constraint + ")");
    return {};
  };
  if (bans_first)
    if (auto b = banned(); b.refusal != Refusal::none) return b;
  if (g.domain && !g.domain->allows(host)) {
    std::string members;
    for (const auto& m : g.domain->hosts) members += (members.empty() ? "" : ", ") + m;
    return refuse(Refusal::outside_domain, host + " is outside " + g.name + "'s restricted failover domain" +
                                               (g.domain->name.empty() ? "" : " " + g.domain->name) + " (" + members +
                                               ")");
  }
  return banned();
}

Step meta_set(const std::string& guest, const char* name, const char* value, bool settle) {
  return {{"-r", guest, "--meta", "-p", name, "-v", value}, settle};
}
Step move(const std::string& guest, const std::string& host, const std::string& lifetime = "") {
  Step st{{"--move", "-r", guest, "-N", host}, false};
  if (!lifetime.empty()) st.crm_resource.push_back("--lifetime=" + lifetime);
  return st;
}

}  // namespace

const char* to_string(GuestAction a) {
  switch (a) {
    case GuestAction::enable:
      return "enable";
    case GuestAction::disable:
      return "disable";
    case GuestAction::restart:
      return "restart";
    case GuestAction::relocate:
      return "relocate";
    case GuestAction::migrate:
      return "migrate";
    case GuestAction::freeze:
      return "freeze";
    case GuestAction::unfreeze:
      return "unfreeze";
    case GuestAction::unpin:
      return "unpin";
  }
  return "enable";
}

GuestPlan plan_guest(const ClusterStatus& s, const GuestRequest& r) {
  if (!s.cluster.quorate)
    return refuse(Refusal::inquorate, "this partition is not quorate: Pacemaker would not move anything");
  const Guest* gp = s.find_guest(r.guest);
  if (!gp)
    return refuse(Refusal::no_such_guest, "no guest '" + r.guest + "' (a VirtualDomain resource) in this cluster");
  const Guest& g = *gp;
  const std::string& G = g.name;
  GuestPlan plan;
  plan.from = g.running() ? g.host() : "";

  switch (r.action) {
    case GuestAction::migrate: {
      // The order of these checks is the one operators read first: the host, then the guest.
      const Host* h = s.find_host(r.host);
      if (!h) return refuse(Refusal::bad_host, "no host '" + r.host + "' in this cluster");
      if (h->state != HostState::online)
        return refuse(Refusal::bad_host, r.host + " is " + to_string(h->state) + ": it takes no guests");
      if (g.frozen) return refuse(Refusal::frozen, G + " is frozen (not managed): Pacemaker would not move it");
      if (busy(g)) return refuse(Refusal::busy, G + " is already " + state_text(g) + ": wait until it is done");
      if (g.state != GuestState::started)
        return refuse(Refusal::invalid, G + " is " + state_text(g) + ", not running: there is nothing to migrate");
      if (g.host() == r.host) return refuse(Refusal::invalid, G + " already runs on " + r.host);
      if (!g.migratable)
        return refuse(Refusal::invalid, G + " cannot migrate live (allow-migrate is not true): use vmha relocate " + G +
                                            " --to " + r.host + " (stop, start there)");
      if (auto t = check_target(s, g, r.host, true); t.refusal != Refusal::none) return t;
      plan.steps = {move(G, r.host, r.lifetime)};
      plan.steps.back().settle_after = true;
      return plan;
    }
    case GuestAction::unpin:
      if (g.pins.empty()) return refuse(Refusal::invalid, G + " has no pins");
      plan.steps = {{{"--clear", "-r", G}, true}};
      return plan;
    case GuestAction::freeze:
      if (std::find(g.freeze_meta.begin(), g.freeze_meta.end(), "maintenance") != g.freeze_meta.end())
        return refuse(Refusal::nothing_to_do, G + " is already frozen");
      if (busy(g)) return refuse(Refusal::busy, G + " is " + state_text(g) + ": wait until it is done");
      // maintenance=true, not is-managed=false: it also stops the monitors (no status checks, as
      // rgmanager's freeze), so nothing inside the guest counts as a failure while it is frozen.
      plan.steps = {meta_set(G, "maintenance", "true", true)};
      return plan;
    case GuestAction::unfreeze:
      if (g.freeze_meta.empty()) {
        if (g.frozen)
          return refuse(Refusal::invalid, G + " is not frozen by vmha freeze but by the cluster (maintenance-mode, "
                                              "a host in maintenance or disabled monitors): lift that instead");
        return refuse(Refusal::nothing_to_do, G + " is not frozen");
      }
      for (const auto& m : g.freeze_meta) plan.steps.push_back({{"-r", G, "--meta", "-d", m}, false});
      plan.steps.back().settle_after = true;
      return plan;
    default:
      break;
  }

  if (g.frozen) return refuse(Refusal::frozen, G + " is frozen (not managed): `vmha unfreeze " + G + "` first");
  if (busy(g)) return refuse(Refusal::busy, G + " is already " + state_text(g) + ": wait until it is done");

  switch (r.action) {
    case GuestAction::enable:
      if (g.enabled && g.running()) {
        if (r.host.empty() || r.host == g.host())
          return refuse(Refusal::nothing_to_do, G + " is already enabled and runs on " + g.host());
        return refuse(Refusal::invalid,
                      G + " already runs on " + g.host() + ": use vmha migrate or relocate to move it");
      }
      if (!r.host.empty())
        if (auto t = check_target(s, g, r.host); t.refusal != Refusal::none) return t;
      // A failed guest's history would keep Pacemaker from starting it where it failed.
      if (g.state == GuestState::failed || g.fail_count > 0) plan.steps.push_back({{"--cleanup", "-r", G}, false});
      if (!r.host.empty()) plan.steps.push_back(move(G, r.host));
      plan.steps.push_back(meta_set(G, "target-role", "Started", true));
      return plan;
    case GuestAction::disable:
      if (!g.enabled && !g.running()) return refuse(Refusal::nothing_to_do, G + " is already disabled");
      plan.steps = {meta_set(G, "target-role", "Stopped", true)};
      return plan;
    case GuestAction::restart:
      if (g.state != GuestState::started)
        return refuse(Refusal::invalid, G + " is " + state_text(g) + ", not running: use vmha enable " + G);
      plan.steps = {meta_set(G, "target-role", "Stopped", true), meta_set(G, "target-role", "Started", true)};
      return plan;
    case GuestAction::relocate:
      if (g.state != GuestState::started)
        return refuse(Refusal::invalid,
                      G + " is " + state_text(g) + ", not running: use vmha enable " + G + " --on " + r.host);
      if (g.host() == r.host) return refuse(Refusal::invalid, G + " already runs on " + r.host);
      if (auto t = check_target(s, g, r.host); t.refusal != Refusal::none) return t;
      // Stopped first: with the guest running, a move of a migratable guest would go live.
      plan.steps = {meta_set(G, "target-role", "Stopped", true), move(G, r.host),
                    meta_set(G, "target-role", "Started", true)};
      return plan;
    default:
      break;
  }
  return refuse(Refusal::invalid, "unknown action");
}

std::string outcome_missing(const ClusterStatus& after, const GuestRequest& r) {
  const Guest* g = after.find_guest(r.guest);
  if (!g) return r.guest + " is gone from the configuration";
  std::string is = "it is " + std::string(to_string(g->state)) + (g->host().empty() ? "" : " on " + g->host());
  switch (r.action) {
    case GuestAction::enable:
    case GuestAction::restart:
      if (g->state != GuestState::started) return is;
      if (!r.host.empty() && g->host() != r.host) return is;
      return "";
    case GuestAction::relocate:
    case GuestAction::migrate:
      if (g->state != GuestState::started || g->host() != r.host || g->hosts.size() != 1) return is;
      return "";
    case GuestAction::disable:
      return g->running() || g->hosts.size() ? is : "";
    case GuestAction::freeze:
      return g->frozen ? "" : "it is not frozen";
    case GuestAction::unfreeze:
      return !g->frozen && g->freeze_meta.empty() ? "" : "it is still frozen";
    case GuestAction::unpin:
      return g->pins.empty() ? "" : "it still has pins";
  }
  return "";
}

}  // namespace vmha::admin
