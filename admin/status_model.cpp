#include "status_model.hpp"

#include <tinyxml2.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <sstream>

namespace vmha::admin {
namespace {

using tinyxml2::XMLDocument;
using tinyxml2::XMLElement;

constexpr const char* kProgressPrefix = "vmha-migration-";

std::string attr(const XMLElement* e, const char* name) {
  const char* v = e ? e->Attribute(name) : nullptr;
  return v ? v : "";
}
bool attr_true(const XMLElement* e, const char* name) {
  std::string v = attr(e, name);
  return v == "true" || v == "1" || v == "yes" || v == "on";
}

// other_root: a second root element the document may have instead of root.
void parse(XMLDocument& doc, const std::string& text, const char* source, const char* root,
           const char* other_root = nullptr) {
  if (text.empty()) throw StatusError(std::string(source) + ": no output");
  if (doc.Parse(text.data(), text.size()) != tinyxml2::XML_SUCCESS) {
    throw StatusError(std::string(source) + ":" + std::to_string(doc.ErrorLineNum()) + ": not XML: " + doc.ErrorStr());
  }
  const char* got = doc.RootElement() ? doc.RootElement()->Name() : "";
  if (std::strcmp(got, root) != 0 && (other_root == nullptr || std::strcmp(got, other_root) != 0)) {
    throw StatusError(std::string(source) + ": expected <" + root + ">" +
                      (other_root ? std::string(" or <") + other_root + ">" : std::string()) + ", got <" + got + ">");
  }
}

template <class F>
void each(const XMLElement* parent, const char* name, F f) {
  if (!parent) return;
  for (const XMLElement* e = parent->FirstChildElement(name); e; e = e->NextSiblingElement(name)) f(e);
}

// Pacemaker writes scores and counts as integers or INFINITY.
long long score(const std::string& v) {
  if (v == "INFINITY" || v == "+INFINITY") return 1000000;
  if (v == "-INFINITY") return -1000000;
  return std::strtoll(v.c_str(), nullptr, 10);
}

bool is_guest_agent(const std::string& agent) {
  // ocf:vmha:VirtualDomain, ocf:heartbeat:VirtualDomain, or any provider's VirtualDomain.
  return agent.rfind("ocf:", 0) == 0 && agent.size() > 18 &&
         agent.compare(agent.size() - 14, 14, ":VirtualDomain") == 0;
}

// Every primitive in the CIB (inside groups and clones too) by id; templates by id.
struct CibIndex {
  std::map<std::string, const XMLElement*> primitives;
  std::map<std::string, const XMLElement*> templates;
  const XMLElement* configuration = nullptr;
};

void index_resources(const XMLElement* parent, CibIndex& ix) {
  for (const XMLElement* e = parent ? parent->FirstChildElement() : nullptr; e; e = e->NextSiblingElement()) {
    std::string n = e->Name();
    if (n == "primitive")
      ix.primitives[attr(e, "id")] = e;
    else if (n == "template")
      ix.templates[attr(e, "id")] = e;
    else if (n == "group" || n == "clone" || n == "master" || n == "bundle")
      index_resources(e, ix);
  }
}

// A primitive's section (utilization, operations, meta_attributes): its own, else its template's.
const XMLElement* section(const CibIndex& ix, const std::string& rsc, const char* name) {
  auto p = ix.primitives.find(rsc);
  if (p == ix.primitives.end()) return nullptr;
  if (const XMLElement* own = p->second->FirstChildElement(name)) return own;
  auto t = ix.templates.find(attr(p->second, "template"));
  return t == ix.templates.end() ? nullptr : t->second->FirstChildElement(name);
}

std::map<std::string, long long> nvpairs(const XMLElement* set) {
  std::map<std::string, long long> out;
  each(set, "nvpair", [&](const XMLElement* nv) { out[attr(nv, "name")] = score(attr(nv, "value")); });
  return out;
}

bool meta_true(const CibIndex& ix, const std::string& rsc, const char* name) {
  auto p = ix.primitives.find(rsc);
  if (p == ix.primitives.end()) return false;
  bool found = false;
  auto look = [&](const XMLElement* holder) {
    each(holder, "meta_attributes", [&](const XMLElement* set) {
      each(set, "nvpair", [&](const XMLElement* nv) {
        if (attr(nv, "name") == name) found = attr_true(nv, "value");
      });
    });
  };
  auto t = ix.templates.find(attr(p->second, "template"));
  if (t != ix.templates.end()) look(t->second);
  look(p->second);  // the primitive's own value wins over its template's
  return found;
}

// Every recurring monitor switched off (enabled=false): Pacemaker no longer watches the guest.
bool monitors_disabled(const CibIndex& ix, const std::string& rsc) {
  int recurring = 0, disabled = 0;
  each(section(ix, rsc, "operations"), "op", [&](const XMLElement* op) {
    std::string interval = attr(op, "interval");
    if (attr(op, "name") != "monitor" || interval.empty() || std::strtol(interval.c_str(), nullptr, 10) == 0) return;
    ++recurring;
    if (op->Attribute("enabled") && !attr_true(op, "enabled")) ++disabled;
  });
  return recurring > 0 && disabled == recurring;
}

// crm_mon's <resource> elements, wherever they sit (groups, clones, bundles).
void each_resource(const XMLElement* parent, const std::function<void(const XMLElement*)>& f) {
  for (const XMLElement* e = parent ? parent->FirstChildElement() : nullptr; e; e = e->NextSiblingElement()) {
    if (std::strcmp(e->Name(), "resource") == 0)
      f(e);
    else
      each_resource(e, f);
  }
}

GuestState state_of(const XMLElement* r, bool has_failure) {
  std::string role = attr(r, "role");
  // Pending operations (record-pending, on by default) show as these roles.
  if (role == "Migrating") return GuestState::migrating;
  if (role == "Starting") return GuestState::starting;
  if (role == "Stopping") return GuestState::stopping;
  if (attr_true(r, "failed")) return GuestState::failed;
  if (attr_true(r, "active")) return GuestState::started;
  if (attr(r, "target_role") == "Stopped") return GuestState::disabled;
  if (has_failure) return GuestState::failed;
  return GuestState::stopped;
}

std::vector<Pin> pins_of(const XMLElement* constraints, const std::string& rsc, std::time_t now) {
  std::vector<Pin> pins;
  each(constraints, "rsc_location", [&](const XMLElement* c) {
    std::string id = attr(c, "id");
    if (attr(c, "rsc") != rsc) return;
    Pin pin;
    if (id.rfind("cli-prefer-", 0) == 0)
      pin.prefer = true;
    else if (id.rfind("cli-ban-", 0) == 0)
      pin.prefer = false;
    else
      return;
    pin.constraint = id;
    pin.host = attr(c, "node");
    each(c, "rule", [&](const XMLElement* rule) {
      each(rule, "expression", [&](const XMLElement* ex) {
        if (attr(ex, "attribute") == "#uname" && attr(ex, "operation") == "eq") pin.host = attr(ex, "value");
      });
      each(rule, "date_expression", [&](const XMLElement* d) {
        if (attr(d, "operation") == "lt") pin.expires = attr(d, "end");
      });
    });
    if (!pin.expires.empty()) {
      // An end we cannot read is shown as written and taken as still in force.
      if (auto end = parse_pacemaker_time(pin.expires)) pin.expired = now >= *end;
    }
    pins.push_back(pin);
  });
  return pins;
}

// qdiskd's status: "Key:   value" lines.
std::optional<std::string> quorum_field(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) != 0) continue;
    std::string v = line.substr(key.size() + 1);
    v.erase(0, v.find_first_not_of(" \t"));
    v.erase(v.find_last_not_of(" \t\r") + 1);
    return v;
  }
  return std::nullopt;
}

