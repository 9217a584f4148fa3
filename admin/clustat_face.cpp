#include "clustat_face.hpp"

#include <vmha/version.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace vmha::admin {
namespace {

// One row per option: getopt's letters, the usage text and the parser all come from here.
struct ClustatOption {
  char letter;
  bool takes_value;
  const char* value_name;
  const char* help;
};
constexpr ClustatOption kOptions[] = {
    {'i', true, "<interval>", "Refresh every <interval> seconds.  May not be used\n                       with -x."},
    {'I', false, "", "Display local node ID and exit"},
    {'m', true, "<member>", "Display status of <member> and exit"},
    {'s', true, "<service>", "Display status of <service> and exit"},
    {'v', false, "", "Display version and exit"},
    {'x', false, "", "Dump information as XML"},
    {'Q', false, "", "Return 0 if quorate, 1 if not (no output)"},
    {'f', false, "", "Enable fast clustat reports"},
    {'l', false, "", "Use long format for services"},
    {'h', false, "", "Display this help and exit"},
};

const ClustatOption* find_option(char c) {
  for (const auto& o : kOptions)
    if (o.letter == c) return &o;
  return nullptr;
}

std::string base_name(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string fit(const std::string& s, int width) {  // printf's %-*.*s
  if (width <= 0) return "";
  std::string out = s.substr(0, static_cast<size_t>(width));
  out.resize(static_cast<size_t>(width), ' ');
  return out;
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string ctime_text(std::time_t t) {  // ctime() without its newline
  char buf[32];
  std::tm tm{};
  localtime_r(&t, &tm);
  std::strftime(buf, sizeof buf, "%a %b %e %H:%M:%S %Y", &tm);
  return buf;
}

constexpr int kMaxHostName = 64;
constexpr int kStopped = 110, kStarting = 111, kStarted = 112, kStopping = 113, kFailed = 114, kDisabled = 119,
              kMigrating = 120;
constexpr int kFlagFrozen = 1;

std::string service_name(const Guest& g) { return "vm:" + g.name; }

// rgmanager shows the last owner in parentheses for services that do not run.
bool shows_last_owner(int state) { return state == kStopped || state == kDisabled || state == kFailed; }
std::string owner_of(const Guest& g) { return g.host().empty() ? "none" : g.host(); }
std::string last_owner_of(const Guest& g) {
  if (!g.host().empty()) return g.host();
  return g.last_failure ? g.last_failure->host : "none";
}

bool service_matches(const Guest& g, const std::string& wanted) {
  // vm:NAME as rgmanager named it; a bare NAME is the guest's resource id (see docs/operations.md).
  return wanted == service_name(g) || wanted == g.name;
}

// When the guest last came to run where it runs (crm_mon's operation history); 0 when unknown.
std::time_t last_transition(const Guest& g) { return g.last_transition ? g.last_transition->at : 0; }

bool service_ok(int state) { return state == kStarting || state == kStarted || state == kStopping; }

std::string member_status(const Host& h, bool master_present) {
  bool up = h.state != HostState::offline && h.state != HostState::unclean;
  std::string s = up ? "Online" : "Offline";
  if (h.local) s += ", Local";
  // A host that runs Pacemaker is where rgmanager would have run; the DC decides, as RG-Master did.
  if (up) s += master_present ? (h.is_dc ? ", RG-Master" : ", RG-Worker") : ", rgmanager";
  return s;
}

}  // namespace

int rg_state_number(const Guest& g) {
  switch (g.state) {
    case GuestState::started:
      return kStarted;
    case GuestState::stopped:
      return kStopped;
    case GuestState::disabled:
      return kDisabled;
    case GuestState::failed:
      return kFailed;
    case GuestState::migrating:
      return kMigrating;
    case GuestState::starting:
      return kStarting;
    case GuestState::stopping:
      return kStopping;
  }
  return kStopped;
}

const char* rg_state_name(int n) {
  static const char* const names[] = {"stopped",  "starting",    "started",    "stopping", "failed",   "uninitialized",
                                      "checking", "recoverable", "recovering", "disabled", "migrating"};
  return n >= 110 && n <= 120 ? names[n - 110] : "unknown";
}

std::string clustat_usage(const std::string& argv0) {
  std::string out = "usage: " + base_name(argv0) + " <options>\n";
  for (const auto& o : kOptions) {
    std::string left = std::string("-") + o.letter + (o.takes_value ? std::string(" ") + o.value_name : "");
    out += "    " + fit(left, 18) + " " + o.help + "\n";
  }
  return out + "\n";
}

ClustatArgs parse_clustat_args(const std::string& argv0, const std::vector<std::string>& args) {
  ClustatArgs r;
  auto usage_exit = [&](int code) {
    r.stop = true;
    r.exit_code = code;
    r.output = clustat_usage(argv0);
    return r;
  };
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() < 2 || a[0] != '-' || a == "--") return usage_exit(1);
    for (size_t k = 1; k < a.size(); ++k) {
      const ClustatOption* o = find_option(a[k]);
      if (!o) return usage_exit(a[k] == '?' ? 0 : 1);
      std::string value;
      if (o->takes_value) {
        if (k + 1 < a.size())
          value = a.substr(k + 1);
        else if (i + 1 < args.size())
          value = args[++i];
        else
          return usage_exit(1);
        k = a.size();
      }
      switch (o->letter) {
        case 'i':
          r.options.interval = std::atoi(value.c_str());
          if (r.options.interval <= 0) r.options.interval = 1;
          break;
        case 'I':
          r.options.node_id = true;
          break;
        case 'm':
          r.options.member = value;
          break;
        case 's':
          r.options.service = value;
          break;
        case 'v':
          r.options.version = true;
          break;
        case 'x':
          if (r.options.interval) {
            r.stop = true;
            r.exit_code = 1;
            r.output = "Error: Options '-i' and '-x' are mutually exclusive\n";
            return r;
          }
          r.options.xml = true;
          break;
        case 'Q':
          r.options.quorum_only = true;
          break;
        case 'f':
          r.options.fast = true;
          break;
        case 'l':
          r.options.long_format = true;
          break;
        case 'h':
          return usage_exit(0);
      }
    }
  }
  if (r.options.version) {
    r.stop = true;
    r.output = base_name(argv0) + " version " + vmha::version + " (vmha, over Pacemaker)\n";
  }
  return r;
}

