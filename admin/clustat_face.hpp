// clustat, rgmanager's status command, over the vmha model of a Pacemaker cluster: its options,
// text layout, XML (clustat -x) and exit codes as rgmanager 3 (RHEL 6) had them. Guests are the
// services "vm:NAME". Pure: the adapter (main.cpp) reads the cluster and prints what this returns.
#pragma once
#include <ctime>
#include <string>
#include <vector>

#include "status_model.hpp"

namespace vmha::admin {

struct ClustatOptions {
  int interval = 0;          // -i S: redraw every S seconds
  bool long_format = false;  // -l
  std::string member;        // -m HOST
  std::string service;       // -s SERVICE
  bool xml = false;          // -x
  bool quorum_only = false;  // -Q
  bool node_id = false;      // -I
  bool fast = false;         // -f (accepted; vmha has no cluster.conf merge to skip)
  bool version = false;      // -v
};

struct ClustatArgs {
  ClustatOptions options;
  bool stop = false;  // print `output` and exit with `exit_code` without reading the cluster
  int exit_code = 0;
  std::string output;
};

ClustatArgs parse_clustat_args(const std::string& argv0, const std::vector<std::string>& args);
std::string clustat_usage(const std::string& argv0);

struct ClustatResult {
  std::string output;
  int exit_code = 0;
};

// `cols` is the terminal's width (80 when not a terminal), `now` the time printed in the header.
ClustatResult render_clustat(const ClusterStatus&, const ClustatOptions&, std::time_t now, int cols);

// rgmanager's service state numbers (resgroup.h) and names (rg_strings.c) for a guest.
int rg_state_number(const Guest&);
const char* rg_state_name(int number);

}  // namespace vmha::admin