// Tags by id: the resources each holds (vmha-config puts a failover domain's guests in "domain-NAME").
std::map<std::string, std::vector<std::string>> tags_of(const XMLElement* configuration) {
  std::map<std::string, std::vector<std::string>> tags;
  each(configuration->FirstChildElement("tags"), "tag", [&](const XMLElement* t) {
    each(t, "obj_ref", [&](const XMLElement* r) { tags[attr(t, "id")].push_back(attr(r, "id")); });
  });
  return tags;
}

// The location constraints that score hosts for `rsc`, directly or through a tag: the failover domain.
std::optional<Domain> domain_of(const XMLElement* constraints,
                                const std::map<std::string, std::vector<std::string>>& tags, const std::string& rsc) {
  Domain d;
  std::vector<std::pair<long long, std::string>> members;
  std::vector<std::string> allowed;
  bool found = false;
  each(constraints, "rsc_location", [&](const XMLElement* c) {
    std::string id = attr(c, "id"), target = attr(c, "rsc");
    if (id.rfind("cli-", 0) == 0) return;  // an operator's pin, not the domain
    bool via_tag = false;
    if (target != rsc) {
      auto t = tags.find(target);
      if (t == tags.end() || std::find(t->second.begin(), t->second.end(), rsc) == t->second.end()) return;
      via_tag = true;
    }
    if (c->Attribute("node") && c->Attribute("score")) {
      long long sc = score(attr(c, "score"));
      if (sc <= 0) return;
      members.emplace_back(sc, attr(c, "node"));
    } else {
      // A restricted domain: one -INFINITY rule matching every host that is not a member.
      bool restricting = false;
      each(c, "rule", [&](const XMLElement* rule) {
        if (score(attr(rule, "score")) != -1000000) return;
        std::vector<std::string> ne;
        bool all_ne = true;
        each(rule, "expression", [&](const XMLElement* ex) {
          if (attr(ex, "attribute") == "#uname" && attr(ex, "operation") == "ne")
            ne.push_back(attr(ex, "value"));
          else
            all_ne = false;
        });
        if (all_ne && !ne.empty() && (ne.size() == 1 || attr(rule, "boolean-op") == "and")) {
          restricting = true;
          allowed = ne;
        }
      });
      if (!restricting) return;
      d.restricted = true;
    }
    found = true;
    if (via_tag && d.name.empty()) d.name = target.rfind("domain-", 0) == 0 ? target.substr(7) : target;
  });
  if (!found) return std::nullopt;
  std::stable_sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& m : members) d.hosts.push_back(m.second);
  for (const auto& a : allowed)
    if (std::find(d.hosts.begin(), d.hosts.end(), a) == d.hosts.end()) d.hosts.push_back(a);
  return d;
}

