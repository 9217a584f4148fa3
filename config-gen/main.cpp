// vmha-config: one YAML topology → cluster.conf, Pacemaker CIB and corosync.conf.
// The thin adapter: files, arguments, exit codes. Decisions live in the library.
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <vector>

#include "atomic_file.hpp"
#include "canonical_xml.hpp"
#include "cib_writer.hpp"
#include "cluster_conf_reader.hpp"
#include "cluster_conf_writer.hpp"
#include "command_line.hpp"
#include "corosync_conf_writer.hpp"
#include "diagram.hpp"
#include "input_file.hpp"
#include "keys.hpp"
#include "libvirt_lock_writer.hpp"
#include "limits.hpp"
#include "output_paths.hpp"
#include "plan.hpp"
#include "secrets.hpp"
#include "suggest.hpp"
#include "topology_reader.hpp"
#include "topology_writer.hpp"
#include "validate.hpp"
#include "vmha/version.hpp"

using namespace vmha::config;

namespace {

constexpr int kInvalid = 1;
constexpr int kUsage = 2;

const CliCommand kDiagram{
    "diagram",
    "TOPOLOGY",
    "diagram draws the topology with Graphviz: hosts, failover domains with their priorities, guests,\n"
    "fence devices and their methods, the quorum disk.\n",
    {{"--output", "-o", "FILE", "write the picture to FILE (replaced atomically); without -o, stdout"},
     {"--failed", nullptr, "HOST",
      "overlay HOST's failure as Pacemaker's scheduler plans it (vmha-config plan):\nwhich host takes "
      "which guest, which guests stay stopped and why"},
     {"--format", nullptr, "FORMAT", "svg (the default), png, or dot (the graph itself, for Graphviz's tools)"}}};

const std::string kUsageText =
    "usage: vmha-config generate TOPOLOGY --target cluster.conf|cib|corosync.conf|all|libvirt [-o DIR/|FILE] "
    "[--templates]\n"
    "       vmha-config validate TOPOLOGY [--plan]\n"
    "       vmha-config plan TOPOLOGY [--failures K] [--json] [--jobs N] [--timeout S] [--save-cib FILE]\n"
    "       " +
    cli_usage_line(kDiagram) + "\n" +
    "       vmha-config import CLUSTER.CONF [-o TOPOLOGY]\n"
    "       vmha-config compare A.conf B.conf    (cluster.conf files, semantically)\n"
    "       vmha-config keys                     (every topology key, as markdown)\n"
    "       vmha-config --help | --version\n";

const std::string kHelpText =
    "\n"
    "generate writes the configurations a topology (YAML) describes:\n"
    "  -t, --target T     cluster.conf, cib (Pacemaker), corosync.conf, or all three; libvirt: each\n"
    "                     host's lock manager (storage leases), qemu.conf.lock_manager and qemu-lockd.conf,\n"
    "                     fragments to merge into /etc/libvirt/ on every host (needs -o DIR)\n"
    "  -o, --output PATH  a directory (created when missing), each target under its usual name; for a\n"
    "                     single target any other PATH is the file itself (end it with / for a directory).\n"
    "                     Without -o a single target goes to stdout.\n"
    "  --templates        CIB guests share class, operations and meta-attributes through resource\n"
    "                     templates (a smaller CIB, for crmsh; pcs 0.11 cannot show or edit them)\n"
    "  --no-templates     every guest primitive in full, as pcs writes them (the default)\n"
    "Load a generated CIB into a new or a running cluster with\n"
    "  cibadmin --replace --scope configuration --xml-file cib.xml   (or: pcs cluster cib-push cib.xml --config)\n"
    "validate checks a topology for every target; a password it cannot find is a warning there.\n"
    "  --plan             also warn when one failed host would leave a protected guest stopped\n"
    "plan asks Pacemaker's scheduler (crm_simulate on the generated CIB) where every guest runs with\n"
    "every host up and with every set of up to K failed hosts (default 1), which guests stay stopped and\n"
    "why, and each host's load; exit 1 when a protected guest would stay stopped.\n"
    "  --failures K       up to K hosts fail at once\n"
    "  --json             the plan as JSON (docs/topology.md describes it)\n"
    "  --jobs N           crm_simulate processes at once (default: one per CPU)\n"
    "  --timeout S        a failure scenario the scheduler has not answered in S seconds is reported\n"
    "                     as that scenario's error (exit 1) instead of waiting (default: no limit)\n"
    "  --save-cib FILE    keep the CIB the failure scenarios start from (every host up, settled)\n" +
    cli_help(kDiagram) +
    "Errors are printed as FILE:LINE:COLUMN: error: WHAT; the exit status is 0 done, 1 for bad input or a\n"
    "failure, 2 for bad usage. Nothing is written unless every output could be generated; files are\n"
    "replaced atomically.\n";

struct Target {
  const char* name;
  const char* file;
  std::string (*write)(const Topology&, const CibOptions&);
  bool may_hold_secrets;
};
const Target kTargets[] = {
    {"cluster.conf", "cluster.conf", [](const Topology& t, const CibOptions&) { return write_cluster_conf(t); }, true},
    {"cib", "cib.xml", [](const Topology& t, const CibOptions& o) { return write_cib(t, o); }, true},
    {"corosync.conf", "corosync.conf", [](const Topology& t, const CibOptions&) { return write_corosync_conf(t); },
     false},
    // Not part of all (the cluster stack's three): each host's libvirt, two fragments.
    {"libvirt", "qemu.conf.lock_manager",
     [](const Topology& t, const CibOptions&) { return write_qemu_conf_fragment(t); }, false},
    {"libvirt", "qemu-lockd.conf", [](const Topology& t, const CibOptions&) { return write_qemu_lockd_conf(t); },
     false},
};

int usage(const std::string& why) {
  std::cerr << "vmha-config: " << why << "\n" << kUsageText;
  return kUsage;
}

int help() {
  std::cout << kUsageText << kHelpText;
  return 0;
}

bool asks_for_help(const std::vector<std::string>& args) {
  for (const auto& arg : args)
    if (arg == "--help" || arg == "-h") return true;
  return false;
}

bool read_file(const std::string& path, std::string& out) {
  std::string error;
  auto text = read_input_file(path, {limits::kInputBytes}, error);
  if (!text) {
    std::cerr << format_line(path, {{}, error}, "error");
    return false;
  }
  out = std::move(*text);
  return true;
}

std::string directory_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

// What a command needs of the topology: the CIB's own checks; its passwords (Required:
// a missing one is an error; Warn: validate, a warning; Skip: no target holds one).
enum class Secrets { Required, Warn, Skip };
struct LoadOptions {
  bool cib = true;
  Secrets secrets = Secrets::Required;
};

// Reads, checks and resolves a topology; prints every warning and error, and returns nullopt on an error.
std::optional<Topology> load_topology(const std::string& path, LoadOptions options) {
  std::string text;
  if (!read_file(path, text)) return std::nullopt;
  ReadResult result = read_topology(text);
  Diagnostics warnings;
  if (result.diagnostics.empty()) validate(result.topology, result.diagnostics, &warnings, {options.cib});
  if (result.diagnostics.empty() && options.secrets != Secrets::Skip) {
    RealSecretSource source;
    resolve_secrets(result.topology, source, directory_of(path), result.diagnostics,
                    options.secrets == Secrets::Warn ? &warnings : nullptr);
  }
  std::cerr << warnings.format(path, "warning");
  if (!result.diagnostics.empty()) {
    std::cerr << result.diagnostics.format(path);
    return std::nullopt;
  }
  return std::move(result.topology);
}

int generate(const std::vector<std::string>& args) {
  std::string topology_path, target, out_path;
  CibOptions cib_options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if ((args[i] == "--target" || args[i] == "-t") && i + 1 < args.size())
      target = args[++i];
    else if (args[i] == "--templates")
      cib_options.templates = true;
    else if (args[i] == "--no-templates")
      cib_options.templates = false;
    else if ((args[i] == "-o" || args[i] == "--output") && i + 1 < args.size())
      out_path = args[++i];
    else if (topology_path.empty() && args[i][0] != '-')
      topology_path = args[i];
    else
      return usage("unexpected argument '" + args[i] + "'");
  }
  if (topology_path.empty()) return usage("generate needs a TOPOLOGY file");
  std::vector<const Target*> chosen;
  for (const auto& t : kTargets)
    if (target == t.name || (target == "all" && std::strcmp(t.name, "libvirt") != 0)) chosen.push_back(&t);
  if (chosen.empty()) return usage("--target must be cluster.conf, cib, corosync.conf, all or libvirt");
  if (chosen.size() > 1 && out_path.empty())
    return usage("--target " + target + " needs -o DIR (it writes several files)");
  std::vector<std::string> file_names;
  for (const auto* t : chosen) file_names.emplace_back(t->file);
  OutputPlan plan = plan_outputs(out_path, path_kind(out_path), file_names);
  if (!out_path.empty() && !plan.usage_error.empty()) return usage(plan.usage_error);

