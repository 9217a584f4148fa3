#include "plan.hpp"

#include <openssl/evp.h>
#include <tinyxml2.h>

#include <algorithm>
#include <cstring>
#include <set>

#include "cib_writer.hpp"
#include "utilization.hpp"
#include "xml_util.hpp"

namespace vmha::config {

namespace {

using tinyxml2::XMLElement;

XMLElement* child(XMLElement* parent, const char* name) {
  XMLElement* e = parent->FirstChildElement(name);
  return e ? e : add_child(parent, name);
}

std::string xml_escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '"')
      out += "&quot;";
    else
      out += c;
  }
  return out;
}

// The op-digest the controller records with a start: the MD5 of " <parameters NAME="VALUE" .../>\n",
// the resource's instance attributes sorted by name (a start's CRM_meta_* are filtered out). Without
// it the scheduler takes every guest's definition as changed and restarts it in every scenario.
std::string start_digest(const XMLElement* primitive) {
  std::map<std::string, std::string> parameters;
  for (const auto* set = primitive->FirstChildElement("instance_attributes"); set;
       set = set->NextSiblingElement("instance_attributes"))
    for (const auto* p = set->FirstChildElement("nvpair"); p; p = p->NextSiblingElement("nvpair"))
      parameters[p->Attribute("name") ? p->Attribute("name") : ""] = p->Attribute("value") ? p->Attribute("value") : "";
  std::string text = " <parameters";
  for (const auto& [name, value] : parameters) text += " " + name + "=\"" + xml_escaped(value) + "\"";
  text += "/>\n";
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), md, &length, EVP_md5(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) out += std::string{hex[md[i] >> 4], hex[md[i] & 15]};
  return out;
}

// One start in the resource's history, as the controller records a successful one.
void add_running(XMLElement* resources, const XMLElement* primitive, const std::string& id) {
  auto* resource = add_child(resources, "lrm_resource");
  resource->SetAttribute("id", id.c_str());
  for (const char* name : {"class", "provider", "type"})
    if (const char* value = primitive->Attribute(name)) resource->SetAttribute(name, value);
  auto* op = add_child(resource, "lrm_rsc_op");
  op->SetAttribute("id", (id + "_last_0").c_str());
  op->SetAttribute("operation_key", (id + "_start_0").c_str());
  op->SetAttribute("operation", "start");
  op->SetAttribute("crm-debug-origin", "vmha-plan");
  op->SetAttribute("crm_feature_set", kCrmFeatureSet);
  op->SetAttribute("transition-key", "1:0:0:00000000-0000-0000-0000-000000000000");
  op->SetAttribute("transition-magic", "0:0;1:0:0:00000000-0000-0000-0000-000000000000");
  op->SetAttribute("call-id", "1");
  op->SetAttribute("rc-code", "0");
  op->SetAttribute("op-status", "0");
  op->SetAttribute("interval", "0");
  op->SetAttribute("last-rc-change", "1");
  op->SetAttribute("exec-time", "0");
  op->SetAttribute("queue-time", "0");
  op->SetAttribute("op-digest", start_digest(primitive).c_str());
}

long number(const std::string& text) {
  try {
    return std::stol(text);
  } catch (...) {
    return 0;
  }
}

void add_to(Options& sum, const Options& more) {
  for (const auto& pair : more) {
    auto it = std::find_if(sum.begin(), sum.end(), [&](const auto& p) { return p.first == pair.first; });
    if (it == sum.end())
      sum.push_back(pair);
    else
      it->second = std::to_string(number(it->second) + number(pair.second));
  }
}

bool restricted_to(const Topology& t, const Guest& guest, const Domain*& domain) {
  domain = t.find_domain(guest.settings.get_or("domain", ""));
  return domain && domain->flag("restricted");
}

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += std::string("\\") + c;
    else if (static_cast<unsigned char>(c) < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
      out += buffer;
    } else
      out += c;
  }
  return out + "\"";
}

std::string json_options(const Options& options) {
  std::string out = "{";
  for (const auto& [name, value] : options) out += (out.size() > 1 ? "," : "") + json_string(name) + ":" + value;
  return out + "}";
}

std::string title(const Scenario& s) {
  if (s.failed.empty()) return "every host up";
  std::string out;
  for (const auto& host : s.failed) out += (out.empty() ? "" : " + ") + host;
  return out + (s.failed.size() == 1 ? " fails" : " fail");
}

}  // namespace