// The primitive's own meta attributes that freeze it: what vmha freeze sets and unfreeze removes.
std::vector<std::string> freeze_meta_of(const CibIndex& ix, const std::string& rsc) {
  std::vector<std::string> out;
  auto p = ix.primitives.find(rsc);
  if (p == ix.primitives.end()) return out;
  each(p->second, "meta_attributes", [&](const XMLElement* set) {
    each(set, "nvpair", [&](const XMLElement* nv) {
      std::string n = attr(nv, "name");
      if (n == "maintenance" && attr_true(nv, "value")) out.push_back(n);
      if (n == "is-managed" && !attr_true(nv, "value")) out.push_back(n);
    });
  });
  return out;
}

// crm_mon prints last-rc-change in ctime's form and local time ("Tue Dec  1 20:29:23 2026").
std::time_t ctime_seconds(const std::string& text) {
  std::tm tm{};
  if (!strptime(text.c_str(), "%a %b %d %H:%M:%S %Y", &tm)) return 0;
  tm.tm_isdst = -1;
  return mktime(&tm);
}

}  // namespace

const char* to_string(HostState s) {
  switch (s) {
    case HostState::online:
      return "online";
    case HostState::standby:
      return "standby";
    case HostState::maintenance:
      return "maintenance";
    case HostState::offline:
      return "offline";
    case HostState::unclean:
      return "unclean";
  }
  return "offline";
}