  LoadOptions load{false, Secrets::Skip};
  for (const auto* t : chosen) {
    load.cib = load.cib || std::strcmp(t->name, "cib") == 0;
    if (t->may_hold_secrets) load.secrets = Secrets::Required;
  }
  auto topology = load_topology(topology_path, load);
  if (!topology) return kInvalid;
  // cman's cluster.conf has no remote hosts: every clusternode is a member. Refused rather than
  // written without them (their guests would have fewer hosts than the topology says).
  for (const auto* t : chosen)
    if (std::strcmp(t->name, "cluster.conf") == 0 && topology->has_remote_hosts()) {
      Diagnostics refusal;
      for (const auto& node : topology->nodes)
        if (node.remote())
          refusal.error(node.settings.mark_of("remote"),
                        "node '" + node.name() +
                            "' is remote: true; cluster.conf (cman) has no remote hosts: generate --target cib and "
                            "--target corosync.conf instead");
      std::cerr << refusal.format(topology_path);
      return kInvalid;
    }
  // Generate everything first: a failure must not leave some files new and others old.
  std::vector<std::pair<const Target*, std::string>> outputs;
  for (const auto* t : chosen) outputs.emplace_back(t, t->write(*topology, cib_options));
  if (out_path.empty()) {
    std::cout << outputs.front().second;
    return 0;
  }
  // Every output is generated; now every file goes to a temporary beside its target, and only
  // when all are written are they renamed: a full disk or a target that is a directory leaves
  // everything as it was.
  std::vector<FileToWrite> files;
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const auto& [t, text] = outputs[i];
    if (std::string error = make_parent_directories(plan.files[i]); !error.empty()) {
      std::cerr << "vmha-config: error: " << error << "\n";
      return kInvalid;
    }
    files.push_back({plan.files[i], text, t->may_hold_secrets && has_secrets(*topology) ? mode_t{0600} : mode_t{0644}});
  }
  if (std::string error = write_files_atomically(files); !error.empty()) {
    std::cerr << "vmha-config: error: " << error << "\n";
    return kInvalid;
  }
  return 0;
}

