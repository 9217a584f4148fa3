#include "clusvcadm_face.hpp"

#include <vmha/version.hpp>

namespace vmha::admin {
namespace {

// One row per option: the parser and the usage text come from here (getopt letters of rgmanager).
struct ClusvcadmOption {
  char letter;
  bool takes_value;
  const char* value_name;
  const char* help;
};
constexpr ClusvcadmOption kOptions[] = {
    {'d', true, "<group>",
     "Disable <group>.  This stops a group\n                       until an administrator enables it again."},
    {'e', true, "<group>", "Enable <group>"},
    {'F', false, "",
     "Use with -e: start on a host of its failover domain\n                       (Pacemaker's placement; the "
     "default)"},
    {'m', true, "<member>", "Use with -e, -r, -M: the member to run it on"},
    {'n', true, "<member>", "The same as -m"},
    {'r', true, "<group>", "Relocate <group> to <member> (-m): stop, start there"},
    {'M', true, "<group>", "Migrate <group> live to <member> (-m)"},
    {'R', true, "<group>", "Restart a group in place"},
    {'Z', true, "<group>", "Freeze resource group: no status checks, no recovery"},
    {'U', true, "<group>", "Unfreeze resource group"},
    {'q', false, "", "Quiet operation"},
    {'v', false, "", "Display version and exit"},
    {'h', false, "", "Display this help and exit"},
};

std::string base_name(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

const char* verb(GuestAction a) {
  switch (a) {
    case GuestAction::enable:
      return "trying to enable";
    case GuestAction::disable:
      return "disabling";
    case GuestAction::restart:
      return "trying to restart";
    case GuestAction::freeze:
      return "freezing";
    case GuestAction::unfreeze:
      return "unfreezing";
    case GuestAction::relocate:
      return "relocate";
    case GuestAction::migrate:
      return "migrate";
    case GuestAction::unpin:
      return "unpin";
  }
  return "";
}

}  // namespace

std::string clusvcadm_usage(const std::string& argv0) {
  std::string out = "usage: " + base_name(argv0) + " [command]\n\nResource Group Control Commands:\n";
  for (const auto& o : kOptions) {
    std::string left = std::string("-") + o.letter + (o.takes_value ? std::string(" ") + o.value_name : "");
    left.resize(std::max<size_t>(left.size() + 1, 18), ' ');
    out += "  " + left + " " + o.help + "\n";
  }
  return out + "\nGroups are the guests, named vm:NAME.\n";
}

ClusvcadmArgs parse_clusvcadm_args(const std::string& argv0, const std::vector<std::string>& args) {
  ClusvcadmArgs r;
  auto stop = [&](int code, std::string out) {
    r.stop = true;
    r.exit_code = code;
    r.output = std::move(out);
    return r;
  };
  bool have_action = false, by_domain = false, version = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() < 2 || a[0] != '-' || a == "--") return stop(1, clusvcadm_usage(argv0));
    for (size_t k = 1; k < a.size(); ++k) {
      const ClusvcadmOption* o = nullptr;
      for (const auto& opt : kOptions)
        if (opt.letter == a[k]) o = &opt;
      if (!o) return stop(1, clusvcadm_usage(argv0));
      std::string value;
      if (o->takes_value) {
        if (k + 1 < a.size())
          value = a.substr(k + 1);
        else if (i + 1 < args.size())
          value = args[++i];
        else
          return stop(1, clusvcadm_usage(argv0));
        k = a.size();
      }
      auto action = [&](GuestAction act) {
        have_action = true;
        r.request.action = act;
        r.service = value;
      };
      switch (o->letter) {
        case 'e':
          action(GuestAction::enable);
          break;
        case 'd':
          action(GuestAction::disable);
          break;
        case 'r':
          action(GuestAction::relocate);
          break;
        case 'M':
          action(GuestAction::migrate);
          break;
        case 'R':
          action(GuestAction::restart);
          break;
        case 'Z':
          action(GuestAction::freeze);
          break;
        case 'U':
          action(GuestAction::unfreeze);
          break;
        case 'm':
        case 'n':
          r.request.host = value;
          r.member_given = true;
          break;
        case 'F':
          by_domain = true;
          break;
        case 'q':
          r.quiet = true;
          break;
        case 'v':
          version = true;
          break;
        case 'h':
          return stop(0, clusvcadm_usage(argv0));
      }
    }
  }
  if (version) return stop(0, base_name(argv0) + " version " + vmha::version + " (vmha, over Pacemaker)\n");
  if (!have_action) return stop(1, clusvcadm_usage(argv0));
  if (by_domain && r.member_given) return stop(1, "Cannot use '-F' with '-n' or '-m'\n");
  if (r.request.action == GuestAction::migrate && !r.member_given)
    return stop(1, "Migration requires a target cluster member\n");
  if (r.request.action == GuestAction::relocate && !r.member_given)
    return stop(1, "Relocation requires a target cluster member (-m): Pacemaker places a guest itself\n");
  if (r.member_given && r.request.action != GuestAction::enable && r.request.action != GuestAction::relocate &&
      r.request.action != GuestAction::migrate)
    r.request.host.clear();  // rgmanager sent -d/-R/-Z/-U to that member; the cluster here is one
  // vm:NAME names the guest NAME; a bare NAME is the guest's resource id (rgmanager would have
  // made it service:NAME, and vmha has no service: services).
  const std::string& sv = r.service;
  r.request.guest = sv.rfind("vm:", 0) == 0 ? sv.substr(3) : sv;
  if (sv.find(':') != std::string::npos && sv.rfind("vm:", 0) != 0) r.request.guest = sv;  // no such guest
  return r;
}

