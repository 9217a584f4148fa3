#!/usr/bin/env bash
# Prints a large topology: HOSTS hosts, GUESTS guests, DOMAINS failover domains of 8 hosts each
# (ordered; every other one restricted; every fourth one nofailback). Guests are spread round-robin.
#   make-topology.sh [HOSTS=64] [GUESTS=5000] [DOMAINS=16]
hosts=${1:-64} guests=${2:-5000} domains=${3:-16}
awk -v hosts="$hosts" -v guests="$guests" -v domains="$domains" 'BEGIN {
  print "cluster: {name: bench}"
  print "fence_devices:"
  print "  - {name: pdu, agent: fence_apc, password: pw, options: {ipaddr: 10.0.0.1}}"
  print "nodes:"
  for (h = 1; h <= hosts; h++)
    printf "  - {name: host%d, id: %d, fencing: [{method: power, devices: [{device: pdu, port: \"%d\"}]}]}\n", h, h, h
  print "failover_domains:"
  for (d = 0; d < domains; d++) {
    printf "  - name: dom%d\n    ordered: true\n    restricted: %s\n    nofailback: %s\n    nodes:\n", d, (d % 2 ? "true" : "false"), (d % 4 == 3 ? "true" : "false")
    for (k = 0; k < 8; k++) printf "      - {node: host%d, priority: %d}\n", (4 * d + k) % hosts + 1, k + 1
  }
  print "guests:"
  for (g = 0; g < guests; g++) printf "  - {name: vm%d, domain: dom%d, path: /vms}\n", g, g % domains
}'