int validate_command(const std::vector<std::string>& args) {
  std::string path;
  bool with_plan = false;
  for (const auto& arg : args) {
    if (arg == "--plan")
      with_plan = true;
    else if (path.empty() && arg[0] != '-')
      path = arg;
    else
      return usage("unexpected argument '" + arg + "'");
  }
  if (path.empty()) return usage("validate needs exactly one TOPOLOGY file");
  auto topology = load_topology(path, {true, Secrets::Warn});
  if (!topology) return kInvalid;
  if (with_plan) {
    std::string error;
    Plan plan = run_plan(*topology, PlanOptions{}, error);
    if (!error.empty()) {
      std::cerr << "vmha-config: error: " << error << "\n";
      return kInvalid;
    }
    for (const auto& s : plan.scenarios)
      if (!s.broken().empty() || !s.error.empty()) {
        std::string guests;
        for (const auto& g : s.broken()) guests += (guests.empty() ? "" : ", ") + g;
        std::string what = s.failed.empty() ? "with every host up" : "if " + s.failed.front() + " fails";
        std::cerr << path << ": warning: " << what << ", "
                  << (s.error.empty() ? guests + " would stay stopped" : s.error) << " (vmha-config plan " << path
                  << ")\n";
      }
  }
  std::cout << path << ": valid\n";
  return 0;
}

int plan_command(const std::vector<std::string>& args) {
  std::string path;
  PlanOptions options;
  bool json = false;
  auto count = [](const std::string& text, int low, int& out) {
    try {
      std::size_t end = 0;
      out = std::stoi(text, &end);
      return end == text.size() && out >= low;
    } catch (...) {
      return false;
    }
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--json")
      json = true;
    else if ((args[i] == "--failures" || args[i] == "-k") && i + 1 < args.size()) {
      if (!count(args[++i], 0, options.failures)) return usage("--failures needs a number of hosts, 0 or more");
    } else if (args[i] == "--save-cib" && i + 1 < args.size()) {
      options.save_cib = args[++i];
    } else if (args[i] == "--timeout" && i + 1 < args.size()) {
      if (!count(args[++i], 1, options.scenario_timeout))
        return usage("--timeout needs a number of seconds, 1 or more");
    } else if (args[i] == "--jobs" && i + 1 < args.size()) {
      if (!count(args[++i], 1, options.jobs)) return usage("--jobs needs a number, 1 or more");
    } else if (path.empty() && args[i][0] != '-')
      path = args[i];
    else
      return usage("unexpected argument '" + args[i] + "'");
  }
  if (path.empty()) return usage("plan needs a TOPOLOGY file");
  auto topology = load_topology(path, {true, Secrets::Skip});
  if (!topology) return kInvalid;
  if (static_cast<std::size_t>(options.failures) >= topology->nodes.size() && !topology->nodes.empty())
    options.failures = static_cast<int>(topology->nodes.size()) - 1;  // all hosts down needs no scheduler
  if (failure_sets(*topology, options.failures).size() > 100000)
    return usage("--failures " + std::to_string(options.failures) + " gives more than 100000 scenarios");
  std::string error;
  Plan plan = run_plan(*topology, options, error);
  if (!error.empty()) {
    std::cerr << "vmha-config: error: " << error << "\n";
    return kInvalid;
  }
  std::cout << (json ? format_plan_json(plan) : format_plan_text(plan));
  return plan.survives() ? 0 : kInvalid;
}

