// Topologies shared by the unit tests, as YAML text.
#pragma once
#include <string>

#include "topology_reader.hpp"

namespace vmha::config::testing {

// Three hosts, one domain of each kind, one guest per domain.
inline const char* kThreeHosts = R"(cluster: {name: c3}
fence_devices:
  - {name: pdu, agent: fence_apc, password: secret, options: {ipaddr: 10.0.0.1}}
  - {name: manual, agent: fence_manual}
nodes:
  - name: n1
    id: 1
    fencing:
      - {method: power, devices: [{device: pdu, port: "1"}]}
      - {method: human, devices: [{device: manual, options: {nodename: n1}}]}
  - name: n2
    id: 2
    fencing:
      - {method: power, devices: [{device: pdu, port: "2"}]}
      - {method: human, devices: [{device: manual, options: {nodename: n2}}]}
  - {name: n3, id: 3}
failover_domains:
  - {name: ord, ordered: true, restricted: true, nodes: [{node: n1, priority: 1}, {node: n2, priority: 2}]}
  - {name: sticky, ordered: true, nofailback: true, nodes: [{node: n2, priority: 1}, {node: n3, priority: 3}]}
  - {name: any, nodes: [n1, n3]}
guests:
  - {name: g1, domain: ord, path: /vms}
  - {name: g2, domain: sticky, xmlfile: /vms/g2.xml}
  - {name: g3, domain: any, path: /vms}
)";

inline Topology parse(const std::string& yaml) {
  ReadResult r = read_topology(yaml);
  if (!r.diagnostics.empty()) throw std::runtime_error(r.diagnostics.format("test.yaml"));
  return r.topology;
}

}  // namespace vmha::config::testing