const char* to_string(GuestState s) {
  switch (s) {
    case GuestState::started:
      return "started";
    case GuestState::stopped:
      return "stopped";
    case GuestState::disabled:
      return "disabled";
    case GuestState::failed:
      return "failed";
    case GuestState::migrating:
      return "migrating";
    case GuestState::starting:
      return "starting";
    case GuestState::stopping:
      return "stopping";
  }
  return "stopped";
}

bool Guest::pinned() const {
  return std::any_of(pins.begin(), pins.end(), [](const Pin& p) { return !p.expired; });
}

bool Domain::allows(const std::string& host) const {
  return !restricted || std::find(hosts.begin(), hosts.end(), host) != hosts.end();
}

bool Guest::running() const {
  return !hosts.empty() && (state == GuestState::started || state == GuestState::migrating);
}

const Host* ClusterStatus::find_host(const std::string& name) const {
  for (const auto& h : hosts)
    if (h.name == name) return &h;
  return nullptr;
}
const Guest* ClusterStatus::find_guest(const std::string& name) const {
  for (const auto& g : guests)
    if (g.name == name) return &g;
  return nullptr;
}

int ClusterStatus::health() const {
  if (!cluster.quorate) return 1;
  for (const auto& g : guests) {
    if (!g.enabled) continue;
    if (!g.running()) return 1;
    // A guest on a host that is gone or unclean is not known to run.
    const Host* h = find_host(g.host());
    if (!h || h->state == HostState::offline || h->state == HostState::unclean) return 1;
  }
  return 0;
}

std::optional<std::time_t> parse_pacemaker_time(const std::string& text) {
  int y, mo, d, h, mi, s;
  char sep;
  int used = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi, &s, &used) != 7)
    return std::nullopt;
  if (sep != ' ' && sep != 'T') return std::nullopt;
  std::string zone = text.substr(static_cast<size_t>(used));
  zone.erase(0, zone.find_first_not_of(' '));
  long offset = 0;
  if (zone.empty() || zone == "Z") {
    offset = 0;
  } else if ((zone[0] == '+' || zone[0] == '-') && zone.size() >= 3) {
    int oh = 0, om = 0;
    if (std::sscanf(zone.c_str() + 1, "%2d:%2d", &oh, &om) < 1 && std::sscanf(zone.c_str() + 1, "%2d%2d", &oh, &om) < 1)
      return std::nullopt;
    offset = (zone[0] == '-' ? -1 : 1) * (oh * 3600L + om * 60L);
  } else {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return timegm(&tm) - offset;
}

namespace {

// What the status document itself says is wrong (an <error>, a failing code, no cluster yet); ""
// when it is a status.
std::string problem_in(const XMLDocument& mon, const std::string& source) {
  const XMLElement* result = mon.RootElement();
  const XMLElement* st = result->FirstChildElement("status");
  const XMLElement* error = st ? st->FirstChildElement("errors") : nullptr;
  error = error ? error->FirstChildElement("error") : nullptr;
  if (error && error->GetText()) return source + ": " + error->GetText();
  if (st && attr(st, "code") != "0") return source + ": " + attr(st, "message") + " (code " + attr(st, "code") + ")";
  if (!result->FirstChildElement("summary") || !result->FirstChildElement("nodes")) {
    // pacemakerd answered but is not running the cluster (starting its daemons, shutting down):
    // its state is all the document holds.
    if (const XMLElement* launcher = result->FirstChildElement("pacemakerd"); launcher && attr(launcher, "state") != "")
      return source + ": pacemakerd is " + attr(launcher, "state") + ": no cluster status yet";
    return source + ": no <summary> or <nodes>";
  }
  return "";
}

}  // namespace

