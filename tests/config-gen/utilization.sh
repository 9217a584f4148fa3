#!/usr/bin/env bash
# Utilization placement with the guest agent's own attributes. Under placement-strategy=utilization a
# capacity a node does not declare is 0; the agent (ours and heartbeat's VirtualDomain) writes cpu,
# host_memory and hv_memory on each guest at its first monitor unless autoset_utilization_NAME=false.
# So: generate a CIB, let the cluster settle, write what the first monitor would write (crm_resource,
# as the agent does, honouring the CIB's autoset parameters), and ask Pacemaker's scheduler again:
# every guest must stay placed, nothing stopped "due to node availability".
. "$VMHA_SOURCE_DIR/tests/config-gen/common.sh"
export VMHA_IPMI_PASSWORD=ipmi-password

# The guest primitives (every primitive but the fence devices) of a CIB, at least one.
guests_of() {
  local ids
  ids=$(xmllint --xpath "//resources/primitive[not(@class='stonith')]/@id" "$1" 2>/dev/null | sed 's/ id="\([^"]*\)"/\1\n/g')
  [ -n "$ids" ] || { echo "no guests in $1" >&2; return 1; }
  echo "$ids"
}
# monitor_writes CIB CPU MIB: on every guest, what the agent's monitor writes for a guest of CPU vCPUs
# and MIB MiB (agents/utilization.cpp), unless that guest's autoset_utilization_NAME is false.
monitor_writes() {
  local cib=$1 cpu=$2 mib=$3 guest name value guests
  guests=$(guests_of "$cib") || return 1
  for guest in $guests; do
    for name in cpu host_memory hv_memory; do
      [ "$(CIB_file=$cib crm_resource -r "$guest" -g "autoset_utilization_$name" 2>/dev/null)" = false ] && continue
      if [ "$name" = cpu ]; then value=$cpu; else value=$mib; fi
      CIB_file=$cib crm_resource -r "$guest" --utilization -p "$name" -v "$value" >/dev/null 2>&1 || return 1
    done
  done
}
# Every guest of CIB runs (crm_mon's view of the simulated state).
all_running() {
  local cib=$1 guest guests
  guests=$(guests_of "$cib") || return 1
  for guest in $guests; do
    CIB_file=$cib crm_resource --locate -r "$guest" 2>&1 | grep -q "is running on" || { echo "$guest is not running"; return 1; }
  done
}
not_in() { ! grep -q "$1" "$2"; }
# settle CIB NAME: bring every node up, then the agent's first monitor, then the scheduler again.
settle() {
  local cib=$1 name=$2
  check "$name: every host comes up" 0 bootstrap "$cib" "$work/$name-up.xml"
  expect "$name: every guest starts" all_running "$work/$name-up.xml"
  check "$name: the first monitor writes the agent's utilization" 0 monitor_writes "$work/$name-up.xml" 2 4096
  crm_simulate -x "$work/$name-up.xml" -S -O "$work/$name-measured.xml" >"$work/$name.transition" 2>&1
  expect "$name: nothing is stopped due to node availability" not_in "due to node availability" "$work/$name.transition"
  expect "$name: no guest is stopped" not_in "Stop  *[a-z]" "$work/$name.transition"
  expect "$name: every guest still runs" all_running "$work/$name-measured.xml"
  # The same sizes at a cold start (the attributes stay in the CIB across a cluster restart).
  cp "$cib" "$work/$name-cold.xml"
  check "$name: a cluster that starts with those sizes" 0 monitor_writes "$work/$name-cold.xml" 2 4096
  check "$name: ... brings every host up" 0 bootstrap "$work/$name-cold.xml" "$work/$name-cold-up.xml"
  expect "$name: ... and places every guest" all_running "$work/$name-cold-up.xml"
}

# examples/three-node.yaml: hosts offer cpu and memory, db1 and app1 are sized in the topology, web1
# and web2 are measured by the agent.
check "generate three-node.yaml's CIB" 0 "$vmha_config" generate "$VMHA_SOURCE_DIR/examples/three-node.yaml" --target cib -o "$work/three.xml"
expect "hosts offer the agent's names" grep -q 'name="host_memory" value="16384"' "$work/three.xml"
expect "  ... and hv_memory" grep -q 'name="hv_memory" value="16384"' "$work/three.xml"
expect "  ... and no 'memory' the agent never writes" not_in 'name="memory"' "$work/three.xml"
settle "$work/three.xml" three-node
expect "db1 keeps its size from the topology (the agent does not overwrite it)" \
  [ "$(CIB_file=$work/three-node-measured.xml crm_resource -r db1 --utilization -g hv_memory 2>/dev/null)" = 8192 ]