std::vector<std::string> Scenario::broken() const {
  std::vector<std::string> out;
  for (const auto& g : guests)
    if (g.broken()) out.push_back(g.guest);
  return out;
}

bool Plan::survives() const {
  for (const auto& s : scenarios)
    if (!s.error.empty() || !s.broken().empty()) return false;
  return true;
}

std::string planner_cib(const Topology& t, const std::string& cib_text,
                        const std::map<std::string, std::string>& placement) {
  tinyxml2::XMLDocument document;
  document.Parse(cib_text.c_str(), cib_text.size());
  XMLElement* cib = document.RootElement();
  cib->SetAttribute("have-quorum", "1");
  if (auto members = t.members(); !members.empty())
    cib->SetAttribute("dc-uuid", std::to_string(members.front()->id()).c_str());
  XMLElement* configuration = cib->FirstChildElement("configuration");
  XMLElement* properties = child(configuration, "crm_config")->FirstChildElement("cluster_property_set");
  auto* probes = add_child(properties, "nvpair");
  probes->SetAttribute("id", "vmha-plan-enable-startup-probes");
  probes->SetAttribute("name", "enable-startup-probes");
  probes->SetAttribute("value", "false");
  std::map<std::string, const XMLElement*> primitives;
  for (const auto* p = configuration->FirstChildElement("resources")->FirstChildElement("primitive"); p;
       p = p->NextSiblingElement("primitive"))
    primitives[p->Attribute("id")] = p;
  XMLElement* status = child(cib, "status");
  for (const auto& node : t.nodes) {
    auto* state = add_child(status, "node_state");
    // A remote node's state is keyed by its name, as the CIB's node entry; it is up while its
    // connection resource runs (the controller writes in_ccm for it, no crmd or join).
    auto id = node.remote() ? node.name() : std::to_string(node.id());
    state->SetAttribute("id", id.c_str());
    state->SetAttribute("uname", node.name().c_str());
    if (node.remote()) state->SetAttribute("remote_node", "true");
    state->SetAttribute("in_ccm", "true");
    if (!node.remote()) {
      state->SetAttribute("crmd", "online");
      state->SetAttribute("join", "member");
      state->SetAttribute("expected", "member");
    }
    state->SetAttribute("crm-debug-origin", "vmha-plan");
    auto* lrm = add_child(state, "lrm");
    lrm->SetAttribute("id", id.c_str());
    auto* resources = add_child(lrm, "lrm_resources");
    for (const auto& [rsc, host] : placement)
      if (host == node.name() && primitives.count(rsc)) add_running(resources, primitives[rsc], rsc);
  }
  return to_text(document);
}

std::map<std::string, std::string> apply_actions(std::map<std::string, std::string> where,
                                                 const Simulation& simulation) {
  for (const auto& a : simulation.actions) {
    if (a.action == "start")
      where[a.resource] = a.node;
    else if (a.action == "stop")
      where.erase(a.resource);
    else if (a.action == "move" || a.action == "migrate" || a.action == "recover") {
      if (!a.dest.empty())
        where[a.resource] = a.dest;
      else if (!a.node.empty())
        where[a.resource] = a.node;
    }
    // restart, reload, monitor...: it stays where it is
  }
  return where;
}

bool keeps_quorum(const Topology& t, const std::vector<std::string>& failed) {
  QuorumPlan plan = plan_quorum(t);
  long alive = 0, total = 0;
  for (const auto* node : t.members()) {  // remote hosts never vote
    long votes = node->settings.get_int("votes").value_or(1);
    total += votes;
    if (std::find(failed.begin(), failed.end(), node->name()) == failed.end()) alive += votes;
  }
  if (alive == 0) return false;
  // votequorum's two_node: the survivor of a two-node cluster keeps quorum.
  if (plan.two_node) return true;
  long disk = quorum_disk_votes(t);
  long expected = plan.expected_votes.value_or(total + disk);
  return 2 * (alive + disk) > expected;
}

SimulateRequest failure_request(const Topology& t, const std::string& cib_file, const std::vector<std::string>& failed,
                                const std::map<std::string, std::string>& steady) {
  SimulateRequest request{cib_file, {}, keeps_quorum(t, failed)};
  for (const auto& name : failed) {
    const Node* node = t.find_node(name);
    if (!node || !node->remote()) {
      request.failed_nodes.push_back(name);
      continue;
    }
    // A connection that runs nowhere: the host is no node already, nothing more to fail.
    auto connection = steady.find(name);
    if (connection == steady.end()) continue;
    request.injected_ops.push_back(name + "_monitor_" + std::to_string(kRemoteMonitorSeconds * 1000) + "@" +
                                   connection->second + "=1");
  }
  return request;
}