int diagram_command(const std::vector<std::string>& args) {
  CliArguments parsed = cli_parse(kDiagram, args);
  if (!parsed.error.empty()) return usage(parsed.error);
  if (parsed.operands.size() != 1) return usage("diagram needs exactly one TOPOLOGY file");
  const std::string& path = parsed.operands.front();
  std::string format = parsed.has("--format") ? parsed.get("--format") : "svg";
  if (format != "svg" && format != "png" && format != "dot") return usage("--format must be svg, png or dot");
  auto topology = load_topology(path, {true, Secrets::Skip});
  if (!topology) return kInvalid;
  std::optional<DiagramOverlay> overlay;
  if (parsed.has("--failed")) {
    std::string host = parsed.get("--failed");
    if (!topology->find_node(host)) {
      std::vector<std::string> names;
      std::string list;
      for (const auto& n : topology->nodes) {
        names.push_back(n.name());
        list += (list.empty() ? "" : ", ") + n.name();
      }
      auto near = closest(host, names);
      std::cerr << "vmha-config: error: --failed " << host << ": " << path << " has no such host"
                << (near ? " (did you mean " + *near + "?)" : " (its hosts: " + list + ")") << "\n";
      return kInvalid;
    }
    PlanOptions options;
    options.only = {{host}};
    std::string error;
    Plan plan = run_plan(*topology, options, error);
    if (error.empty() && plan.scenarios.size() == 2 && !plan.scenarios[1].error.empty())
      error = plan.scenarios[1].error;
    if (!error.empty()) {
      std::cerr << "vmha-config: error: " << error << "\n";
      return kInvalid;
    }
    overlay = DiagramOverlay{host, plan.scenarios[0], plan.scenarios[1]};
  }
  std::string picture = diagram_dot(*topology, overlay ? &*overlay : nullptr);
  if (format != "dot") {
    std::string error;
    auto drawn = render_graph(picture, format, error);
    if (!drawn) {
      std::cerr << "vmha-config: error: " << error << "\n";
      return kInvalid;
    }
    picture = std::move(*drawn);
  }
  if (!parsed.has("--output")) {
    std::cout << picture;
    return 0;
  }
  if (std::string error = write_file_atomically(parsed.get("--output"), picture, 0644); !error.empty()) {
    std::cerr << "vmha-config: error: " << error << "\n";
    return kInvalid;
  }
  return 0;
}

int import_command(const std::vector<std::string>& args) {
  std::string in_path, out_path;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if ((args[i] == "-o" || args[i] == "--output") && i + 1 < args.size())
      out_path = args[++i];
    else if (in_path.empty() && args[i][0] != '-')
      in_path = args[i];
    else
      return usage("unexpected argument '" + args[i] + "'");
  }
  if (in_path.empty()) return usage("import needs a cluster.conf file");
  std::string text;
  if (!read_file(in_path, text)) return kInvalid;
  ImportResult result = read_cluster_conf(text);
  for (const auto& note : result.not_imported) std::cerr << format_line(in_path, note, "note");
  // A cluster.conf without fencing still converts (a warning): the administrator adds it before generate.
  constexpr ValidateOptions kImportChecks{.cib = false, .fencing_required = false};
  Diagnostics warnings;
  if (result.diagnostics.empty()) validate(result.topology, result.diagnostics, &warnings, kImportChecks);
  std::cerr << warnings.format(in_path, "warning");
  if (!result.diagnostics.empty()) {
    std::cerr << result.diagnostics.format(in_path);
    return kInvalid;
  }
  std::string yaml = write_topology(result.topology, "Imported by vmha-config from " + in_path);
  // What import writes, its own validate must accept: read it back before anyone sees it.
  ReadResult back = read_topology(yaml);
  if (back.diagnostics.empty()) validate(back.topology, back.diagnostics, nullptr, kImportChecks);
  if (!back.diagnostics.empty()) {
    std::cerr << format_line(
        in_path, {{}, "cannot carry this cluster.conf into a topology: " + back.diagnostics.errors().front().message},
        "error");
    return kInvalid;
  }
  if (out_path.empty()) {
    std::cout << yaml;
    return 0;
  }
  std::string error = write_file_atomically(out_path, yaml, has_secrets(result.topology) ? 0600 : 0644);
  if (!error.empty()) {
    std::cerr << "vmha-config: error: " << error << "\n";
    return kInvalid;
  }
  return 0;
}