expect "web1 got the agent's measure" \
  [ "$(CIB_file=$work/three-node-measured.xml crm_resource -r web1 --utilization -g hv_memory 2>/dev/null)" = 4096 ]

# An exclusive guest and no host capacities: only vmha's guest slots. The agent must not write sizes
# no host offers; the exclusive guest still runs alone.
cat >"$work/exclusive.yaml" <<'YAML'
cluster: {name: ex}
fence_devices: [{name: pdu, agent: fence_apc, password: pw, options: {ipaddr: 192.0.2.9}}]
nodes:
  - {name: n1, id: 1, fencing: [{method: power, devices: [{device: pdu, port: "1"}]}]}
  - {name: n2, id: 2, fencing: [{method: power, devices: [{device: pdu, port: "2"}]}]}
guests:
  - {name: big, path: /vm, exclusive: true}
  - {name: a, path: /vm}
  - {name: b, path: /vm}
YAML
check "generate the exclusive topology's CIB" 0 "$vmha_config" generate "$work/exclusive.yaml" --target cib -o "$work/exclusive.xml"
settle "$work/exclusive.xml" exclusive
big_on=$(CIB_file=$work/exclusive-measured.xml crm_resource --locate -r big 2>&1 | sed -n 's/.*is running on: //p')
others=$(for g in a b; do CIB_file=$work/exclusive-measured.xml crm_resource --locate -r $g 2>&1 | sed -n 's/.*is running on: //p'; done | sort -u)
expect "the exclusive guest runs alone (big on $big_on, the others on $others)" [ -n "$big_on" -a "$others" != "" -a "${others/$big_on/}" = "$others" ]

# Exclusive guests beside host capacities: slots and the agent's sizes together.
sed 's/{name: n1, id: 1,/{name: n1, id: 1, utilization: {cpu: 4, memory: 8192},/; s/{name: n2, id: 2,/{name: n2, id: 2, utilization: {cpu: 4, memory: 8192},/' \
  "$work/exclusive.yaml" >"$work/mixed.yaml"
check "generate the mixed topology's CIB" 0 "$vmha_config" generate "$work/mixed.yaml" --target cib -o "$work/mixed.xml"
expect "hosts offer slots and the agent's names" grep -q 'name="vmha-guest-slots" value="3"' "$work/mixed.xml"
settle "$work/mixed.xml" mixed

# What validate refuses: a host that offers less than the others declare, memory given twice.
cat >"$work/uneven.yaml" <<'YAML'
cluster: {name: u}
fence_devices: [{name: pdu, agent: fence_apc, password: pw, options: {ipaddr: 192.0.2.9}}]
nodes:
  - {name: n1, id: 1, utilization: {cpu: 4, memory: 8192}, fencing: [{method: p, devices: [{device: pdu, port: "1"}]}]}
  - {name: n2, id: 2, utilization: {cpu: 4}, fencing: [{method: p, devices: [{device: pdu, port: "2"}]}]}
  - {name: n3, id: 3, utilization: {cpu: 4, memory: 1, hv_memory: 2}, fencing: [{method: p, devices: [{device: pdu, port: "3"}]}]}
guests:
  - {name: g, path: /vm, utilization: {disk: 1}}
YAML
check "validate refuses uneven capacities" 1 "$vmha_config" validate "$work/uneven.yaml"
for line in \
  "uneven.yaml:5:5: error: node 'n2' declares no utilization 'memory' (node 'n1' does): Pacemaker would take it as 0 and place no guest there; declare memory: 0 if that is meant" \
  "uneven.yaml:6:5: error: utilization of node 'n3': memory is host_memory and hv_memory together; give memory or those two" \
  "uneven.yaml:8:5: error: guest 'g' uses utilization 'disk' but no node declares a capacity for it"; do
  expect "reports: $line" grep -qF "$line" <<<"$last_output"
done
finish