std::vector<std::vector<std::string>> failure_sets(const Topology& t, int failures) {
  std::vector<std::vector<std::string>> out = {{}};
  std::size_t n = t.nodes.size();
  for (int k = 1; k <= failures && static_cast<std::size_t>(k) <= n; ++k) {
    std::vector<std::size_t> pick(static_cast<std::size_t>(k));
    for (std::size_t i = 0; i < pick.size(); ++i) pick[i] = i;
    while (true) {
      std::vector<std::string> set;
      for (auto i : pick) set.push_back(t.nodes[i].name());
      out.push_back(set);
      // next combination in lexicographic order
      std::size_t i = pick.size();
      while (i > 0 && pick[i - 1] == n - pick.size() + i - 1) --i;
      if (i == 0) break;
      ++pick[i - 1];
      for (std::size_t j = i; j < pick.size(); ++j) pick[j] = pick[j - 1] + 1;
    }
  }
  return out;
}

Scenario outcome(const Topology& t, const std::vector<std::string>& failed, bool quorum,
                 const std::map<std::string, std::string>& steady, const std::map<std::string, std::string>& after) {
  Scenario s;
  s.failed = failed;
  s.quorum = quorum;
  UtilizationPlan utilization(t);
  auto is_failed = [&](const std::string& host) {
    return std::find(failed.begin(), failed.end(), host) != failed.end();
  };
  auto host_of = [](const std::map<std::string, std::string>& m, const std::string& guest) {
    auto it = m.find(guest);
    return it == m.end() ? std::string() : it->second;
  };
  for (const auto& guest : t.guests) {
    GuestOutcome g;
    g.guest = guest.name();
    g.host = host_of(after, guest.name());
    if (is_failed(g.host)) g.host.clear();  // the scheduler left it on a dead host: it does not run
    g.is_protected = guest.settings.get_bool("protected").value_or(true);
    if (g.host.empty()) {
      const Domain* domain = nullptr;
      long priority = guest.settings.get_int("priority").value_or(0);
      if (!guest.settings.get_bool("autostart").value_or(true)) {
        g.reason = GuestOutcome::kAutostartOff;
      } else if (!quorum) {
        g.reason = "the surviving hosts have no quorum";
      } else if (restricted_to(t, guest, domain) && std::all_of(domain->members.begin(), domain->members.end(),
                                                                [&](const auto& m) { return is_failed(m.node()); })) {
        g.reason = "restricted domain '" + domain->name() + "' has no live host";
      } else {
        // A higher tier that the failure placed on a host this guest could use took its room.
        std::string outranked_by;
        for (const auto& other : t.guests) {
          if (other.settings.get_int("priority").value_or(0) <= priority) continue;
          std::string now = host_of(after, other.name());
          if (now.empty() || is_failed(now) || (!failed.empty() && now == host_of(steady, other.name()))) continue;
          bool usable = !domain || !domain->flag("restricted") ||
                        std::any_of(domain->members.begin(), domain->members.end(),
                                    [&](const auto& m) { return m.node() == now; });
          if (usable) {
            outranked_by = other.name();
            break;
          }
        }
        if (!outranked_by.empty())
          g.reason = "outranked by priority (" + outranked_by + " took its place)";
        else if (utilization.on())
          g.reason = "no capacity left";
        else
          g.reason = "not placed by the scheduler";
      }
    }
    s.guests.push_back(std::move(g));
  }
  for (const auto& node : t.nodes) {
    HostLoad load;
    load.host = node.name();
    load.up = !is_failed(node.name());
    load.remote = node.remote();
    load.capacity = utilization.node_capacity(node);
    for (const auto& [name, value] : load.capacity) load.used.emplace_back(name, "0");
    for (std::size_t i = 0; i < t.guests.size(); ++i)
      if (s.guests[i].host == node.name()) {
        ++load.guests;
        add_to(load.used, utilization.guest_utilization(t.guests[i]));
      }
    s.hosts.push_back(std::move(load));
  }
  return s;
}