std::string status_problem(const std::string& crm_mon_xml, const std::string& source) {
  XMLDocument mon;
  try {
    parse(mon, crm_mon_xml, source.c_str(), "pacemaker-result");
  } catch (const StatusError& e) {
    return e.what();
  }
  return problem_in(mon, source);
}

std::string crm_mon_problem(const std::string& crm_mon_xml) { return status_problem(crm_mon_xml, "crm_mon"); }

ClusterStatus read_status(const StatusInputs& in, std::time_t now) {
  // Each document is parsed once: the status's problems are read from the parsed document.
  XMLDocument mon, cib;
  parse(mon, in.crm_mon_xml, "crm_mon", "pacemaker-result");
  if (std::string problem = problem_in(mon, "crm_mon"); !problem.empty()) throw StatusError(problem);
  // The whole CIB, or its configuration section alone (all that is read from it here).
  parse(cib, in.cib_xml, "cibadmin", "cib", "configuration");
  const XMLElement* result = mon.RootElement();
  const XMLElement* summary = result->FirstChildElement("summary");

  CibIndex ix;
  const XMLElement* top = cib.RootElement();
  ix.configuration = std::strcmp(top->Name(), "configuration") == 0 ? top : top->FirstChildElement("configuration");
  if (!ix.configuration) throw StatusError("cibadmin: no <configuration>");
  index_resources(ix.configuration->FirstChildElement("resources"), ix);

  ClusterStatus out;
  each(ix.configuration->FirstChildElement("crm_config"), "cluster_property_set", [&](const XMLElement* set) {
    each(set, "nvpair", [&](const XMLElement* nv) {
      if (attr(nv, "name") == "cluster-name") out.cluster.name = attr(nv, "value");
    });
  });
  const XMLElement* dc = summary->FirstChildElement("current_dc");
  if (attr_true(dc, "present")) out.cluster.dc = attr(dc, "name");
  out.cluster.quorate = attr_true(dc, "with_quorum");
  if (in.quorum) {
    // corosync knows quorum even while Pacemaker elects a DC.
    out.cluster.quorate = in.quorum->quorate;
    out.cluster.votes = in.quorum->total_votes;
    out.cluster.expected = in.quorum->expected_votes;
  }
  out.cluster.maintenance_mode = attr_true(summary->FirstChildElement("cluster_options"), "maintenance-mode");

  // Hosts, with the capacity each declares.
  std::map<std::string, std::map<std::string, long long>> capacity;
  each(ix.configuration->FirstChildElement("nodes"), "node", [&](const XMLElement* n) {
    each(n, "utilization", [&](const XMLElement* u) {
      for (auto& [k, v] : nvpairs(u)) capacity[attr(n, "uname")][k] = v;
    });
  });
  each(result->FirstChildElement("nodes"), "node", [&](const XMLElement* n) {
    Host h;
    h.name = attr(n, "name");
    h.id = std::strtol(attr(n, "id").c_str(), nullptr, 10);
    h.is_dc = attr_true(n, "is_dc");
    h.local = !in.local_host.empty() && h.name == in.local_host;
    if (attr_true(n, "unclean"))
      h.state = HostState::unclean;
    else if (!attr_true(n, "online"))
      h.state = HostState::offline;
    else if (attr_true(n, "maintenance"))
      h.state = HostState::maintenance;
    else if (attr_true(n, "standby") || attr_true(n, "standby_onfail"))
      h.state = HostState::standby;
    else
      h.state = HostState::online;
    for (auto& [k, v] : capacity[h.name]) h.utilization.push_back({k, v, 0});
    out.hosts.push_back(std::move(h));
  });

  if (in.qdisk_status && quorum_field(*in.qdisk_status, "Device")) {
    const std::string& q = *in.qdisk_status;
    auto name_of = [&](const std::string& id) {
      for (const auto& h : out.hosts)
        if (std::to_string(h.id) == id) return h.name;
      return id;
    };
    QuorumDisk d;
    d.device = quorum_field(q, "Device").value_or("");
    d.state = quorum_field(q, "State").value_or("");
    std::string master = quorum_field(q, "Master").value_or("-");
    d.master = master == "-" || master == "0" ? "" : name_of(master);
    d.host = in.local_host;
    std::sscanf(quorum_field(q, "Score").value_or("").c_str(), "%ld/%ld (minimum %ld)", &d.score, &d.score_max,
                &d.min_score);
    d.cast_vote = quorum_field(q, "Cast vote").value_or("") == "yes";
    std::istringstream ids(quorum_field(q, "Online on disk").value_or(""));
    for (std::string id; ids >> id;)
      if (id != "-") d.online.push_back(name_of(id));
    std::istringstream lines(q);
    for (std::string line; std::getline(lines, line);) {
      char state[16] = "", seen[16] = "";
      unsigned node = 0;
      QuorumDiskHost h;
      if (std::sscanf(line.c_str(), "Host %u: %15[^,], score %ld/%ld, %15s", &node, state, &h.score, &h.score_max,
                      seen) != 5)
        continue;
      h.host = name_of(std::to_string(node));
      h.state = state;
      h.seen = seen;
      d.hosts.push_back(std::move(h));
    }
    out.cluster.quorum_disk = d;
  }

  // The last successful fencing of each host.
  each(result->FirstChildElement("fence_history"), "fence_event", [&](const XMLElement* f) {
    if (attr(f, "status") != "success") return;
    for (auto& h : out.hosts) {
      if (h.name != attr(f, "target")) continue;
      std::string when = attr(f, "completed");
      if (h.fenced_at.empty() ||
          parse_pacemaker_time(when).value_or(0) > parse_pacemaker_time(h.fenced_at).value_or(0)) {
        h.fenced_at = when;
        h.fenced_by = attr(f, "delegate");
      }
    }
  });

  // Migration progress the agent publishes on the source: vmha-migration-GUEST = "PCT,REMAINING_MIB,RATE_MIB_S".
  std::map<std::string, MigrationProgress> progress;
  each(result->FirstChildElement("node_attributes"), "node", [&](const XMLElement* n) {
    each(n, "attribute", [&](const XMLElement* a) {
      std::string name = attr(a, "name");
      if (name.rfind(kProgressPrefix, 0) != 0) return;
      MigrationProgress p;
      if (std::sscanf(attr(a, "value").c_str(), "%d,%lld,%lld", &p.percent, &p.remaining_mib, &p.rate_mib_s) == 3)
        progress[name.substr(std::strlen(kProgressPrefix))] = p;
    });
  });

  // The newest successful start or migrate_from of each resource, and where.
  std::map<std::string, std::pair<std::time_t, Transition>> placed;
  each(result->FirstChildElement("node_history"), "node", [&](const XMLElement* n) {
    each(n, "resource_history", [&](const XMLElement* rh) {
      each(rh, "operation_history", [&](const XMLElement* op) {
        std::string task = attr(op, "task");
        if ((task != "start" && task != "migrate_from") || attr(op, "rc") != "0") return;
        std::time_t t = ctime_seconds(attr(op, "last-rc-change"));
        auto& slot = placed[attr(rh, "id")];
        if (!slot.second.host.empty() && slot.first >= t) return;
        slot = {t, Transition{task == "migrate_from" ? "migration" : "start", attr(n, "name"),
                              attr(op, "last-rc-change"), t}};
      });
    });
  });

  // Fail counts and the last failure of each resource.
  std::map<std::string, long long> fail_counts;
  each(result->FirstChildElement("node_history"), "node", [&](const XMLElement* n) {
    each(n, "resource_history", [&](const XMLElement* rh) {
      if (rh->Attribute("fail-count")) fail_counts[attr(rh, "id")] += score(attr(rh, "fail-count"));
    });
  });
  std::map<std::string, Failure> last_failures;
  std::map<std::string, std::string> last_failure_key;  // ISO time, sortable
  each(result->FirstChildElement("failures"), "failure", [&](const XMLElement* f) {
    std::string key = f->Attribute("op_key") ? attr(f, "op_key") : attr(f, "id");
    std::string suffix = "_" + attr(f, "task") + "_" + attr(f, "interval");
    if (key.size() <= suffix.size() || key.compare(key.size() - suffix.size(), suffix.size(), suffix) != 0) return;
    std::string rsc = key.substr(0, key.size() - suffix.size());
    std::string when = attr(f, "last-rc-change");
    if (last_failure_key.count(rsc) && last_failure_key[rsc] > when) return;
    last_failure_key[rsc] = when;
    Failure fl;
    fl.host = attr(f, "node");
    fl.task = attr(f, "task");
    fl.exit_code = static_cast<int>(std::strtol(attr(f, "exitcode").c_str(), nullptr, 10));
    fl.exit_status = attr(f, "exitstatus");
    fl.exit_reason = attr(f, "exitreason");
    fl.when = when;
    last_failures[rsc] = fl;
  });

  const XMLElement* constraints = ix.configuration->FirstChildElement("constraints");
  const auto tags = tags_of(ix.configuration);
  each_resource(result->FirstChildElement("resources"), [&](const XMLElement* r) {
    std::string id = attr(r, "id");
    std::vector<std::string> on;
    each(r, "node", [&](const XMLElement* n) { on.push_back(attr(n, "name")); });
    // Capacity used: every resource Pacemaker placed there counts, as in its own placement.
    auto use = nvpairs(section(ix, id, "utilization"));
    if (attr_true(r, "active")) {
      for (const auto& hn : on)
        for (auto& h : out.hosts)
          if (h.name == hn)
            for (auto& c : h.utilization) c.used += use.count(c.name) ? use[c.name] : 0;
    }
    if (!is_guest_agent(attr(r, "resource_agent"))) return;
    Guest g;
    g.name = id;
    g.agent = attr(r, "resource_agent");
    g.hosts = on;
    g.enabled = attr(r, "target_role") != "Stopped";
    g.fail_count = fail_counts[id];
    if (last_failures.count(id)) g.last_failure = last_failures[id];
    g.state = state_of(r, g.fail_count > 0);
    g.frozen = !attr_true(r, "managed") || meta_true(ix, id, "maintenance") || monitors_disabled(ix, id);
    g.migratable = meta_true(ix, id, "allow-migrate");
    g.pins = pins_of(constraints, id, now);
    g.domain = domain_of(constraints, tags, id);
    if (g.domain)
      for (const auto& dh : g.domain->hosts)
        if (const Host* h = out.find_host(dh); h && h->state == HostState::online) {
          g.preferred_host = dh;
          break;
        }
    g.freeze_meta = freeze_meta_of(ix, id);
    if (progress.count(id) && g.state == GuestState::migrating) g.progress = progress[id];
    if (placed.count(id) && g.running() && placed[id].second.host == g.host()) {
      Transition t = placed[id].second;
      bool operator_pin = std::any_of(g.pins.begin(), g.pins.end(),
                                      [&](const Pin& p) { return p.prefer && !p.expired && p.host == t.host; });
      if (operator_pin)
        t.kind = "operator";
      else if (t.kind == "start" && (g.fail_count > 0 || (!g.preferred_host.empty() && g.preferred_host != t.host)))
        t.kind = "failover";
      g.last_transition = t;
    }
    for (auto& h : out.hosts)
      if (std::find(on.begin(), on.end(), h.name) != on.end()) h.guests.push_back(id);
    out.guests.push_back(std::move(g));
  });
  return out;
}

}  // namespace vmha::admin
