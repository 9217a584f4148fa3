#include "status_render.hpp"

#include <vmha/version.hpp>

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace vmha::admin {
namespace {

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}
std::string json_or_null(const std::string& s) { return s.empty() ? "null" : json_string(s); }
const char* json_bool(bool b) { return b ? "true" : "false"; }

// The state an operator reads first: frozen hides the underlying one, which "running" still tells.
std::string shown_state(const Guest& g) { return g.frozen ? "frozen" : to_string(g.state); }

std::string pin_text(const Pin& p) {
  std::string t = (p.prefer ? "pinned to " : "banned from ") + p.host;
  if (!p.expires.empty()) t += (p.expired ? " (expired " : " until ") + p.expires + (p.expired ? ")" : "");
  return t;
}

}  // namespace

std::string render_status_json(const ClusterStatus& s) {
  std::ostringstream o;
  o << "{\n  \"schema\": \"vmha-status/1\",\n  \"vmha_version\": " << json_string(vmha::version) << ",\n";
  o << "  \"healthy\": " << json_bool(s.health() == 0) << ",\n";
  const Cluster& c = s.cluster;
  o << "  \"cluster\": {\"name\": " << json_or_null(c.name) << ", \"quorate\": " << json_bool(c.quorate)
    << ", \"votes\": " << (c.votes ? std::to_string(*c.votes) : "null")
    << ", \"expected_votes\": " << (c.expected ? std::to_string(*c.expected) : "null")
    << ", \"dc\": " << json_or_null(c.dc) << ", \"maintenance_mode\": " << json_bool(c.maintenance_mode)
    << ", \"quorum_disk\": ";
  if (const auto& d = c.quorum_disk) {
    o << "{\"device\": " << json_string(d->device) << ", \"state\": " << json_string(d->state)
      << ", \"master\": " << json_or_null(d->master) << ", \"host\": " << json_or_null(d->host)
      << ", \"score\": " << d->score << ", \"score_max\": " << d->score_max << ", \"min_score\": " << d->min_score
      << ", \"cast_vote\": " << json_bool(d->cast_vote) << ", \"online\": [";
    for (size_t j = 0; j < d->online.size(); ++j) o << (j ? ", " : "") << json_string(d->online[j]);
    o << "], \"hosts\": [";
    for (size_t j = 0; j < d->hosts.size(); ++j) {
      const QuorumDiskHost& h = d->hosts[j];
      o << (j ? ", " : "") << "{\"host\": " << json_string(h.host) << ", \"state\": " << json_string(h.state)
        << ", \"score\": " << h.score << ", \"score_max\": " << h.score_max << ", \"seen\": " << json_string(h.seen)
        << "}";
    }
    o << "]}";
  } else {
    o << "null";
  }
  o << "},\n";
  o << "  \"hosts\": [";
  for (size_t i = 0; i < s.hosts.size(); ++i) {
    const Host& h = s.hosts[i];
    o << (i ? "," : "") << "\n    {\"name\": " << json_string(h.name) << ", \"id\": " << h.id
      << ", \"state\": " << json_string(to_string(h.state)) << ", \"dc\": " << json_bool(h.is_dc)
      << ", \"local\": " << json_bool(h.local) << ", \"guests\": [";
    for (size_t j = 0; j < h.guests.size(); ++j) o << (j ? ", " : "") << json_string(h.guests[j]);
    o << "], \"fenced\": ";
    if (h.fenced_at.empty())
      o << "null";
    else
      o << "{\"when\": " << json_string(h.fenced_at) << ", \"by\": " << json_or_null(h.fenced_by) << "}";
    o << ", \"utilization\": [";
    for (size_t j = 0; j < h.utilization.size(); ++j) {
      const Capacity& u = h.utilization[j];
      o << (j ? ", " : "") << "{\"name\": " << json_string(u.name) << ", \"capacity\": " << u.capacity
        << ", \"used\": " << u.used << ", \"free\": " << u.free() << "}";
    }
    o << "]}";
  }
  o << (s.hosts.empty() ? "" : "\n  ") << "],\n  \"guests\": [";
  for (size_t i = 0; i < s.guests.size(); ++i) {
    const Guest& g = s.guests[i];
    o << (i ? "," : "") << "\n    {\"name\": " << json_string(g.name)
      << ", \"service\": " << json_string("vm:" + g.name) << ", \"agent\": " << json_string(g.agent)
      << ", \"state\": " << json_string(shown_state(g)) << ", \"role\": " << json_string(to_string(g.state))
      << ", \"frozen\": " << json_bool(g.frozen) << ", \"enabled\": " << json_bool(g.enabled)
      << ", \"running\": " << json_bool(g.running()) << ", \"host\": " << json_or_null(g.host()) << ", \"hosts\": [";
    for (size_t j = 0; j < g.hosts.size(); ++j) o << (j ? ", " : "") << json_string(g.hosts[j]);
    o << "], \"fail_count\": " << g.fail_count << ", \"last_failure\": ";
    if (g.last_failure) {
      const Failure& f = *g.last_failure;
      o << "{\"host\": " << json_string(f.host) << ", \"task\": " << json_string(f.task)
        << ", \"exit_code\": " << f.exit_code << ", \"exit_status\": " << json_string(f.exit_status)
        << ", \"exit_reason\": " << json_or_null(f.exit_reason) << ", \"when\": " << json_string(f.when) << "}";
    } else {
      o << "null";
    }
    o << ", \"domain\": ";
    if (g.domain) {
      o << "{\"name\": " << json_or_null(g.domain->name) << ", \"hosts\": [";
      for (size_t j = 0; j < g.domain->hosts.size(); ++j) o << (j ? ", " : "") << json_string(g.domain->hosts[j]);
      o << "], \"restricted\": " << json_bool(g.domain->restricted) << "}";
    } else {
      o << "null";
    }
    o << ", \"preferred_host\": " << json_or_null(g.preferred_host) << ", \"last_transition\": ";
    if (g.last_transition)
      o << "{\"kind\": " << json_string(g.last_transition->kind)
        << ", \"host\": " << json_string(g.last_transition->host)
        << ", \"when\": " << json_string(g.last_transition->when) << "}";
    else
      o << "null";
    o << ", \"migration\": ";
    if (g.progress)
      o << "{\"percent\": " << std::clamp(g.progress->percent, 0, 100)
        << ", \"remaining_mib\": " << std::max(0LL, g.progress->remaining_mib)
        << ", \"rate_mib_s\": " << std::max(0LL, g.progress->rate_mib_s) << "}";
    else
      o << "null";
    o << ", \"pinned\": " << json_bool(g.pinned()) << ", \"pins\": [";
    for (size_t j = 0; j < g.pins.size(); ++j) {
      const Pin& p = g.pins[j];
      o << (j ? ", " : "") << "{\"constraint\": " << json_string(p.constraint)
        << ", \"kind\": " << json_string(p.prefer ? "prefer" : "ban") << ", \"host\": " << json_string(p.host)
        << ", \"expires\": " << json_or_null(p.expires) << ", \"expired\": " << json_bool(p.expired) << "}";
    }
    o << "]}";
  }
  o << (s.guests.empty() ? "" : "\n  ") << "]\n}\n";
  return o.str();
}