std::string format_plan_text(const Plan& plan) {
  std::string out;
  std::size_t failure_scenarios = plan.scenarios.empty() ? 0 : plan.scenarios.size() - 1;
  out += "Plan for cluster " + plan.cluster + ": every host up and every set of up to " +
         std::to_string(plan.failures) + " failed host" + (plan.failures == 1 ? "" : "s") + " (" +
         std::to_string(failure_scenarios) + " failure scenarios), placed by Pacemaker's scheduler\n";
  std::vector<const Scenario*> breaking;
  for (const auto& s : plan.scenarios) {
    out += "\n" + title(s) + (s.quorum ? "" : " (no quorum)") + ":\n";
    if (!s.error.empty()) {
      out += "  error: " + s.error + "\n";
      breaking.push_back(&s);
      continue;
    }
    for (const auto& h : s.hosts) {
      const std::string name = h.host + (h.remote ? " (remote)" : "");
      if (!h.up) {
        out += "  " + name + ": down\n";
        continue;
      }
      out += "  " + name + ": " + std::to_string(h.guests) + " guest" + (h.guests == 1 ? "" : "s");
      for (std::size_t i = 0; i < h.capacity.size(); ++i)
        out += (i == 0 ? ", " : " ") + h.capacity[i].first + " " + h.used[i].second + "/" + h.capacity[i].second;
      out += "\n";
    }
    if (!s.failed.empty() && !plan.scenarios.empty()) {
      const Scenario& up = plan.scenarios.front();
      for (std::size_t i = 0; i < s.guests.size() && i < up.guests.size(); ++i)
        if (!s.guests[i].host.empty() && s.guests[i].host != up.guests[i].host)
          out += "  moves: " + s.guests[i].guest + " " + (up.guests[i].host.empty() ? "(stopped)" : up.guests[i].host) +
                 " -> " + s.guests[i].host + "\n";
    }
    for (const auto& g : s.guests)
      if (g.host.empty())
        out += "  stopped: " + g.guest +
               (g.broken()       ? ""
                : g.is_protected ? ""
                                 : " (not protected)") +
               ": " + g.reason + "\n";
    if (!s.broken().empty()) breaking.push_back(&s);
  }
  out += "\n";
  if (breaking.empty()) {
    out += "Every protected guest runs in every scenario.\n";
    return out;
  }
  out += "Failures that leave protected guests stopped:\n";
  for (const auto* s : breaking) {
    out += "  " + title(*s) + ": ";
    if (!s->error.empty()) out += "scheduler error";
    std::string list;
    for (const auto& g : s->guests)
      if (g.broken()) list += (list.empty() ? "" : ", ") + g.guest + " (" + g.reason + ")";
    out += list + "\n";
  }
  return out;
}

std::string format_plan_json(const Plan& plan) {
  std::string out = "{\"cluster\":" + json_string(plan.cluster) + ",\"failures\":" + std::to_string(plan.failures) +
                    ",\"survives\":" + (plan.survives() ? "true" : "false") + ",\"scenarios\":[";
  bool first_scenario = true;
  for (const auto& s : plan.scenarios) {
    out += first_scenario ? "\n" : ",\n";
    first_scenario = false;
    out += "{\"failed\":[";
    for (std::size_t i = 0; i < s.failed.size(); ++i) out += (i ? "," : "") + json_string(s.failed[i]);
    out += "],\"quorum\":" + std::string(s.quorum ? "true" : "false");
    if (!s.error.empty()) out += ",\"error\":" + json_string(s.error);
    out += ",\"broken\":[";
    auto broken = s.broken();
    for (std::size_t i = 0; i < broken.size(); ++i) out += (i ? "," : "") + json_string(broken[i]);
    out += "],\"guests\":[";
    for (std::size_t i = 0; i < s.guests.size(); ++i) {
      const auto& g = s.guests[i];
      out += std::string(i ? "," : "") + "{\"name\":" + json_string(g.guest) +
             ",\"host\":" + (g.host.empty() ? "null" : json_string(g.host));
      if (g.host.empty()) out += ",\"reason\":" + json_string(g.reason);
      out += ",\"protected\":" + std::string(g.is_protected ? "true" : "false") + "}";
    }
    out += "],\"hosts\":[";
    for (std::size_t i = 0; i < s.hosts.size(); ++i) {
      const auto& h = s.hosts[i];
      out += std::string(i ? "," : "") + "{\"name\":" + json_string(h.host) + (h.remote ? ",\"remote\":true" : "") +
             ",\"up\":" + (h.up ? "true" : "false") + ",\"guests\":" + std::to_string(h.guests) +
             ",\"used\":" + json_options(h.used) + ",\"capacity\":" + json_options(h.capacity) + "}";
    }
    out += "]}";
  }
  return out + "\n]}\n";
}

}  // namespace vmha::config
