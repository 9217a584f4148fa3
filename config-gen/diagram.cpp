#include "diagram.hpp"

#include <graphviz/gvc.h>

#include <map>
#include <memory>

namespace vmha::config {

namespace {

// A DOT string's contents: quotes and backslashes escaped (a backslash starts DOT's own escapes).
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out + "\"";
}

// A label of several lines (DOT's \n between them, each line escaped).
std::string lines(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) {
    std::string line = quoted(part);
    out += (out.empty() ? "" : "\\n") + line.substr(1, line.size() - 2);
  }
  return "\"" + out + "\"";
}

std::string options_text(const Options& options) {
  std::string out;
  for (const auto& [name, value] : options) out += (out.empty() ? "" : ", ") + name + " " + value;
  return out;
}

std::string id(const char* kind, const std::string& name) { return quoted(std::string(kind) + ":" + name); }

constexpr const char* kFailedColour = "#c62828";
constexpr const char* kMovedColour = "#1565c0";

}  // namespace

std::string diagram_dot(const Topology& t, const DiagramOverlay* overlay) {
  std::map<std::string, std::string> before, after, reason;
  if (overlay) {
    for (const auto& g : overlay->before.guests) before[g.guest] = g.host;
    for (const auto& g : overlay->after.guests) {
      after[g.guest] = g.host;
      reason[g.guest] = g.reason;
    }
  }
  std::string title = "cluster " + t.cluster.get_or("name", "");
  if (overlay) {
    std::size_t moved = 0, stopped = 0;
    for (const auto& [guest, host] : after)
      if (host.empty() && !before[guest].empty())
        ++stopped;
      else if (!host.empty() && host != before[guest])
        ++moved;
    auto count = [](std::size_t n, const char* one, const char* many) {
      return std::to_string(n) + " " + (n == 1 ? one : many);
    };
    title += ": if " + overlay->failed + " fails, " + count(moved, "guest moves", "guests move") + ", " +
             count(stopped, "stays stopped", "stay stopped") + " (Pacemaker's scheduler)";
  }
  std::string out = "digraph " + quoted(t.cluster.get_or("name", "cluster")) + " {\n";
  out += "  graph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", fontsize=14, nodesep=0.25, ranksep=1.1, label=" +
         quoted(title) + "];\n";
  out += "  node [fontname=\"Helvetica\", fontsize=11, style=filled, fillcolor=white];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n";

  // Guests, leftmost: each to its failover domain (or, without one, any host).
  for (const auto& g : t.guests) {
    std::vector<std::string> label{g.name()};
    if (!g.utilization.empty()) label.push_back(options_text(g.utilization));
    if (auto p = g.settings.get("priority")) label.push_back("priority " + *p);
    if (!g.settings.get_bool("protected").value_or(true)) label.push_back("not protected");
    std::string style = "shape=ellipse";
    if (overlay) {
      const std::string& now = after[g.name()];
      if (now.empty() && !before[g.name()].empty()) {
        label.push_back("stays stopped: " + reason[g.name()]);
        style += std::string(", fillcolor=\"#ffcdd2\", color=") + quoted(kFailedColour);
      } else if (!now.empty() && now != before[g.name()]) {
        label.push_back(before[g.name()].empty() ? "was stopped" : "was on " + before[g.name()]);
        label.push_back("then on " + now);
        style += std::string(", fillcolor=\"#bbdefb\", color=") + quoted(kMovedColour);
      }
    }
    out += "  " + id("guest", g.name()) + " [" + style + ", label=" + lines(label) + "];\n";
    if (auto d = g.settings.get("domain")) out += "  " + id("guest", g.name()) + " -> " + id("domain", *d) + ";\n";
    for (const auto& [first, mark] : g.start_after)
      out += "  " + id("guest", first) + " -> " + id("guest", g.name()) +
             " [style=dotted, constraint=false, label=\"starts before\"];\n";
  }

  // Failover domains, each to its hosts with their priorities.
  for (const auto& d : t.domains) {
    std::vector<std::string> flags;
    for (const char* flag : {"ordered", "restricted", "nofailback"})
      if (d.flag(flag)) flags.emplace_back(flag);
    std::string kind;
    for (const auto& f : flags) kind += (kind.empty() ? "" : ", ") + f;
    out += "  " + id("domain", d.name()) + " [shape=folder, fillcolor=\"#fff8e1\", label=" +
           lines({"domain " + d.name(), kind.empty() ? "unordered" : kind}) + "];\n";
    for (const auto& m : d.members) {
      std::string label = d.flag("ordered")
                              ? "priority " + std::to_string(m.settings.get_int("priority").value_or(kLowestPriority))
                              : "";
      out += "  " + id("domain", d.name()) + " -> " + id("host", m.node()) + " [label=" + quoted(label) + "];\n";
    }
  }

  // Hosts, each to its fence devices by method (in the order they are tried), and to the quorum disk.
  for (const auto& n : t.nodes) {
    // A remote host: no corosync member, no vote; drawn dashed, its connection's port in the label.
    std::vector<std::string> label{
        n.name(), n.remote() ? "remote host, port " +
                                   std::to_string(n.settings.get_int("remote_port").value_or(kDefaultRemotePort))
                             : "node id " + std::to_string(n.id())};
    if (!n.utilization.empty()) label.push_back(options_text(n.utilization));
    if (!n.reserve.empty()) label.push_back("reserve " + options_text(n.reserve));
    std::string style = n.remote() ? "shape=box, style=\"rounded,filled,dashed\", fillcolor=\"#e8f5e9\""
                                   : "shape=box, style=\"rounded,filled\", fillcolor=\"#e3f2fd\"";
    if (overlay) {
      std::size_t guests = 0;
      for (const auto& [guest, host] : after) guests += host == n.name();
      if (n.name() == overlay->failed) {
        label.push_back("FAILED (fenced)");
        style = std::string("shape=box, style=\"rounded,filled,bold\", fillcolor=\"#ffcdd2\", color=") +
                quoted(kFailedColour);
      } else {
        label.push_back(std::to_string(guests) + " guests after the failure");
      }
    }
    out += "  " + id("host", n.name()) + " [" + style + ", label=" + lines(label) + "];\n";
    for (std::size_t level = 0; level < n.fencing.size(); ++level) {
      const auto& method = n.fencing[level];
      for (const auto& use : method.devices) {
        // Methods are tried in order; cman names them "1", "2", ... as often as not.
        std::string name = method.settings.get_or("method", "");
        std::string label =
            name == std::to_string(level + 1) ? "method " + name : std::to_string(level + 1) + ". method " + name;
        if (auto port = use.settings.get("port")) label += ", port " + *port;
        out += "  " + id("host", n.name()) + " -> " + id("fence", use.device()) + " [label=" + quoted(label) + "];\n";
      }
    }
    if (t.quorum_disk && !n.remote())
      out += "  " + id("host", n.name()) + " -> \"quorum-disk\" [style=dotted, arrowhead=none];\n";
  }

  for (const auto& f : t.fence_devices)
    out += "  " + id("fence", f.name()) + " [shape=component, fillcolor=\"#eeeeee\", label=" +
           lines({"fence " + f.name(), f.settings.get_or("agent", "")}) + "];\n";

  if (t.quorum_disk) {
    const auto& q = *t.quorum_disk;
    std::vector<std::string> label{"quorum disk"};
    if (auto device = q.settings.get("device")) label.push_back(*device);
    if (auto name = q.settings.get("label")) label.push_back("label " + *name);
    label.push_back("votes " + std::to_string(quorum_disk_votes(t)));
    for (const auto& h : q.heuristics)
      label.push_back("heuristic " + h.settings.get_or("name", h.settings.get_or("program", "")));
    out += "  \"quorum-disk\" [shape=cylinder, fillcolor=\"#f3e5f5\", label=" + lines(label) + "];\n";
  }

  // The plan overlaid: where each guest runs after the failure (moves in colour, bold).
  if (overlay)
    for (const auto& g : t.guests) {
      const std::string& now = after[g.name()];
      if (now.empty()) continue;
      bool moved = now != before[g.name()];
      out += "  " + id("guest", g.name()) + " -> " + id("host", now) + " [constraint=false, " +
             (moved ? std::string("color=") + quoted(kMovedColour) + ", penwidth=2, label=\"after the failure\""
                    : std::string("style=dashed, color=\"#9e9e9e\", arrowsize=0.5")) +
             "];\n";
    }
  return out + "}\n";
}

std::optional<std::string> render_graph(const std::string& dot, const std::string& format, std::string& error) {
  agseterr(AGERR);  // Graphviz's warnings are not the administrator's business; its errors are
  std::unique_ptr<GVC_t, int (*)(GVC_t*)> context(gvContext(), gvFreeContext);
  if (!context) {
    error = "Graphviz: cannot start (gvContext)";
    return std::nullopt;
  }
  std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> graph(agmemread(dot.c_str()), agclose);
  if (!graph) {
    error = "Graphviz cannot read the generated graph";
    return std::nullopt;
  }
  if (gvLayout(context.get(), graph.get(), "dot") != 0) {
    error = "Graphviz: the dot layout failed";
    return std::nullopt;
  }
  char* data = nullptr;
  unsigned int length = 0;
  int rc = gvRenderData(context.get(), graph.get(), format.c_str(), &data, &length);
  std::optional<std::string> out;
  if (rc == 0 && data)
    out = std::string(data, length);
  else
    error = "Graphviz cannot draw " + format + " (its plugin is missing?)";
  if (data) gvFreeRenderData(data);
  gvFreeLayout(context.get(), graph.get());
  return out;
}

}  // namespace vmha::config