int compare_command(const std::vector<std::string>& args) {
  if (args.size() != 2) return usage("compare needs two cluster.conf files");
  std::string canonical[2];
  for (int i = 0; i < 2; ++i) {
    std::string text, error;
    if (!read_file(args[i], text)) return kUsage;
    int line = 0;
    auto form = canonical_cluster_conf(text, error, &line);
    if (!form) {
      std::cerr << format_line(args[i], {{line, 1}, error.substr(error.find(": ") + 2)}, "error");
      return kUsage;
    }
    canonical[i] = *form;
  }
  if (canonical[0] == canonical[1]) {
    std::cout << "equivalent\n";
    return 0;
  }
  std::istringstream a(canonical[0]), b(canonical[1]);
  std::string line_a, line_b;
  while (true) {
    bool more_a = static_cast<bool>(std::getline(a, line_a)), more_b = static_cast<bool>(std::getline(b, line_b));
    if (!more_a) line_a = "(end)";
    if (!more_b) line_b = "(end)";
    if (line_a != line_b || (!more_a && !more_b)) break;
  }
  std::cout << "differ:\n- " << args[0] << ": " << line_a << "\n+ " << args[1] << ": " << line_b << "\n";
  return kInvalid;
}

int keys_command() {
  const std::pair<const char*, KeyTable> sections[] = {{"cluster", keys::cluster},
                                                       {"cluster.fence_daemon", keys::fence_daemon},
                                                       {"quorum", keys::quorum},
                                                       {"quorum.disk", keys::quorum_disk},
                                                       {"quorum.disk.heuristics[]", keys::heuristic},
                                                       {"fence_devices[]", keys::fence_device},
                                                       {"nodes[]", keys::node},
                                                       {"nodes[].fencing[]", keys::fence_method},
                                                       {"nodes[].fencing[].devices[]", keys::fence_device_use},
                                                       {"failover_domains[]", keys::domain},
                                                       {"failover_domains[].nodes[]", keys::domain_member},
                                                       {"guests[]", keys::guest},
                                                       {"storage", keys::storage},
                                                       {"cluster.limits", keys::limits}};
  const char* kinds[] = {"string", "integer", "boolean", "one of"};
  for (const auto& [section, table] : sections) {
    std::cout << "\n### `" << section << "`\n\n| key | type | cluster.conf | meaning |\n|---|---|---|---|\n";
    for (const auto& spec : table) {
      std::string type = kinds[static_cast<int>(spec.kind)];
      if (spec.kind == Kind::Choice) type += " " + std::string(spec.choices);
      if (spec.kind == Kind::Int && spec.max > spec.min)
        type += " " + std::to_string(spec.min) + ".." + std::to_string(spec.max);
      std::cout << "| `" << spec.key << "`" << (spec.required ? " (required)" : "") << " | " << type << " | "
                << (spec.cluster_conf.empty() ? "—" : "`" + std::string(spec.cluster_conf) + "`") << " | " << spec.help
                << " |\n";
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return usage("no command");
  std::string command = args.front();
  args.erase(args.begin());
  if (command == "--version") {
    std::cout << "vmha-config " << vmha::version << "\n";
    return 0;
  }
  if (command == "--help" || command == "-h" || command == "help" || asks_for_help(args)) return help();
  if (command == "generate") return generate(args);
  if (command == "validate") return validate_command(args);
  if (command == "plan") return plan_command(args);
  if (command == "diagram") return diagram_command(args);
  if (command == "import") return import_command(args);
  if (command == "compare") return compare_command(args);
  if (command == "keys") return keys_command();
  return usage("unknown command '" + command + "'");
}