std::string clusvcadm_member_problem(const ClusterStatus& s, const ClusvcadmArgs& a) {
  if (!a.member_given) return "";
  const std::string& m = a.request.host;
  if (const Host* h = s.find_host(m)) {
    if (a.request.action == GuestAction::migrate && (h->state == HostState::offline || h->state == HostState::unclean))
      return "'" + m + "' is offline\n";
    return "";
  }
  std::string out = "'" + m + "' not in membership list\n";
  std::vector<std::string> matches;
  for (const auto& h : s.hosts)
    if (h.name.rfind(m, 0) == 0) matches.push_back(h.name);
  if (matches.size() == 1)
    out += "Closest match: '" + matches[0] + "'\n";
  else if (matches.empty())
    out += "No matches for '" + m + "' found\n";
  else
    out += "More than one possible match for '" + m + "' found\n";
  return out;
}

std::string clusvcadm_prefix(const ClusvcadmArgs& a) {
  const GuestAction act = a.request.action;
  std::string svc = a.service.find(':') == std::string::npos ? "vm:" + a.service : a.service;
  if (act == GuestAction::relocate || act == GuestAction::migrate)
    return std::string("Trying to ") + verb(act) + " " + svc + (a.request.host.empty() ? "" : " to " + a.request.host) +
           "...";
  if (a.member_given && act == GuestAction::enable)
    return "Member " + a.request.host + " " + verb(act) + " " + svc + "...";
  return std::string("Local machine ") + verb(act) + " " + svc + "...";
}

int rg_code(Refusal r, GuestAction act) {
  switch (r) {
    case Refusal::none:
      return 0;
    case Refusal::nothing_to_do:
      return act == GuestAction::enable ? -10 : 0;
    case Refusal::inquorate:
      return -9;
    case Refusal::no_such_guest:
      return -4;
    case Refusal::bad_host:
      return -12;
    case Refusal::outside_domain:
      return -7;
    case Refusal::frozen:
      return -11;
    case Refusal::busy:
      return -6;
    case Refusal::invalid:
      return -8;
  }
  return -1;
}

const char* rg_strerror(int code) {
  switch (code) {
    case 0:
      return "Success";
    case -1:
      return "Failure";
    case -2:
      return "Aborted; service failed";
    case -4:
      return "Service does not exist";
    case -6:
      return "Temporary failure; try again";
    case -7:
      return "Operation violates dependency rule";
    case -8:
      return "Invalid operation for resource";
    case -9:
      return "Operation requires quorum";
    case -10:
      return "Service is already running";
    case -11:
      return "Failure: Service is frozen";
    case -12:
      return "Target node dead / nonexistent";
  }
  return "Failure";
}

int rg_exit(int code) { return code == -10 ? 0 : code & 0xff; }

std::string clusvcadm_now_running(const ClusvcadmArgs& a, const ClusterStatus& after) {
  if (a.request.action != GuestAction::enable && a.request.action != GuestAction::relocate) return "";
  const Guest* g = after.find_guest(a.request.guest);
  if (!g || !g->running()) return "";
  bool elsewhere = a.member_given && g->host() != a.request.host;
  return std::string(elsewhere ? "Warning: " : "") + "vm:" + g->name + " is now running on " + g->host() + "\n";
}

}  // namespace vmha::admin