ClustatResult render_clustat(const ClusterStatus& s, const ClustatOptions& opt, std::time_t now, int cols) {
  ClustatResult r;
  std::string& o = r.output;
  if (opt.quorum_only) {
    r.exit_code = s.cluster.quorate ? 0 : 1;
    return r;
  }
  if (opt.node_id) {
    for (const auto& h : s.hosts) {
      if (!h.local) continue;
      char buf[16];
      std::snprintf(buf, sizeof buf, "0x%08x\n", static_cast<unsigned>(h.id));
      o = buf;
      return r;
    }
    o = "Could not determine the local node ID\n";
    r.exit_code = 1;
    return r;
  }
  const bool master_present = !s.cluster.dc.empty();
  const bool want_member = !opt.member.empty(), want_service = !opt.service.empty();
  const int nodesize = std::min(cols / 2, kMaxHostName);
  const int svcsize = std::min((cols - 20) / 2, kMaxHostName), ownersize = svcsize, statsize = 14;

  if (opt.xml) {
    int member_rc = 0, service_rc = 0;
    o += "<?xml version=\"1.0\"?>\n<clustat version=\"4.1.1\">\n";
    if (!want_member && !want_service) {
      o += "  <cluster name=\"" + xml_escape(s.cluster.name) + "\" id=\"0\" generation=\"0\"/>\n";
      bool local_up = std::any_of(s.hosts.begin(), s.hosts.end(), [](const Host& h) {
        return h.local && h.state != HostState::offline && h.state != HostState::unclean;
      });
      o += std::string("  <quorum quorate=\"") + (s.cluster.quorate ? "1" : "0") + "\" groupmember=\"" +
           (s.cluster.quorate && local_up ? "1" : "0") + "\"/>\n";
    }
    if (!want_service || want_member) {
      o += "  <nodes>\n";
      for (const auto& h : s.hosts) {
        if (want_member && h.name != opt.member) continue;
        bool up = h.state != HostState::offline && h.state != HostState::unclean;
        char id[16];
        std::snprintf(id, sizeof id, "0x%08x", static_cast<unsigned>(h.id));
        o += "    <node name=\"" + xml_escape(h.name) + "\" state=\"" + (up ? "1" : "0") + "\" local=\"" +
             (h.local ? "1" : "0") + "\" estranged=\"0\" rgmanager=\"" + (up ? "1" : "0") + "\" rgmanager_master=\"" +
             (up && h.is_dc ? "1" : "0") + "\" qdisk=\"0\" nodeid=\"" + id + "\"/>\n";
        if (want_member) member_rc = up ? 0 : 1;
      }
      o += "  </nodes>\n";
    }
    if (!want_member || want_service) {
      o += "  <groups>\n";
      for (const auto& g : s.guests) {
        if (want_service && !service_matches(g, opt.service)) continue;
        int st = rg_state_number(g);
        o += "    <group name=\"" + xml_escape(service_name(g)) + "\" state=\"" + std::to_string(st) +
             "\" state_str=\"" + rg_state_name(st) + "\" flags=\"" + std::to_string(g.frozen ? kFlagFrozen : 0) +
             "\" flags_str=\"" + (g.frozen ? "frozen" : "") + "\" owner=\"" + xml_escape(owner_of(g)) +
             "\" last_owner=\"" + xml_escape(last_owner_of(g)) + "\" restarts=\"" + std::to_string(g.fail_count) +
             "\" last_transition=\"" + std::to_string(last_transition(g)) + "\" last_transition_str=\"" +
             ctime_text(last_transition(g)) + "\"/>\n";
        if (want_service && !service_ok(st)) service_rc = st;
      }
      o += "  </groups>\n";
    }
    o += "</clustat>\n";
    if (want_member && member_rc)
      r.exit_code = member_rc;
    else if (want_service && service_rc)
      r.exit_code = service_rc;
    return r;
  }

  int member_rc = 0, service_rc = 0;
  if (!want_member && !want_service) {
    o += "Cluster Status for " + s.cluster.name + " @ " + ctime_text(now) + "\n";
    o += std::string("Member Status: ") + (s.cluster.quorate ? "Quorate" : "Inquorate") + "\n\n";
  }
  auto member_header = [&] {
    o += " " + fit("Member Name", nodesize) + fit("ID", 4) + " Status\n";
    o += " " + fit("------ ----", nodesize) + fit("----", 4) + " ------\n";
  };
  if (!want_service || want_member) {
    if (!want_member) {
      member_header();
      for (const auto& h : s.hosts) {
        char id[16];
        std::snprintf(id, sizeof id, "%4ld ", h.id);
        o += " " + fit(h.name, nodesize) + " " + id + member_status(h, master_present) + "\n";
      }
      o += "\n";
    } else {
      member_rc = -1;
      for (const auto& h : s.hosts) {
        if (h.name != opt.member) continue;
        member_header();
        char id[16];
        std::snprintf(id, sizeof id, "%4ld ", h.id);
        o += " " + fit(h.name, nodesize) + " " + id + member_status(h, master_present) + "\n";
        member_rc = (h.state == HostState::offline || h.state == HostState::unclean) ? 1 : 0;
        break;
      }
    }
  }
  if (!want_member || want_service) {
    auto service_header = [&] {
      o += " " + fit("Service Name", svcsize) + " " + fit("Owner (Last)", ownersize) + " " + fit("State", statsize) +
           "\n";
      o += " " + fit("------- ----", svcsize) + " " + fit("----- ------", ownersize) + " " + fit("-----", statsize) +
           "\n";
    };
    if (want_service) service_rc = -1;
    if (opt.long_format)
      o += "Service Information\n------- -----------\n\n";
    else if (!want_service)
      service_header();
    for (const auto& g : s.guests) {
      if (want_service && !service_matches(g, opt.service)) continue;
      int st = rg_state_number(g);
      if (opt.long_format) {
        o += "Service Name      : " + service_name(g) + "\n";
        o += std::string("  Current State   : ") + rg_state_name(st) + " (" + std::to_string(st) + ")\n";
        o += g.frozen ? "  Flags           : frozen (1)\n" : "  Flags           : none (0)\n";
        o += "  Owner           : " + owner_of(g) + "\n";
        o += "  Last Owner      : " + last_owner_of(g) + "\n";
        o += "  Last Transition : " + ctime_text(last_transition(g)) + "\n\n";
      } else {
        if (want_service) service_header();
        std::string owner =
            shows_last_owner(st)
                ? "(" + last_owner_of(g).substr(0, static_cast<size_t>(std::max(0, ownersize - 2))) + ")"
                : owner_of(g);
        std::string state = g.frozen ? fit(rg_state_name(st), statsize - 3) + "[Z]" : rg_state_name(st);
        o += " " + fit(service_name(g), svcsize) + " " + fit(owner, ownersize) + " " + fit(state, statsize) + "\n";
      }
      if (want_service) service_rc = service_ok(st) ? 0 : st;
    }
  }
  if (want_member && member_rc)
    r.exit_code = member_rc & 0xff;
  else if (want_service && service_rc)
    r.exit_code = service_rc & 0xff;
  return r;
}

}  // namespace vmha::admin