std::string render_status_text(const ClusterStatus& s) {
  std::ostringstream o;
  const Cluster& c = s.cluster;
  o << "Cluster " << (c.name.empty() ? "(unnamed)" : c.name) << ": " << (c.quorate ? "quorate" : "INQUORATE");
  if (c.votes && c.expected) o << ", " << *c.votes << "/" << *c.expected << " votes";
  o << ", DC " << (c.dc.empty() ? "none" : c.dc);
  if (c.maintenance_mode) o << ", MAINTENANCE MODE (nothing is started, stopped or monitored)";
  if (const auto& d = c.quorum_disk) {
    o << "\nQuorum disk " << d->device << ": master " << (d->master.empty() ? "none" : d->master) << ", "
      << (d->host.empty() ? "this host" : d->host) << " scores " << d->score << "/" << d->score_max << " (minimum "
      << d->min_score << (d->score < d->min_score ? ", TOO LOW" : "") << "), vote "
      << (d->cast_vote ? "cast" : "not cast");
    // Every host's score as its slot on the disk shows it, against the (cluster-wide) minimum.
    if (!d->hosts.empty()) {
      o << "\n  scores (minimum " << d->min_score << "):";
      for (size_t j = 0; j < d->hosts.size(); ++j) {
        const QuorumDiskHost& h = d->hosts[j];
        const bool gone = h.seen == "offline" || h.seen == "dead";
        o << (j ? "," : "") << " " << h.host << " " << h.score << "/" << h.score_max;
        if (h.state == "master") o << " master";
        if (gone) o << " " << h.seen;
        if (!gone && h.score < d->min_score) o << " TOO LOW";
      }
    }
  }
  o << "\n\nHOST";
  size_t hw = 4;
  for (const auto& h : s.hosts) hw = std::max(hw, h.name.size());
  for (const auto& g : s.guests) hw = std::max(hw, g.host().size());
  o << std::string(hw - 4 + 2, ' ') << "STATE        GUESTS / CAPACITY USED (FREE)\n";
  for (const auto& h : s.hosts) {
    std::string st = to_string(h.state);
    o << h.name << std::string(hw - h.name.size() + 2, ' ') << st
      << std::string(st.size() < 13 ? 13 - st.size() : 1, ' ');
    if (h.guests.empty()) o << "-";
    for (size_t j = 0; j < h.guests.size(); ++j) o << (j ? " " : "") << h.guests[j];
    for (const auto& u : h.utilization)
      o << "  " << u.name << " " << u.used << "/" << u.capacity << " (" << u.free() << ")";
    if (!h.fenced_at.empty()) o << "  fenced " << h.fenced_at << (h.fenced_by.empty() ? "" : " by " + h.fenced_by);
    o << "\n";
  }
  size_t gw = 5;
  for (const auto& g : s.guests) gw = std::max(gw, g.name.size());
  o << "\nGUEST" << std::string(gw - 5 + 2, ' ') << "STATE      HOST" << std::string(hw - 4 + 2, ' ') << "FAILS  WHY\n";
  for (const auto& g : s.guests) {
    std::string st = shown_state(g);
    std::string host = g.host().empty() ? "-" : g.host();
    if (g.hosts.size() > 1) host = g.hosts[0] + ">" + g.hosts[1];
    o << g.name << std::string(gw - g.name.size() + 2, ' ') << st
      << std::string(st.size() < 11 ? 11 - st.size() : 1, ' ') << host
      << std::string(host.size() < hw + 2 ? hw + 2 - host.size() : 1, ' ') << g.fail_count
      << std::string(7 - std::min<size_t>(6, std::to_string(g.fail_count).size()), ' ');
    std::string why;
    auto add = [&](const std::string& w) { why += (why.empty() ? "" : "; ") + w; };
    if (g.frozen) add(std::string("not managed (") + to_string(g.state) + ")");
    if (g.progress)
      add("migrating " + std::to_string(g.progress->percent) + "%, " + std::to_string(g.progress->remaining_mib) +
          " MiB left at " + std::to_string(g.progress->rate_mib_s) + " MiB/s");
    if (g.domain) {
      std::string d = "domain " + (g.domain->name.empty() ? std::string("(own)") : g.domain->name);
      if (!g.preferred_host.empty()) d += " prefers " + g.preferred_host;
      if (g.domain->restricted) d += ", restricted";
      add(d);
    }
    if (g.last_transition)
      add(g.last_transition->kind + " to " + g.last_transition->host + " " + g.last_transition->when);
    for (const auto& p : g.pins) add(pin_text(p));
    if (g.last_failure) {
      const Failure& f = *g.last_failure;
      add("last failure: " + f.task + " on " + f.host + ": " + f.exit_status +
          (f.exit_reason.empty() ? "" : " (" + f.exit_reason + ")"));
    }
    o << (why.empty() ? "-" : why) << "\n";
  }
  return o.str();
}

}  // namespace vmha::admin
